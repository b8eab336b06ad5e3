import { type Interval, overlapMs, utcOffsetMinutes, windowIntervals } from '../localTime.js';
import type { Taxonomy } from '../taxonomy.js';
import { FACTORS, type Factor, type PairKind, type Participant, type Weights } from './participant.js';
import { REASON_MAX_ZONE_HOURS, REASON_MIN_SHARED_HOURS, type Reason } from './reasons.js';
import { formatValue, paceValue } from './workingStyle.js';

/**
 * Scores a (receiver, giver) pair from named, weighted factors, each in
 * [0, 1], and says why in words a person can read. Everything that can be
 * computed once per person is compiled first, because a program-wide round
 * scores every eligible pair.
 */

export interface ScoringContext {
  taxonomy: Taxonomy;
  weights: Weights;
  /** Overlap is measured over the week that starts now, in each person's own zone. */
  now: Date;
}

export interface PairScore {
  score: number;
  factors: Record<Factor, number>;
  /** Strongest first: the factors that added most to the score. */
  reasons: Reason[];
}

export interface ExplainOptions {
  /**
   * How many mentees the giver will have besides this receiver. A round
   * passes its own assignment, so two mentees of one mentor are not each
   * told the mentor has nobody else; self-serve uses today's load.
   */
  otherMentees?: number;
}

const WEEK_MS = 7 * 24 * 3_600_000;
/** Four shared hours a week is plenty for a monthly hour together; more adds nothing. */
const FULL_OVERLAP_HOURS = 4;
const STOPWORDS = new Set(
  'with that from will have more about first make work working able know when what into this their they your over than also some time year team good well better best help next each them being been very much many most ship ships does done says want through'.split(' '),
);

/**
 * A participant reduced to numbers for the hot path: a round scores every
 * eligible pair (20 million for 10,000 × 2,000), so skills are bit sets,
 * departments are integers, and nothing is allocated per pair.
 */
export interface CompiledParticipant {
  p: Participant;
  space: ScoringSpace;
  offeredBits: Uint32Array;
  offeredClusterBits: Uint32Array;
  wanted: Int32Array;
  /** The cluster of each wanted skill, in the same order. */
  wantedClusters: Int32Array;
  /** Skills the person's goals talk about, for goal relevance, and their clusters. */
  goalSkills: Int32Array;
  goalClusters: Int32Array;
  /** People who share a zone and hours share a calendar: overlap is computed per pair of calendars. */
  calendar: number;
  department: number;
  /** For in-person meetings, which need one place. */
  location: number;
}

/**
 * What the participants of one scoring context share: integer codes for
 * skills, clusters and departments, and the calendars (zone and hours) with
 * the overlap between each pair of them, computed once. Converting local
 * hours to instants goes through Intl and is slow; an office's people all
 * share one calendar.
 */
export class ScoringSpace {
  private readonly skillCodes = new Map<string, number>();
  private readonly clusterCodes = new Map<string, number>();
  private readonly departmentCodes = new Map<string, number>();
  private readonly locationCodes = new Map<string, number>();
  private readonly calendarCodes = new Map<string, number>();
  readonly calendars: { timeZone: string; intervals: Interval[]; offsetHours: number }[] = [];
  /** Per pair of calendars: shared hours in a week and zone distance in hours; NaN until computed. */
  private shared = new Float64Array(0);
  private distance = new Float64Array(0);
  private width = 0;

  constructor(readonly context: ScoringContext) {
    for (const skill of context.taxonomy.skills.values()) this.skill(skill.id);
  }

  skill(id: string): number {
    return code(this.skillCodes, id);
  }

  cluster(skillId: string): number {
    const cluster = this.context.taxonomy.skills.get(skillId)?.clusterId;
    return cluster === undefined ? -1 : code(this.clusterCodes, cluster);
  }

  department(name: string | null): number {
    return name === null ? -1 : code(this.departmentCodes, name.toLowerCase());
  }

  location(name: string | null): number {
    return name === null ? -1 : code(this.locationCodes, name.trim().toLowerCase());
  }

