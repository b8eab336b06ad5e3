import { CIRCLE_CADENCES, CIRCLE_SIZE_MIN, CIRCLE_STYLES, type CircleSettings, DEFAULT_CIRCLE_SETTINGS, SESSION_MINUTES_CHOICES, sizeProblem } from './circleRules.js';
import { PAIR_KINDS } from './mentorship.js';
import { LEVELS, minutes } from './intake.js';
import {
  type AutoRoundSchedule,
  type CadenceOverrides,
  DEFAULT_REVIEW_HOURS,
  type Eligibility,
  ENROLLMENT_POLICIES,
  type EnrollmentPolicy,
  MATCHING_MODES,
  type MatchingMode,
  programNameKey,
  type ProgramRow,
} from './programs.js';
import { DEMOGRAPHIC_QUESTIONS } from './selfDescription.js';
import { visibleLength } from './text.js';
import { canonicalTimeZone, timeZoneRefusal } from './time.js';

/**
 * The program form, checked without Slack or a database: the caller passes
 * the names already taken and the taxonomy's clusters, and checks what only
 * Slack can answer (is this person in the workspace, is the bot in that
 * channel) itself. Every problem names the field it belongs to, so the
 * modal can point at each one at once.
 */

export const PROGRAM_LIMITS = { name: 80, purpose: 1000, listItem: 80, listItems: 20 } as const;
/** Points a group's match rate may fall below the overall rate; a target past 50 would hold nobody to anything. */
export const FAIRNESS_TARGET = { min: 1, max: 50 } as const;

export type ProgramField =
  | 'name'
  | 'purpose'
  | 'modes'
  | 'tracks'
  | 'enrollment'
  | 'departments'
  | 'levelMin'
  | 'levelMax'
  | 'locations'
  | 'coordinators'
  | 'channel'
  | 'timeZone'
  | 'seats'
  | 'maxMentees'
  | 'maxHours'
  | 'minFit'
  | 'fairnessTarget'
  | 'demographics'
  | 'matchingMode'
  | 'roundDay'
  | 'roundTime'
  | 'reviewHours'
  | 'circles'
  | 'circleSizeMin'
  | 'circleSizeMax'
  | 'circleCadence'
  | 'circleMinutes'
  | 'startsOn'
  | 'endsOn'
  | 'checkInDays'
  | 'goalCheckInDays'
  | 'reminderDays'
  | 'lapseDays'
  | 'nudgeWeeks'
  | 'flagWeeks'
  | 'digestDay'
  | 'digestTime';

/** What the form sends back: text as typed, picks as values. */
export type RawProgram = Partial<Record<Exclude<ProgramField, 'modes' | 'tracks' | 'coordinators' | 'demographics'>, string>> & { modes: string[]; tracks: string[]; coordinators: string[]; demographics?: string[] };

/** What a valid form stores: every setting of a program, and its coordinators. */
export type ProgramAnswers = Omit<ProgramRow, 'id' | 'status'> & { coordinators: string[] };

export interface ProgramFormContext {
  /** Names of the other programs (not the one being edited). */
  takenNames: readonly string[];
  clusterIds: ReadonlySet<string>;
  /** Today in the program's zone: a new cohort cannot have ended already. */
  today: string;
  /** The program as stored, when it is being edited: dates kept as they are may lie in the past. */
  editing?: { startsOn: string | null; endsOn: string | null; closed: boolean };
}

export type ProgramFormResult = { ok: true; answers: ProgramAnswers } | { ok: false; errors: Partial<Record<ProgramField, string>> };

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const text = (s: string | undefined) => (s ?? '').trim();
const list = (s: string | undefined) =>
  [...new Set(text(s).split(/[,\n]/).map((x) => x.trim()).filter(Boolean))];

