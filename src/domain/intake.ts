import { z } from 'zod';
import { visibleLength } from './text.js';
import { canonicalTimeZone, timeZoneRefusal } from './time.js';
import type { Taxonomy } from './taxonomy.js';
import { type Pace, PACES } from './matching/workingStyle.js';

/**
 * What a person tells the program when they join. Validation is pure: it
 * takes the raw answers and either returns clean answers or one plain-words
 * message per field, so the form can point at exactly what to fix.
 */

export const ROLES = ['mentor', 'mentee', 'peer', 'reverse_mentor', 'reverse_mentee'] as const;
export type Role = (typeof ROLES)[number];
export const ROLE_LABELS: Record<Role, string> = {
  mentor: 'Mentor',
  mentee: 'Mentee',
  peer: 'Peer mentor',
  reverse_mentor: 'Reverse mentor',
  reverse_mentee: 'Reverse mentee (leader)',
};

export const ROLE_PLURALS: Record<Role, string> = {
  mentor: 'Mentors',
  mentee: 'Mentees',
  peer: 'Peer mentors',
  reverse_mentor: 'Reverse mentors',
  reverse_mentee: 'Reverse mentees',
};

export const FORMATS = ['video', 'in_person', 'async', 'group'] as const;
export type Format = (typeof FORMATS)[number];
export const FORMAT_LABELS: Record<Format, string> = {
  video: 'Video 1:1',
  in_person: 'In person',
  async: 'Async (messages)',
  group: 'Group circle',
};

export const PACE_LABELS: Record<Pace, string> = { weekly: 'Every week', fortnightly: 'Every two weeks', monthly: 'About once a month' };

/** Roles that give time to others, and so have a capacity and skills to offer. */
export const GIVING_ROLES: readonly Role[] = ['mentor', 'peer', 'reverse_mentor'];
/** Roles that come to learn, and so want skills and have goals. */
export const LEARNING_ROLES: readonly Role[] = ['mentee', 'peer', 'reverse_mentee'];

export const MAX_GOALS = 3;
export const MAX_SKILLS = 10;
export const TEXT_LIMITS = { goalAim: 300, goalMeasure: 300, timeZone: 64, department: 80, location: 80 } as const;
export const LEVELS = { min: 1, max: 10 } as const;

export interface Goal {
  aim: string;
  measure: string;
  dueOn: string; // YYYY-MM-DD
}

export interface IntakeAnswers {
  roles: Role[];
  skillsOffered: string[];
  skillsWanted: string[];
  goals: Goal[];
  timeZone: string;
  workDays: number[];
  workStartMinute: number;
  workEndMinute: number;
  availabilityStartMinute: number;
  availabilityEndMinute: number;
  capacityMentees: number | null;
  capacityHoursPerMonth: number | null;
  format: Format;
  /** How often they would like to meet; null: no preference. */
  pace: Pace | null;
  /** Null when the HR roster provides them. */
  department: string | null;
  level: number | null;
  location: string | null;
}

/** Answers as they come out of a form: strings, possibly empty. */
export interface RawIntake {
  roles: string[];
  skillsOffered: string[];
  skillsWanted: string[];
  goals: { aim?: string; measure?: string; due?: string }[];
  timeZone?: string;
  workDays: string[];
  workStart?: string; // HH:mm
  workEnd?: string;
  availabilityStart?: string;
  availabilityEnd?: string;
  capacityMentees?: string;
  capacityHoursPerMonth?: string;
  format?: string;
  pace?: string;
  department?: string;
  level?: string;
  location?: string;
  consent: boolean;
}

/** Fields a message can point at. Goal fields are numbered from 1, as people count them. */
export type IntakeField =
  | 'roles'
  | 'skillsOffered'
  | 'skillsWanted'
  | `goal${1 | 2 | 3}${'Aim' | 'Measure' | 'Due'}`
  | 'timeZone'
  | 'workDays'
  | 'workStart'
  | 'workEnd'
  | 'availabilityStart'
  | 'availabilityEnd'
  | 'capacityMentees'
  | 'capacityHoursPerMonth'
  | 'format'
  | 'pace'
  | 'department'
  | 'level'
  | 'location'
  | 'consent';