  calendar(p: Participant): number {
    const { days, startMinute, endMinute } = p.availability;
    const key = `${p.timeZone}|${days.join(',')}|${startMinute}|${endMinute}`;
    let n = this.calendarCodes.get(key);
    if (n === undefined) {
      const now = this.context.now;
      n = this.calendars.length;
      this.calendarCodes.set(key, n);
      this.calendars.push({
        timeZone: p.timeZone,
        intervals: windowIntervals(p.availability, p.timeZone, now, new Date(now.getTime() + WEEK_MS)),
        offsetHours: utcOffsetMinutes(p.timeZone, now) / 60,
      });
    }
    return n;
  }

  /** Index of the (a, b) cell, filling it the first time. */
  cell(a: number, b: number): number {
    if (Math.max(a, b) >= this.width) this.grow(Math.max(a, b) + 1);
    const i = a * this.width + b;
    if (Number.isNaN(this.shared[i])) {
      const x = this.calendars[a] as ScoringSpace['calendars'][number];
      const y = this.calendars[b] as ScoringSpace['calendars'][number];
      const diff = Math.abs(x.offsetHours - y.offsetHours) % 24;
      this.shared[i] = overlapMs(x.intervals, y.intervals) / 3_600_000;
      this.distance[i] = Math.min(diff, 24 - diff);
    }
    return i;
  }

  sharedHours(cell: number): number {
    return this.shared[cell] as number;
  }

  zoneDistance(cell: number): number {
    return this.distance[cell] as number;
  }

  private grow(needed: number): void {
    const width = Math.max(needed, this.width * 2, 64);
    const shared = new Float64Array(width * width).fill(Number.NaN);
    const distance = new Float64Array(width * width);
    for (let a = 0; a < this.width; a += 1) {
      shared.set(this.shared.subarray(a * this.width, (a + 1) * this.width), a * width);
      distance.set(this.distance.subarray(a * this.width, (a + 1) * this.width), a * width);
    }
    [this.shared, this.distance, this.width] = [shared, distance, width];
  }
}

function code(map: Map<string, number>, key: string): number {
  let n = map.get(key);
  if (n === undefined) map.set(key, (n = map.size));
  return n;
}

const spaces = new WeakMap<ScoringContext, ScoringSpace>();

function bits(codes: Iterable<number>): Uint32Array {
  const list = [...codes].filter((c) => c >= 0);
  const set = new Uint32Array(list.length === 0 ? 1 : (Math.max(...list) >>> 5) + 1);
  for (const c of list) set[c >>> 5] = (set[c >>> 5] as number) | (1 << (c & 31));
  return set;
}

/** Compiles a participant within a scoring context; participants of one context can be scored together. */
export function compileParticipant(p: Participant, context: ScoringContext): CompiledParticipant {
  let space = spaces.get(context);
  if (!space) spaces.set(context, (space = new ScoringSpace(context)));
  const s = space;
  const goalSkills = skillsMentioned(p.goals, context.taxonomy);
  return {
    p,
    space: s,
    offeredBits: bits(p.offered.map((id) => s.skill(id))),
    offeredClusterBits: bits(p.offered.map((id) => s.cluster(id))),
    wanted: Int32Array.from(p.wanted, (id) => s.skill(id)),
    wantedClusters: Int32Array.from(p.wanted, (id) => s.cluster(id)),
    goalSkills: Int32Array.from(goalSkills, (id) => s.skill(id)),
    goalClusters: Int32Array.from(goalSkills, (id) => s.cluster(id)),
    calendar: s.calendar(p),
    department: s.department(p.department),
    location: s.location(p.location),
  };
}

/** Skills whose names share a word stem with the goal texts: what goal relevance and the quality floor read. */
export function skillsMentioned(goals: readonly string[], taxonomy: Taxonomy): string[] {
  const stems = new Set(goals.flatMap(words).map((w) => w.slice(0, 4)));
  if (stems.size === 0) return [];
  let skillStems = stemsOf.get(taxonomy);
  if (!skillStems) stemsOf.set(taxonomy, (skillStems = [...taxonomy.skills.values()].map((s) => ({ id: s.id, stems: words(s.name).map((w) => w.slice(0, 4)) }))));
  return skillStems.filter((s) => s.stems.some((stem) => stems.has(stem))).map((s) => s.id);
}

const stemsOf = new WeakMap<Taxonomy, { id: string; stems: string[] }[]>();

function words(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length >= 4 && !STOPWORDS.has(w));
}

function has(set: Uint32Array, value: number): boolean {
  const word = value >>> 5;
  return value >= 0 && word < set.length && ((set[word] as number) & (1 << (value & 31))) !== 0;
}

