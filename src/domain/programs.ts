import type { CircleSettings } from './circleRules.js';
import { CADENCE_DEFAULTS, type Cadence } from './scheduling/cadence.js';
import { type PairKind, PAIR_KINDS } from './mentorship.js';
import { KIND_ROLES } from './matching/participant.js';
import type { Role } from './intake.js';
import { instantOf } from './localTime.js';
import type { DemographicQuestion } from './selfDescription.js';

/**
 * Programs: several side by side, each with its purpose, its people and its
 * rhythm. What is decided here is pure: which settings apply (a program's
 * own, or the workspace's defaults), who may join, and where a cohort is in
 * its life. The database and Slack come in only through the callers.
 */

/** The program the first release's data moved into; it always exists. */
export const DEFAULT_PROGRAM_ID = 1;

export const ENROLLMENT_POLICIES = ['open', 'application', 'invitation'] as const;
export type EnrollmentPolicy = (typeof ENROLLMENT_POLICIES)[number];
export const ENROLLMENT_STATUSES = ['applied', 'waitlisted', 'active', 'declined', 'left', 'completed'] as const;
export type EnrollmentStatus = (typeof ENROLLMENT_STATUSES)[number];
/** An enrollment that still holds a place, or is waiting for one. */
export const CURRENT_ENROLLMENT_STATUSES = ['applied', 'waitlisted', 'active'] as const satisfies readonly EnrollmentStatus[];
export const MATCHING_MODES = ['self_serve', 'rounds', 'automatic'] as const;
export type MatchingMode = (typeof MATCHING_MODES)[number];
export const PROGRAM_STATUSES = ['active', 'paused', 'closed'] as const;
export type ProgramStatus = (typeof PROGRAM_STATUSES)[number];
export const GOAL_OUTCOMES = ['achieved', 'partly', 'not_yet'] as const;
export type GoalOutcome = (typeof GOAL_OUTCOMES)[number];
export const PULSE_ANSWERS = ['going_well', 'could_be_better', 'need_help'] as const;
export type PulseAnswer = (typeof PULSE_ANSWERS)[number];

/** Who may join: every listed condition must hold; an empty rule admits everyone. */
export interface Eligibility {
  departments?: string[];
  levelMin?: number;
  levelMax?: number;
  locations?: string[];
}

/** A program's own rhythm; anything left out is the workspace's default. */
export interface CadenceOverrides {
  checkInEveryDays?: number;
  goalCheckInEveryDays?: number;
  requestReminderDays?: number;
  requestLapseDays?: number;
  stalledNudgeWeeks?: number;
  stalledFlagWeeks?: number;
  /** ISO weekday (1 = Monday) and local hour of the weekly digest. */
  digestWeekday?: number;
  digestHour?: number;
}

/** An automatic round: weekly at a local time, published after the review window unless cancelled. */
export interface AutoRoundSchedule {
  weekday: number;
  minuteOfDay: number;
  reviewHours: number;
}

export const DEFAULT_REVIEW_HOURS = 24;

/** What the workspace sets for every program that does not set its own. */
export interface WorkspaceDefaults {
  coordinatorChannelId: string | undefined;
  digestTimeZone: string;
  checkInEveryDays: number;
  goalCheckInEveryDays: number;
}

export interface ProgramRow {
  id: number;
  name: string;
  purpose: string;
  modes: PairKind[];
  tracks: string[];
  enrollment: EnrollmentPolicy;
  eligibility: Eligibility;
  channelId: string | null;
  timeZone: string | null;
  cadence: CadenceOverrides;
  seats: number | null;
  maxMenteesPerMentor: number | null;
  maxHoursPerMonth: number | null;
  /** The lowest fit (0–100) a pair may have in this program; null: the default quality floor only. */
  minFit: number | null;
  /** Points (1–50) no department, level or location may fall below a round's overall match rate; null: no target. */
  fairnessTarget: number | null;
  /** The self-described demographics it asks its members for its bias audit; empty: none. */
  demographics: DemographicQuestion[];
  matchingMode: MatchingMode;
  autoRound: AutoRoundSchedule | null;
  /** How it runs group circles; null when it offers none. */
  circleSettings: CircleSettings | null;
  startsOn: string | null;
  endsOn: string | null;
  status: ProgramStatus;
}

/** A program with every setting resolved: what the jobs and services act on. */
export interface ProgramSettings extends ProgramRow {
  channel: string | undefined;
  zone: string;
  rhythm: Cadence & { requestReminderDays: number; requestLapseDays: number; digestWeekday: number; digestHour: number };
  isDefault: boolean;
}

export const REQUEST_REMINDER_DAYS = 3;
export const REQUEST_LAPSE_DAYS = 7;
export const DIGEST_WEEKDAY = 1;
export const DIGEST_HOUR = 9;

export function programSettings(row: ProgramRow, defaults: WorkspaceDefaults): ProgramSettings {
  const isDefault = row.id === DEFAULT_PROGRAM_ID;
  const c = row.cadence;
  return {
    ...row,
    isDefault,
    channel: row.channelId ?? (isDefault ? defaults.coordinatorChannelId : undefined),
    zone: row.timeZone ?? defaults.digestTimeZone,
    rhythm: {
      ...CADENCE_DEFAULTS,
      mentorCheckInDays: c.checkInEveryDays ?? defaults.checkInEveryDays,
      menteeGoalCheckInDays: c.goalCheckInEveryDays ?? defaults.goalCheckInEveryDays,
      nudgeAfterDays: c.stalledNudgeWeeks !== undefined ? c.stalledNudgeWeeks * 7 : CADENCE_DEFAULTS.nudgeAfterDays,
      flagAfterDays: c.stalledFlagWeeks !== undefined ? c.stalledFlagWeeks * 7 : CADENCE_DEFAULTS.flagAfterDays,
      requestReminderDays: c.requestReminderDays ?? REQUEST_REMINDER_DAYS,
      requestLapseDays: c.requestLapseDays ?? REQUEST_LAPSE_DAYS,
      digestWeekday: c.digestWeekday ?? DIGEST_WEEKDAY,
      digestHour: c.digestHour ?? DIGEST_HOUR,
    },
  };
}