export type IntakeResult = { ok: true; answers: IntakeAnswers } | { ok: false; errors: Partial<Record<IntakeField, string>> };

export interface IntakeContext {
  taxonomy: Taxonomy;
  /** Today's date where the person is, YYYY-MM-DD; a goal cannot be due before it. */
  today: string;
  /** True when a roster import already gave department, level and location. */
  orgFromRoster: boolean;
  /** The goals already stored for this form's program: one kept as it was may stay past its date. */
  storedGoals?: readonly Goal[];
  /** Only the profile every program shares: the roles are those held elsewhere (maybe none), and goals belong to programs. */
  sharedOnly?: boolean;
}

const tooLong = (what: string, max: number) => `${what} is too long; please keep it under ${max} characters (nothing was cut).`;
const trimmed = z.string().optional().transform((s) => (s ?? '').trim());
const clock = (missing: string) =>
  trimmed.pipe(z.string().min(1, missing).transform((s, ctx) => minutes(s) ?? (ctx.addIssue({ code: 'custom', message: missing }), z.NEVER)));
/** '' → null; a whole number within range → that number; anything else → the message. */
const optionalWhole = (message: string, min: number, max: number) =>
  trimmed.transform((s, ctx) => {
    if (s === '') return null;
    const n = /^\d+$/.test(s) ? Number(s) : Number.NaN;
    if (n >= min && n <= max) return n;
    ctx.addIssue({ code: 'custom', message });
    return z.NEVER;
  });

/** The zod schema for one submission's fields. Every issue's path is the field to point at. */
export function intakeSchema(context: IntakeContext) {
  const skillList = (field: string) =>
    z
      .array(z.string())
      .max(MAX_SKILLS, `Pick at most ${MAX_SKILLS} skills, the ones that matter most.`)
      .refine((ids) => ids.every((id) => context.taxonomy.skills.has(id)), 'A skill you picked is no longer offered; please pick again.')
      .transform((ids) => [...new Set(ids)])
      .describe(field);
  const orgText = (what: string, missing: string, max: number) =>
    context.orgFromRoster ? z.any().transform(() => null) : trimmed.pipe(z.string().min(1, missing).refine((s) => visibleLength(s) <= max, tooLong(what, max)));

  return z
    .object({
      roles: z
        .array(z.string())
        .transform((rs) => ROLES.filter((r) => rs.includes(r)))
        .pipe(z.array(z.enum(ROLES)).min(context.sharedOnly ? 0 : 1, 'Pick at least one way to take part.')),
      skillsOffered: skillList('skillsOffered'),
      skillsWanted: skillList('skillsWanted'),
      goals: z.array(z.object({ aim: z.string().optional(), measure: z.string().optional(), due: z.string().optional() })),
      timeZone: trimmed.pipe(
        z
          .string()
          .min(1, 'Tell us your time zone, for example Europe/Berlin.')
          .refine((s) => visibleLength(s) <= TEXT_LIMITS.timeZone, tooLong('The time zone', TEXT_LIMITS.timeZone))
          .transform((s, ctx) => canonicalTimeZone(s) ?? (ctx.addIssue({ code: 'custom', message: timeZoneRefusal(s) }), z.NEVER)),
      ),
      workDays: z
        .array(z.string())
        .transform((ds) => [...new Set(ds.map(Number))].filter((d) => Number.isInteger(d) && d >= 1 && d <= 7).sort())
        .pipe(z.array(z.number()).min(1, 'Pick at least one day you work.')),
      workStart: clock('Pick when your working day starts.'),
      workEnd: clock('Pick when your working day ends.'),
      availabilityStart: clock('Pick the earliest time you could meet.'),
      availabilityEnd: clock('Pick the latest time you could meet.'),
      capacityMentees: optionalWhole('Choose between 1 and 5 people at once.', 1, 5),
      capacityHoursPerMonth: optionalWhole('Enter a whole number of hours from 1 to 40.', 1, 40),
      format: z.enum(FORMATS, { error: 'Pick how you would like to meet.' }),
      pace: trimmed.transform((s, ctx): Pace | null => {
        if (s === '') return null;
        if ((PACES as readonly string[]).includes(s)) return s as Pace;
        ctx.addIssue({ code: 'custom', message: 'Pick how often you would like to meet, or leave it blank.' });
        return z.NEVER;
      }),
      department: orgText('The department', 'Tell us your department, so matches can reach across teams.', TEXT_LIMITS.department),
      location: orgText('The location', 'Tell us where you are based, for example Berlin or Remote.', TEXT_LIMITS.location),
      level: context.orgFromRoster ? z.any().transform(() => null) : optionalWhole('Pick your level.', LEVELS.min, LEVELS.max).pipe(z.number({ error: 'Pick your level.' })),
      consent: z.literal(true, { error: 'Please agree before joining: we use your answers only for matching and anonymous program reports.' }),
    });
}