/** Full credit for the same skill, half for another skill in the same cluster. */
function credit(skill: number, cluster: number, giver: CompiledParticipant): number {
  if (has(giver.offeredBits, skill)) return 1;
  return has(giver.offeredClusterBits, cluster) ? 0.5 : 0;
}

/** The average credit of a list of wanted skills (with their clusters) against one giver's offer. */
function averageCredit(skills: Int32Array, clusters: Int32Array, giver: CompiledParticipant): number {
  let sum = 0;
  for (let i = 0; i < skills.length; i += 1) sum += credit(skills[i] as number, clusters[i] as number, giver);
  return sum / skills.length;
}

export function seniorityValue(kind: PairKind, receiver: number | null, giver: number | null): number {
  if (receiver === null || giver === null) return 0.5;
  const gap = kind === 'reverse' ? receiver - giver : giver - receiver;
  if (kind === 'peer') return Math.abs(gap) === 0 ? 1 : 0.8;
  if (gap === 0) return 0.5;
  return gap <= 3 ? 1 : 0.7;
}

/*
 * The eight factors, each in [0, 1], one small function each. The round's
 * Shortlister reuses the per-giver ones and `combine`, and computes skill
 * credit along offer lists instead; test/unit/shortlist.test.ts holds the two
 * paths equal bit for bit.
 */
const skillFactor = (r: CompiledParticipant, g: CompiledParticipant) => (r.wanted.length === 0 ? 0 : averageCredit(r.wanted, r.wantedClusters, g));
const goalFactor = (r: CompiledParticipant, g: CompiledParticipant) => (r.goalSkills.length === 0 ? NO_GOAL_VALUE : averageCredit(r.goalSkills, r.goalClusters, g));
export const availabilityFactor = (space: ScoringSpace, cell: number) => Math.min(1, space.sharedHours(cell) / FULL_OVERLAP_HOURS);
export const timeZoneFactor = (space: ScoringSpace, cell: number) => 1 - Math.min(space.zoneDistance(cell), 12) / 12;
/** Each mentee a giver already has halves, thirds… the pull, so load spreads. */
export const capacityFactor = (g: Participant) => 1 / (1 + g.load);
const diversityFactor = (r: CompiledParticipant, g: CompiledParticipant) => (r.department >= 0 && g.department >= 0 ? (r.department !== g.department ? 1 : 0) : 0.5);
/** A mentor's rating history, 1–5 mapped to 0–1; neutral when too few people have rated them. */
export const ratingFactor = (g: Participant) => (g.rating === null || g.rating === undefined ? 0.5 : (g.rating - 1) / 4);
/** Format and pace: how the two like to meet and how often. */
export const formatFactor = (r: CompiledParticipant, g: CompiledParticipant) => formatValue(r.p.format, g.p.format, r.location >= 0 && r.location === g.location);
export const paceFactor = (r: Participant, g: Participant) => paceValue(r.pace, g.pace);
/** Goal relevance when the goals name no skill: neutral, so it moves nobody up or down. */
export const NO_GOAL_VALUE = 0.5;

/** Writes the factor values, in FACTORS order, into `out`. */
export function pairFactors(receiver: CompiledParticipant, giver: CompiledParticipant, kind: PairKind, out: Float64Array): void {
  const space = receiver.space;
  const cell = space.cell(receiver.calendar, giver.calendar);
  out[0] = skillFactor(receiver, giver);
  out[1] = goalFactor(receiver, giver);
  out[2] = availabilityFactor(space, cell);
  out[3] = timeZoneFactor(space, cell);
  out[4] = capacityFactor(giver.p);
  out[5] = diversityFactor(receiver, giver);
  out[6] = seniorityValue(kind, receiver.p.level, giver.p.level);
  out[7] = ratingFactor(giver.p);
  out[8] = formatFactor(receiver, giver);
  out[9] = paceFactor(receiver.p, giver.p);
}

/** Weights in FACTORS order, normalised to sum to 1, for the hot path. */
export function weightVector(weights: Weights): Float64Array {
  const total = FACTORS.reduce((sum, f) => sum + weights[f], 0);
  return Float64Array.from(FACTORS, (f) => (total === 0 ? 0 : weights[f] / total));
}

/**
 * The weighted sum, always added up in this one order (the calendar's two
 * factors first, as a round computes them once per calendar), so every path
 * gives the same bits for the same pair and ties break the same way.
 */