export function validateProgramForm(raw: RawProgram, context: ProgramFormContext): ProgramFormResult {
  const errors: Partial<Record<ProgramField, string>> = {};
  const fail = (field: ProgramField, message: string) => void (errors[field] ??= message);
  const whole = (field: ProgramField, min: number, max: number, what: string): number | undefined => {
    const s = text(raw[field as keyof RawProgram] as string | undefined);
    if (s === '') return undefined;
    const n = /^\d+$/.test(s) ? Number(s) : Number.NaN;
    if (n >= min && n <= max) return n;
    fail(field, `${what} must be a whole number from ${min} to ${max}.`);
    return undefined;
  };

  const name = text(raw.name);
  if (name === '') fail('name', 'Give the program a name people will recognise, such as "Leadership cohort, spring".');
  else if (visibleLength(name) > PROGRAM_LIMITS.name) fail('name', `Keep the name under ${PROGRAM_LIMITS.name} characters (nothing was cut).`);
  else if (context.takenNames.some((n) => programNameKey(n) === programNameKey(name))) fail('name', `A program called "${name}" already exists. Pick another name, or edit that program.`);
  const purpose = text(raw.purpose);
  if (visibleLength(purpose) > PROGRAM_LIMITS.purpose) fail('purpose', `Keep the purpose under ${PROGRAM_LIMITS.purpose} characters (nothing was cut).`);

  const modes = PAIR_KINDS.filter((k) => raw.modes.includes(k));
  if (modes.length === 0) fail('modes', 'Pick at least one kind of mentoring the program offers.');
  const tracks = [...new Set(raw.tracks)];
  if (tracks.some((t) => !context.clusterIds.has(t))) fail('tracks', 'A track you picked is no longer in the skill taxonomy; please pick again.');
  const enrollment = ENROLLMENT_POLICIES.find((p) => p === text(raw.enrollment));
  if (!enrollment) fail('enrollment', 'Choose how people join: open, by application, or by invitation.');

  const departments = list(raw.departments);
  const locations = list(raw.locations);
  for (const [field, values] of [['departments', departments], ['locations', locations]] as const) {
    if (values.length > PROGRAM_LIMITS.listItems) fail(field, `List at most ${PROGRAM_LIMITS.listItems}, separated by commas.`);
    if (values.some((v) => visibleLength(v) > PROGRAM_LIMITS.listItem)) fail(field, `Each entry must be under ${PROGRAM_LIMITS.listItem} characters.`);
  }
  const levelMin = whole('levelMin', LEVELS.min, LEVELS.max, 'The lowest level');
  const levelMax = whole('levelMax', LEVELS.min, LEVELS.max, 'The highest level');
  if (levelMin !== undefined && levelMax !== undefined && levelMin > levelMax) fail('levelMax', `The highest level (${levelMax}) is below the lowest (${levelMin}).`);
  if (enrollment === 'invitation' && departments.length === 0 && locations.length === 0 && levelMin === undefined && levelMax === undefined) {
    fail('enrollment', 'An invitation-only program invites the people its roster filter picks: set departments, levels or locations below.');
  }

  const zoneText = text(raw.timeZone);
  const timeZone = zoneText === '' ? null : (canonicalTimeZone(zoneText) ?? null);
  if (zoneText !== '' && timeZone === null) fail('timeZone', timeZoneRefusal(zoneText));

  const seats = whole('seats', 1, 10_000, 'Seats');
  const maxMentees = whole('maxMentees', 1, 5, 'Mentees per mentor');
  const maxHours = whole('maxHours', 1, 40, 'Hours a month');
  // "60%" is how people say it; the sign is allowed and nothing else.
  const minFitText = text(raw.minFit).replace(/\s*%$/, '');
  const minFit = minFitText === '' ? undefined : /^\d+$/.test(minFitText) && Number(minFitText) <= 100 ? Number(minFitText) : undefined;
  if (minFitText !== '' && minFit === undefined) fail('minFit', 'The minimum fit is a percentage: a whole number from 0 to 100, or empty for none.');
  // "10 points" and "10 pts" are how people say it; the number is what counts.
  const targetText = text(raw.fairnessTarget).replace(/\s*(points?|pts?|%)$/i, '');
  const fairnessTarget = targetText === '' ? undefined : /^\d+$/.test(targetText) && Number(targetText) >= FAIRNESS_TARGET.min && Number(targetText) <= FAIRNESS_TARGET.max ? Number(targetText) : undefined;
  if (targetText !== '' && fairnessTarget === undefined) {
    fail('fairnessTarget', `The fairness target is in points below the overall match rate: a whole number from ${FAIRNESS_TARGET.min} to ${FAIRNESS_TARGET.max}, or empty for none.`);
  }
  const demographics = DEMOGRAPHIC_QUESTIONS.filter((q) => (raw.demographics ?? []).includes(q));
  if ((raw.demographics ?? []).some((q) => !(DEMOGRAPHIC_QUESTIONS as readonly string[]).includes(q))) fail('demographics', 'A question you picked is not one we know; please pick again.');

  const matchingMode = MATCHING_MODES.find((m) => m === text(raw.matchingMode));
  if (!matchingMode) fail('matchingMode', 'Choose how people are matched.');
  let autoRound: AutoRoundSchedule | null = null;
  if (matchingMode === 'automatic') {
    const weekday = whole('roundDay', 1, 7, 'The day');
    const minuteOfDay = raw.roundTime ? minutes(raw.roundTime) : undefined;
    const reviewHours = whole('reviewHours', 1, 168, 'The review window') ?? DEFAULT_REVIEW_HOURS;
    if (weekday === undefined) fail('roundDay', 'Pick the day automatic rounds run.');
    if (minuteOfDay === undefined) fail('roundTime', 'Pick the time automatic rounds run.');
    if (weekday !== undefined && minuteOfDay !== undefined) autoRound = { weekday, minuteOfDay, reviewHours };
  }

  // Circles: "none" or empty keeps the program to pairs; a style turns them on with sizes and a rhythm.
  let circleSettings: CircleSettings | null = null;
  const circleStyle = CIRCLE_STYLES.find((st) => st === text(raw.circles));
  if (text(raw.circles) !== '' && text(raw.circles) !== 'none' && !circleStyle) fail('circles', 'Choose whether the program runs circles, and how.');
  if (circleStyle) {
    const sizeMin = whole('circleSizeMin', 1, 99, 'The smallest circle') ?? DEFAULT_CIRCLE_SETTINGS.sizeMin;
    const sizeMax = whole('circleSizeMax', 1, 99, 'The largest circle') ?? DEFAULT_CIRCLE_SETTINGS.sizeMax;
    const problem = sizeProblem(sizeMin, sizeMax);
    if (problem) fail(sizeMin < CIRCLE_SIZE_MIN || sizeMin > sizeMax ? 'circleSizeMin' : 'circleSizeMax', problem);
    const cadenceText = text(raw.circleCadence);
    const circleCadence = cadenceText === '' ? DEFAULT_CIRCLE_SETTINGS.cadence : CIRCLE_CADENCES.find((c) => c === cadenceText);
    if (!circleCadence) fail('circleCadence', 'Choose how often circles meet.');
    const minutesText = text(raw.circleMinutes);
    const sessionMinutes = minutesText === '' ? DEFAULT_CIRCLE_SETTINGS.sessionMinutes : SESSION_MINUTES_CHOICES.find((m) => String(m) === minutesText);
    if (!sessionMinutes) fail('circleMinutes', `Sessions last ${SESSION_MINUTES_CHOICES.join(', ')} minutes.`);
    if (circleCadence && sessionMinutes) circleSettings = { style: circleStyle, sizeMin, sizeMax, cadence: circleCadence, sessionMinutes };
  }

  const startsOn = text(raw.startsOn) || null;
  const endsOn = text(raw.endsOn) || null;
  if (startsOn && !DATE.test(startsOn)) fail('startsOn', 'Pick the start date from the calendar.');
  if (endsOn && !DATE.test(endsOn)) fail('endsOn', 'Pick the end date from the calendar.');
  if ((startsOn === null) !== (endsOn === null)) fail(startsOn ? 'endsOn' : 'startsOn', 'A cohort needs both a start and an end date; leave both empty for an ongoing program.');
  const datesKept = context.editing !== undefined && context.editing.startsOn === startsOn && context.editing.endsOn === endsOn;
  // A closed cohort's dates are its history: its report and survey are counted from them.
  if (context.editing?.closed && !datesKept) fail('endsOn', 'This cohort has closed, so its dates stay as they were. Everything else can still be corrected.');
  else if (startsOn && endsOn && endsOn <= startsOn) fail('endsOn', `The end (${endsOn}) must come after the start (${startsOn}).`);
  else if (endsOn && endsOn < context.today && !datesKept) fail('endsOn', `The end date (${endsOn}) has already passed.`);

  const cadence: CadenceOverrides = {};
  const set = <K extends keyof CadenceOverrides>(key: K, value: number | undefined) => {
    if (value !== undefined) cadence[key] = value;
  };
  set('checkInEveryDays', whole('checkInDays', 7, 60, 'Days between check-ins'));
  set('goalCheckInEveryDays', whole('goalCheckInDays', 7, 120, 'Days between goal check-ins'));
  set('requestReminderDays', whole('reminderDays', 1, 14, 'Days before a reminder'));
  set('requestLapseDays', whole('lapseDays', 2, 30, 'Days before a request lapses'));
  set('stalledNudgeWeeks', whole('nudgeWeeks', 1, 12, 'Weeks before a nudge'));
  set('stalledFlagWeeks', whole('flagWeeks', 2, 26, 'Weeks before a flag'));
  set('digestWeekday', whole('digestDay', 1, 7, 'The digest day'));
  const digestMinute = raw.digestTime ? minutes(raw.digestTime) : undefined;
  if (digestMinute !== undefined) cadence.digestHour = Math.floor(digestMinute / 60);
  if ((cadence.requestReminderDays ?? 3) >= (cadence.requestLapseDays ?? 7)) fail('reminderDays', 'The reminder must come before the request lapses.');
  if ((cadence.stalledNudgeWeeks ?? 4) >= (cadence.stalledFlagWeeks ?? 6)) fail('nudgeWeeks', 'The nudge must come before the coordinators are told.');

  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const eligibility: Eligibility = {
    ...(departments.length ? { departments } : {}),
    ...(locations.length ? { locations } : {}),
    ...(levelMin !== undefined ? { levelMin } : {}),
    ...(levelMax !== undefined ? { levelMax } : {}),
  };
  return {
    ok: true,
    answers: {
      name,
      purpose,
      modes,
      tracks,
      enrollment: enrollment as EnrollmentPolicy,
      eligibility,
      coordinators: [...new Set(raw.coordinators)],
      channelId: text(raw.channel) || null,
      timeZone,
      seats: seats ?? null,
      maxMenteesPerMentor: maxMentees ?? null,
      maxHoursPerMonth: maxHours ?? null,
      minFit: minFit ?? null,
      fairnessTarget: fairnessTarget ?? null,
      demographics,
      matchingMode: matchingMode as MatchingMode,
      autoRound,
      circleSettings,
      startsOn,
      endsOn,
      cadence,
    },
  };
}