/**
 * Rules that join several answers (a mentor needs a capacity, a mentee a
 * goal, a day ends after it starts). They read the raw answers, so they run
 * even when a single field is wrong and the form shows every problem at once.
 */
function crossFieldIssues(raw: RawIntake, today: string, storedGoals: readonly Goal[], sharedOnly: boolean): Partial<Record<IntakeField, string>> {
  const issues: Partial<Record<IntakeField, string>> = {};
  const issue = (field: IntakeField, message: string) => void (issues[field] ??= message);
  const giving = raw.roles.some((r) => (GIVING_ROLES as readonly string[]).includes(r));
  const learning = raw.roles.some((r) => (LEARNING_ROLES as readonly string[]).includes(r));
  if (giving && raw.skillsOffered.length === 0) issue('skillsOffered', 'Mentors, peer mentors and reverse mentors need at least one skill here.');
  if (learning && raw.skillsWanted.length === 0) issue('skillsWanted', 'Mentees, peers and reverse mentees need at least one skill here.');
  if (giving && blank(raw.capacityMentees)) issue('capacityMentees', 'Tell us how many people you can mentor at once (1 to 5).');
  if (giving && blank(raw.capacityHoursPerMonth)) issue('capacityHoursPerMonth', 'Tell us how many hours a month you can give (1 to 40).');
  const [workStart, workEnd] = [minutes(raw.workStart), minutes(raw.workEnd)];
  if (workStart !== undefined && workEnd !== undefined && workEnd <= workStart) issue('workEnd', 'Your working day must end after it starts.');
  const [availStart, availEnd] = [minutes(raw.availabilityStart), minutes(raw.availabilityEnd)];
  if (availStart !== undefined && availEnd !== undefined && availEnd <= availStart) issue('availabilityEnd', 'The latest time must be after the earliest.');
  if (sharedOnly) return issues;
  checkGoals(raw.goals, today, storedGoals, issue);
  const attempted = raw.goals.slice(0, MAX_GOALS).some((g) => !blank(g.aim) || !blank(g.measure) || !blank(g.due));
  if (learning && !attempted) issue('goal1Aim', 'Tell us at least one goal, so we can find someone who can help with it.');
  return issues;
}