/** The roles a program can use: those of the kinds of pairing it offers. */
export function rolesOffered(modes: readonly PairKind[]): Role[] {
  return PAIR_KINDS.filter((k) => modes.includes(k)).flatMap((k) => [...new Set([KIND_ROLES[k].giver, KIND_ROLES[k].receiver])]);
}

/** Roles that take a place in a program (the people who come to learn). */
export const isSeatTaking = (roles: readonly Role[]): boolean => roles.some((r) => r === 'mentee' || r === 'reverse_mentee' || r === 'peer');

export interface OrgFacts {
  department: string | null;
  level: number | null;
  location: string | null;
}

const fold = (s: string) => s.trim().toLocaleLowerCase('en');

/** Folds a program name for comparison: case and runs of spaces do not make a different program. */
export const programNameKey = (name: string): string => fold(name).replace(/\s+/g, ' ');

/** Whether a person's facts meet a program's rule; an unknown fact fails a condition that needs it. */
export function isEligible(rule: Eligibility, person: OrgFacts): boolean {
  if (rule.departments?.length && (person.department === null || !rule.departments.some((d) => fold(d) === fold(person.department as string)))) return false;
  if (rule.locations?.length && (person.location === null || !rule.locations.some((l) => fold(l) === fold(person.location as string)))) return false;
  if (rule.levelMin !== undefined && (person.level === null || person.level < rule.levelMin)) return false;
  if (rule.levelMax !== undefined && (person.level === null || person.level > rule.levelMax)) return false;
  return true;
}

export const hasRule = (rule: Eligibility): boolean =>
  Boolean(rule.departments?.length || rule.locations?.length || rule.levelMin !== undefined || rule.levelMax !== undefined);

/** What happens to someone asking to join: a place, a line, or a coordinator's decision first. */
export function admission(policy: EnrollmentPolicy, seatsTaken: number, seats: number | null, takesSeat: boolean): 'active' | 'waitlisted' | 'applied' {
  if (policy === 'application') return 'applied';
  return takesSeat && seats !== null && seatsTaken >= seats ? 'waitlisted' : 'active';
}

export type CohortPhase = 'before' | 'running' | 'ended';

/** A cohort's milestones in its zone: kickoff at the start, the pulse halfway, the close at the end (each at 09:00 local). */
export interface CohortDates {
  kickoff: Date;
  midpoint: Date;
  close: Date;
}

export const COHORT_MESSAGE_MINUTE = 9 * 60;

const dayNumber = (date: string) => Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / 86_400_000;
const dateOfDay = (day: number) => new Date(day * 86_400_000).toISOString().slice(0, 10);

/** The cohort's milestones, or undefined for an ongoing program. */
export function cohortDates(p: Pick<ProgramRow, 'startsOn' | 'endsOn'>, zone: string): CohortDates | undefined {
  if (!p.startsOn || !p.endsOn) return undefined;
  const middle = dateOfDay(Math.floor((dayNumber(p.startsOn) + dayNumber(p.endsOn)) / 2));
  return {
    kickoff: instantOf(p.startsOn, COHORT_MESSAGE_MINUTE, zone),
    midpoint: instantOf(middle, COHORT_MESSAGE_MINUTE, zone),
    close: instantOf(p.endsOn, COHORT_MESSAGE_MINUTE, zone),
  };
}

export function cohortPhase(p: Pick<ProgramRow, 'startsOn' | 'endsOn'>, zone: string, now: Date): CohortPhase | undefined {
  const dates = cohortDates(p, zone);
  if (!dates) return undefined;
  if (now < dates.kickoff) return 'before';
  return now < dates.close ? 'running' : 'ended';
}

/** Whole weeks a cohort runs, for "a twelve-week cohort". */
export const cohortWeeks = (p: Pick<ProgramRow, 'startsOn' | 'endsOn'>): number | undefined =>
  p.startsOn && p.endsOn ? Math.round((dayNumber(p.endsOn) - dayNumber(p.startsOn)) / 7) : undefined;

/** Whether people can ask to join now: the program runs, and a cohort has not ended. */
export function isJoinable(p: Pick<ProgramRow, 'status' | 'startsOn' | 'endsOn'>, zone: string, now: Date): boolean {
  return p.status === 'active' && cohortPhase(p, zone, now) !== 'ended';
}

/**
 * A person's capacity in one program: their own limit there, the program's
 * guardrail, and what their limit across all programs leaves once the other
 * programs' mentees are counted. Returned as the load to compare it with.
 */
export function capacityInProgram(f: { enrollmentCap: number | null; overallCap: number | null; programCap: number | null; loadHere: number; loadElsewhere: number }): number {
  const own = f.enrollmentCap ?? f.overallCap ?? 0;
  const left = f.overallCap === null ? own : f.overallCap - f.loadElsewhere;
  return Math.max(0, Math.min(own, f.programCap ?? own, left));
}