export function combine(calendarPart: number, f: Float64Array | readonly number[], w: Float64Array): number {
  return (
    calendarPart +
    (w[0] as number) * (f[0] as number) +
    (w[1] as number) * (f[1] as number) +
    (w[4] as number) * (f[4] as number) +
    (w[5] as number) * (f[5] as number) +
    (w[6] as number) * (f[6] as number) +
    (w[7] as number) * (f[7] as number) +
    (w[8] as number) * (f[8] as number) +
    (w[9] as number) * (f[9] as number)
  );
}

export function calendarPart(space: ScoringSpace, cell: number, w: Float64Array): number {
  return (w[2] as number) * availabilityFactor(space, cell) + (w[3] as number) * timeZoneFactor(space, cell);
}

/** The pair's score with its factors and reasons, strongest first: for what people read. */
export function scorePair(receiver: CompiledParticipant, giver: CompiledParticipant, kind: PairKind, context: ScoringContext, options: ExplainOptions = {}): PairScore {
  const values = new Float64Array(FACTORS.length);
  pairFactors(receiver, giver, kind, values);
  const factors = Object.fromEntries(FACTORS.map((f, i) => [f, values[i] as number])) as Record<Factor, number>;
  const weights = weightVector(context.weights);
  const score = combine(calendarPart(receiver.space, receiver.space.cell(receiver.calendar, giver.calendar), weights), values, weights);
  return { score, factors, reasons: explain(receiver, giver, kind, factors, context, options.otherMentees ?? giver.p.load) };
}

function explain(receiver: CompiledParticipant, giver: CompiledParticipant, kind: PairKind, factors: Record<Factor, number>, context: ScoringContext, otherMentees: number): Reason[] {
  const cell = receiver.space.cell(receiver.calendar, giver.calendar);
  const { taxonomy, weights } = context;
  const name = (id: string) => taxonomy.skills.get(id)?.name ?? id;
  const reasons: { reason: Reason; weight: number }[] = [];
  const add = (reason: Reason) => reasons.push({ reason, weight: weights[reason.factor] * factors[reason.factor] });

  const offers = new Set(giver.p.offered);
  const exact = receiver.p.wanted.filter((id) => offers.has(id)).map(name);
  const near = receiver.p.wanted.filter((id, i) => !offers.has(id) && credit(receiver.wanted[i] as number, receiver.wantedClusters[i] as number, giver) > 0).map(name);
  if (exact.length > 0) add({ factor: 'skills', match: 'exact', skills: exact });
  else if (near.length > 0) add({ factor: 'skills', match: 'near', skills: near });

  const goalHelp = skillsMentioned(receiver.p.goals, taxonomy).filter((id) => offers.has(id));
  if (goalHelp.length > 0 && receiver.p.goals[0]) add({ factor: 'goals', goal: receiver.p.goals[0] });

  const hours = Math.round(receiver.space.sharedHours(cell) * 2) / 2;
  if (hours >= REASON_MIN_SHARED_HOURS) add({ factor: 'availability', hours });

  const gap = Math.round(receiver.space.zoneDistance(cell) * 2) / 2;
  if (gap <= REASON_MAX_ZONE_HOURS) add({ factor: 'timeZone', hours: gap });

  if (otherMentees === 0) add({ factor: 'capacity' });

  if (factors.diversity === 1) add({ factor: 'diversity' });

  const levels = receiver.p.level !== null && giver.p.level !== null;
  if (levels && kind === 'reverse') add({ factor: 'seniority', relation: 'early_career' });
  else if (levels && kind === 'mentoring' && factors.seniority === 1) add({ factor: 'seniority', relation: 'ahead' });
  else if (levels && kind === 'peer') add({ factor: 'seniority', relation: 'same_level' });

  if (giver.p.rating !== null && giver.p.rating !== undefined && giver.p.rating >= 4) add({ factor: 'rating' });

  // A shared preference is a reason; a neutral or half-suited one is not.
  const format = receiver.p.format;
  if (factors.format === 1 && format && format !== 'group') add(format === 'in_person' ? { factor: 'format', format, location: receiver.p.location ?? '' } : { factor: 'format', format });
  if (factors.pace === 1 && receiver.p.pace) add({ factor: 'pace', pace: receiver.p.pace });

  return reasons.sort((a, b) => b.weight - a.weight).map((r) => r.reason);
}