export function validateIntake(raw: RawIntake, context: IntakeContext): IntakeResult {
  const parsed = intakeSchema(context).safeParse(raw);
  const errors: Partial<Record<IntakeField, string>> = {};
  if (!parsed.success) for (const issue of parsed.error.issues) errors[issue.path[0] as IntakeField] ??= issue.message;
  for (const [field, message] of Object.entries(crossFieldIssues(raw, context.today, context.storedGoals ?? [], context.sharedOnly === true))) errors[field as IntakeField] ??= message;
  if (!parsed.success || Object.keys(errors).length > 0) return { ok: false, errors };
  const a = parsed.data;
  const giving = a.roles.some((r) => GIVING_ROLES.includes(r));
  return {
    ok: true,
    answers: {
      roles: a.roles,
      skillsOffered: a.skillsOffered,
      skillsWanted: a.skillsWanted,
      goals: a.goals.slice(0, MAX_GOALS).flatMap((g) => (g.aim?.trim() ? [{ aim: g.aim.trim(), measure: (g.measure ?? '').trim(), dueOn: (g.due ?? '').trim() }] : [])),
      timeZone: a.timeZone,
      workDays: a.workDays,
      workStartMinute: a.workStart,
      workEndMinute: a.workEnd,
      availabilityStartMinute: a.availabilityStart,
      availabilityEndMinute: a.availabilityEnd,
      capacityMentees: giving ? a.capacityMentees : null,
      capacityHoursPerMonth: giving ? a.capacityHoursPerMonth : null,
      format: a.format,
      pace: a.pace,
      department: a.department,
      level: a.level,
      location: a.location,
    },
  };
}

const zDate = z.iso.date();
const blank = (s: string | undefined) => (s ?? '').trim() === '';

/** A goal is all three parts or nothing; each missing or wrong part gets its own message. */
function checkGoals(rawGoals: RawIntake['goals'], today: string, stored: readonly Goal[], issue: (field: IntakeField, message: string) => void): void {
  // A goal whose date passed while it was being worked on is history, not a mistake: editing the
  // rest of the form must not require a new date for it. A new or changed goal must look ahead.
  const kept = (aim: string, measure: string, due: string) => stored.some((g) => g.aim === aim && g.measure === measure && g.dueOn === due);
  rawGoals.slice(0, MAX_GOALS).forEach((g, i) => {
    const n = (i + 1) as 1 | 2 | 3;
    if (blank(g.aim) && blank(g.measure) && blank(g.due)) return;
    const aim = (g.aim ?? '').trim();
    const measure = (g.measure ?? '').trim();
    const due = (g.due ?? '').trim();
    if (aim === '') issue(`goal${n}Aim`, `Goal ${n}: say what you want to achieve.`);
    else if (visibleLength(aim) > TEXT_LIMITS.goalAim) issue(`goal${n}Aim`, tooLong(`Goal ${n}`, TEXT_LIMITS.goalAim));
    if (measure === '') issue(`goal${n}Measure`, `Goal ${n}: say how you will know you got there.`);
    else if (visibleLength(measure) > TEXT_LIMITS.goalMeasure) issue(`goal${n}Measure`, tooLong(`How you will know (goal ${n})`, TEXT_LIMITS.goalMeasure));
    if (due === '') issue(`goal${n}Due`, `Goal ${n}: pick a date to reach it by.`);
    else if (!zDate.safeParse(due).success) issue(`goal${n}Due`, `Goal ${n}: "${due}" is not a valid date.`);
    else if (due < today && !kept(aim, measure, due)) issue(`goal${n}Due`, `Goal ${n}: the date has already passed; pick one from today on.`);
    else if (due > addYears(today, 3)) issue(`goal${n}Due`, `Goal ${n}: pick a date within the next three years.`);
  });
}

/** "HH:mm" as minutes after midnight, or undefined for anything else. */
export function minutes(hhmm: string | undefined): number | undefined {
  const m = /^(\d{2}):(\d{2})$/.exec(hhmm ?? '');
  if (!m) return undefined;
  const h = Number(m[1]);
  const min = Number(m[2]);
  return h < 24 && min < 60 ? h * 60 + min : undefined;
}

function addYears(isoDate: string, years: number): string {
  return `${Number(isoDate.slice(0, 4)) + years}${isoDate.slice(4)}`;
}

