import type { Format, Role } from '../intake.js';
import type { PairKind } from '../mentorship.js';
import type { Pace } from './workingStyle.js';

/** What matching knows about one member: their answers, org facts and current load. */
export interface Participant {
  id: string;
  roles: readonly Role[];
  offered: readonly string[];
  wanted: readonly string[];
  /** Goal texts ("what" and "how you'll know"), for relevance. */
  goals: readonly string[];
  timeZone: string;
  availability: { days: readonly number[]; startMinute: number; endMinute: number };
  department: string | null;
  level: number | null;
  location: string | null;
  managerId: string | null;
  /** Most mentees at once, for those who give time. */
  capacity: number;
  /** Mentees they mentor right now (open matches). */
  load: number;
  /**
   * Their average session rating as a mentor (1–5), or null when fewer
   * people than the anonymity threshold have rated them.
   */
  rating?: number | null;
  /** How they like to meet and how often; absent or null: no preference, neutral in scoring. */
  format?: Format | null;
  pace?: Pace | null;
}

export type { PairKind } from '../mentorship.js';

/** Whether someone can be the receiving side of this kind of pair: a peer pair is mutual and takes one of their places too. */
export const mayReceive = (p: Pick<Participant, 'load' | 'capacity'>, kind: PairKind): boolean => kind !== 'peer' || p.load < p.capacity;

export const KIND_ROLES: Record<PairKind, { giver: Role; receiver: Role }> = {
  mentoring: { giver: 'mentor', receiver: 'mentee' },
  peer: { giver: 'peer', receiver: 'peer' },
  reverse: { giver: 'reverse_mentor', receiver: 'reverse_mentee' },
};

export const FACTORS = ['skills', 'goals', 'availability', 'timeZone', 'capacity', 'diversity', 'seniority', 'rating', 'format', 'pace'] as const;
export type Factor = (typeof FACTORS)[number];
export type Weights = Record<Factor, number>;

/** Defaults; MATCH_WEIGHTS in the configuration overrides any of them. */
export const DEFAULT_WEIGHTS: Weights = {
  skills: 0.35,
  goals: 0.15,
  availability: 0.15,
  timeZone: 0.05,
  capacity: 0.05,
  diversity: 0.05,
  seniority: 0.05,
  // Soft on purpose: a new mentor with no ratings scores as if average, so nobody is shut out.
  rating: 0.05,
  // How and how often people like to meet: enough to break near-ties, never enough to outweigh a skill.
  format: 0.05,
  pace: 0.05,
};