export function formatMinutes(total: number): string {
  return `${String(Math.floor(total / 60)).padStart(2, '0')}:${String(total % 60).padStart(2, '0')}`;
}

/** A program's part of the form: roles, goals and capacity there. */
export type ProgramPartField = 'roles' | `goal${1 | 2 | 3}${'Aim' | 'Measure' | 'Due'}` | 'capacityMentees' | 'capacityHoursPerMonth';
export type RawProgramPart = Pick<RawIntake, 'roles' | 'goals' | 'capacityMentees' | 'capacityHoursPerMonth'>;
const PART_FIELDS = new Set<string>(['roles', 'goal1Aim', 'goal1Measure', 'goal1Due', 'goal2Aim', 'goal2Measure', 'goal2Due', 'goal3Aim', 'goal3Measure', 'goal3Due', 'capacityMentees', 'capacityHoursPerMonth']);

/**
 * Checks one program's part of the form against the rules of the whole
 * intake, with the rest taken from the person's profile: the same rules
 * apply whichever form the answers come from. A problem with the profile
 * itself (mentoring without skills to offer) is pointed at the roles, the
 * field on this form that caused it.
 */
export function validateProgramPart(
  part: RawProgramPart,
  profile: IntakeAnswers,
  context: IntakeContext & { offeredRoles: readonly Role[] },
): { ok: true; answers: IntakeAnswers } | { ok: false; errors: Partial<Record<ProgramPartField, string>> } {
  const outside = part.roles.filter((r) => !context.offeredRoles.includes(r as Role));
  const raw: RawIntake = {
    ...part,
    skillsOffered: profile.skillsOffered,
    skillsWanted: profile.skillsWanted,
    timeZone: profile.timeZone,
    workDays: profile.workDays.map(String),
    workStart: formatMinutes(profile.workStartMinute),
    workEnd: formatMinutes(profile.workEndMinute),
    availabilityStart: formatMinutes(profile.availabilityStartMinute),
    availabilityEnd: formatMinutes(profile.availabilityEndMinute),
    format: profile.format,
    pace: profile.pace ?? undefined,
    department: profile.department ?? undefined,
    level: profile.level === null ? undefined : String(profile.level),
    location: profile.location ?? undefined,
    consent: true,
  };
  const result = validateIntake(raw, context);
  const errors: Partial<Record<ProgramPartField, string>> = {};
  if (outside.length > 0) errors.roles = 'This program does not offer one of the roles you picked; please pick again.';
  if (!result.ok) {
    for (const [field, message] of Object.entries(result.errors)) {
      if (PART_FIELDS.has(field)) errors[field as ProgramPartField] ??= message;
      else if (field === 'skillsOffered' || field === 'skillsWanted') errors.roles ??= `${message} Add them to your profile first with \`/mentor profile\`.`;
      else errors.roles ??= `Your profile needs an update first (${message}) Open \`/mentor profile\`.`;
    }
  }
  if (Object.keys(errors).length > 0 || !result.ok) return { ok: false, errors };
  return result;
}

/**
 * Checks the profile every program shares (the form without roles and goals)
 * against the rules of the whole intake, for the roles the person holds now
 * anywhere: a mentor somewhere still needs skills to offer. Someone who
 * gives nowhere keeps the capacity they had, for when they do again.
 */
export function validateProfilePart(raw: RawIntake, stored: IntakeAnswers, context: IntakeContext & { roles: readonly Role[] }): IntakeResult {
  const result = validateIntake({ ...raw, roles: [...context.roles], goals: [] }, { ...context, sharedOnly: true });
  if (!result.ok) return result;
  const gives = context.roles.some((r) => GIVING_ROLES.includes(r));
  const capacity = gives ? {} : { capacityMentees: stored.capacityMentees, capacityHoursPerMonth: stored.capacityHoursPerMonth };
  return { ok: true, answers: { ...result.answers, roles: stored.roles, goals: stored.goals, ...capacity } };
}
