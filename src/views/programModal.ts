import { CIRCLE_CADENCES, CIRCLE_SIZE_MAX, CIRCLE_SIZE_MIN, CIRCLE_STYLES, DEFAULT_CIRCLE_SETTINGS, SESSION_MINUTES_CHOICES } from '../domain/circleRules.js';
import type { KnownBlock, ModalView, PlainTextOption } from '@slack/types';
import { z } from 'zod';
import { formatMinutes } from '../domain/intake.js';
import { PAIR_KINDS } from '../domain/mentorship.js';
import { FAIRNESS_TARGET, PROGRAM_LIMITS, type ProgramField, type RawProgram } from '../domain/programForm.js';
import { DEMOGRAPHIC_QUESTIONS, type DemographicQuestion } from '../domain/selfDescription.js';
import { DEMOGRAPHIC_LABELS } from './selfDescriptionModal.js';
import {
  DIGEST_HOUR,
  DIGEST_WEEKDAY,
  DEFAULT_REVIEW_HOURS,
  ENROLLMENT_POLICIES,
  type EnrollmentPolicy,
  MATCHING_MODES,
  type MatchingMode,
  type ProgramRow,
  REQUEST_LAPSE_DAYS,
  REQUEST_REMINDER_DAYS,
} from '../domain/programs.js';
import { CADENCE_DEFAULTS } from '../domain/scheduling/cadence.js';
import type { Taxonomy } from '../domain/taxonomy.js';
import { context, header, inputFor, LIMITS, option, plain } from './blocks.js';
import { formReader, type FormValues } from './formState.js';
import { MENU_OPTIONS_MAX, WEEKDAYS } from './intakeModal.js';
import { MODE_LABELS } from './programWords.js';
import { zId } from './values.js';

/*
 * The program form, for creating and for editing: who the program is for,
 * how people join and are matched, its coordinators and channel, its dates
 * and its rhythm. Every block id is the field name, so a field error lands
 * on its field. Left empty, a rhythm setting keeps the workspace's default,
 * which its placeholder shows.
 */

export const PROGRAM_CALLBACK = 'program_submit';
export const zProgramMeta = z.object({ programId: zId.optional() });

export const ENROLLMENT_LABELS: Record<EnrollmentPolicy, string> = {
  open: 'Open: anyone eligible joins',
  application: 'By application: a coordinator approves each person',
  invitation: 'By invitation: only the people the roster filter picks',
};
export const MATCHING_LABELS: Record<MatchingMode, string> = {
  self_serve: 'Self-serve: people ask the mentors suggested to them',
  rounds: 'Coordinator rounds: a coordinator proposes, previews and publishes',
  automatic: 'Automatic rounds: on a schedule, published after a review window',
};

export interface ProgramModalData {
  taxonomy: Taxonomy;
  /** Absent for a new program. */
  program?: ProgramRow;
  coordinators?: readonly string[];
  /** The workspace defaults the empty rhythm fields fall back to. */
  defaults: { checkInEveryDays: number; goalCheckInEveryDays: number; timeZone: string };
}

const optional = true;
const input = inputFor<ProgramField>();

function textInput(value: string | number | null | undefined, options: { max?: number; placeholder?: string; multiline?: boolean } = {}) {
  return {
    type: 'plain_text_input' as const,
    ...(options.max ? { max_length: options.max } : {}),
    ...(options.multiline ? { multiline: true } : {}),
    ...(options.placeholder ? { placeholder: plain(options.placeholder, LIMITS.placeholder) } : {}),
    ...(value !== null && value !== undefined && value !== '' ? { initial_value: String(value) } : {}),
  };
}

function pickOne<T extends string>(values: readonly T[], labels: Record<T, string>, chosen: T | undefined) {
  const options = values.map((v) => option(labels[v], v));
  const initial = options.find((o) => o.value === chosen);
  return { options, ...(initial ? { initial_option: initial } : {}) };
}

const weekdayOptions = WEEKDAYS.map((day, i) => option(day, String(i + 1)));
const weekdaySelect = (chosen: number | undefined) => {
  const initial = weekdayOptions[(chosen ?? 0) - 1];
  return { type: 'static_select' as const, options: weekdayOptions, ...(initial ? { initial_option: initial } : {}) };
};

const CIRCLE_CHOICES = ['none', ...CIRCLE_STYLES] as const;
const CIRCLE_CHOICE_LABELS: Record<(typeof CIRCLE_CHOICES)[number], string> = { none: 'No circles', facilitated: 'Circles with a facilitator', peer: 'Peer circles with a rotating host' };
const CIRCLE_CADENCE_LABELS: Record<(typeof CIRCLE_CADENCES)[number], string> = { weekly: 'Weekly', fortnightly: 'Every two weeks', monthly: 'Every four weeks' };
const SESSION_MINUTES_VALUES = SESSION_MINUTES_CHOICES.map(String);
const SESSION_MINUTES_LABELS = Object.fromEntries(SESSION_MINUTES_VALUES.map((m) => [m, `${m} minutes`])) as Record<string, string>;
const sizeOptions = Array.from({ length: CIRCLE_SIZE_MAX - CIRCLE_SIZE_MIN + 1 }, (_, i) => option(`${CIRCLE_SIZE_MIN + i} people`, String(CIRCLE_SIZE_MIN + i)));
const sizeSelect = (n: number) => ({ type: 'static_select' as const, options: sizeOptions, initial_option: sizeOptions[n - CIRCLE_SIZE_MIN] ?? sizeOptions[0] });

type Cluster = Taxonomy['clusters'][number];

/**
 * A picker of skill clusters. Within Slack's menu limit its options go with
 * the form; past it, the form would be too big (and Slack refuses it), so
 * they are served as people type (clusterOptions, from the block_suggestion
 * listener) and only the saved choices travel, as initial options.
 */
export function clusterSelect(clusters: readonly Cluster[], chosen: readonly string[], multi: boolean) {
  const options = clusters.map((c) => option(c.name, c.id));
  const initial = options.filter((o) => chosen.includes(o.value as string));
  if (options.length <= MENU_OPTIONS_MAX) {
    return multi
      ? { type: 'multi_static_select' as const, options, ...(initial.length ? { initial_options: initial } : {}) }
      : { type: 'static_select' as const, options, ...(initial[0] ? { initial_option: initial[0] } : {}) };
  }
  const placeholder = plain('Type to search', LIMITS.placeholder);
  return multi
    ? { type: 'multi_external_select' as const, placeholder, min_query_length: 1, ...(initial.length ? { initial_options: initial } : {}) }
    : { type: 'external_select' as const, placeholder, min_query_length: 1, ...(initial[0] ? { initial_option: initial[0] } : {}) };
}

/** The clusters whose name holds every word typed into a cluster picker, at most Slack's 100 options. */
export function clusterOptions(clusters: readonly Cluster[], query: string): { options: PlainTextOption[] } {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  const hits = clusters.filter((c) => words.every((w) => c.name.toLowerCase().includes(w)));
  return { options: hits.slice(0, MENU_OPTIONS_MAX).map((c) => option(c.name, c.id)) };
}

export function buildProgramModal(d: ProgramModalData): ModalView {
  const p = d.program;
  const e = p?.eligibility ?? {};
  const c = p?.cadence ?? {};
  const modes = PAIR_KINDS.map((k) => option(MODE_LABELS[k], k));
  const chosenModes = modes.filter((o) => (p?.modes ?? ['mentoring']).includes(o.value as (typeof PAIR_KINDS)[number]));
  const levels = Array.from({ length: 10 }, (_, i) => option(`Level ${i + 1}`, String(i + 1)));
  const demographicOptions = DEMOGRAPHIC_QUESTIONS.map((q) => option(DEMOGRAPHIC_LABELS[q], q));
  const chosenDemographics = demographicOptions.filter((o) => p?.demographics.includes(o.value as DemographicQuestion));
  const menteeCaps = Array.from({ length: 5 }, (_, i) => option(i === 0 ? '1 mentee' : `${i + 1} mentees`, String(i + 1)));
  const level = (n: number | undefined) => ({ type: 'static_select' as const, options: levels, ...(n ? { initial_option: levels[n - 1] } : {}) });
  const date = (value: string | null | undefined) => ({ type: 'datepicker' as const, ...(value ? { initial_date: value } : {}) });
  const time = (minute: number | undefined) => ({ type: 'timepicker' as const, ...(minute !== undefined ? { initial_time: formatMinutes(minute) } : {}) });

  const blocks: KnownBlock[] = [
    input('name', 'Name', textInput(p?.name, { max: PROGRAM_LIMITS.name, placeholder: 'Leadership cohort, spring' })),
    input('purpose', 'Purpose: what people should come away with', textInput(p?.purpose, { max: PROGRAM_LIMITS.purpose, multiline: true }), { optional }),
    input('modes', 'Kinds of mentoring it offers', { type: 'checkboxes', options: modes, ...(chosenModes.length ? { initial_options: chosenModes } : {}) }, {
      hint: plain('Group circles are set below.', LIMITS.hint),
    }),
    ...(d.taxonomy.clusters.length
      ? [input('tracks', 'Tracks: the skill clusters it focuses on', clusterSelect(d.taxonomy.clusters, p?.tracks ?? [], true), { optional, hint: plain('A cohort asks people to rate themselves on these when they join and at the close.', LIMITS.hint) })]
      : []),
    input('enrollment', 'How people join', { type: 'radio_buttons', ...pickOne(ENROLLMENT_POLICIES, ENROLLMENT_LABELS, p?.enrollment ?? 'open') }),
    header('Who may join'),
    input('departments', 'Departments', textInput(e.departments?.join(', '), { placeholder: 'Anyone; or e.g. Engineering, Design' }), { optional }),
    input('levelMin', 'Lowest level', level(e.levelMin), { optional }),
    input('levelMax', 'Highest level', level(e.levelMax), { optional }),
    input('locations', 'Locations', textInput(e.locations?.join(', '), { placeholder: 'Anywhere; or e.g. Paris, Remote' }), { optional }),
    header('Coordinators and channel'),
    input('coordinators', 'Program coordinators', { type: 'multi_users_select', ...(d.coordinators?.length ? { initial_users: [...d.coordinators] } : {}) }, { optional, hint: plain('Besides the workspace admins, who coordinate every program.', LIMITS.hint) }),
    input('channel', "Coordinators' channel", { type: 'conversations_select', filter: { include: ['public', 'private'], exclude_bot_users: true }, ...(p?.channelId ? { initial_conversation: p.channelId } : {}) }, { optional, hint: plain('Round previews, flags and the weekly digest go here. Add the bot to it first.', LIMITS.hint) }),
    header('Places and matching'),
    input('seats', 'Places for mentees', textInput(p?.seats, { placeholder: 'No limit' }), { optional, hint: plain('Past it, people wait in line and are told where they stand.', LIMITS.hint) }),
    input('maxMentees', 'Mentees per mentor in this program', { type: 'static_select', options: menteeCaps, ...(p?.maxMenteesPerMentor ? { initial_option: menteeCaps[p.maxMenteesPerMentor - 1] } : {}) }, { optional }),
    input('maxHours', 'Mentor hours a month in this program', textInput(p?.maxHoursPerMonth, { placeholder: 'Each mentor’s own limit' }), { optional }),
    input('minFit', 'Minimum fit for a pair, in percent', textInput(p?.minFit, { max: 4, placeholder: 'None: a shared skill or goal is enough' }), {
      optional,
      hint: plain('0–100. Rounds and suggestions leave out pairs that fit less; people left waiting are told why.', LIMITS.hint),
    }),
    input('fairnessTarget', 'Fairness target, in points', textInput(p?.fairnessTarget, { max: 9, placeholder: 'None' }), {
      optional,
      hint: plain(`${FAIRNESS_TARGET.min}–${FAIRNESS_TARGET.max}. Rounds keep every department, level and location within this many points of the overall match rate where the pool allows; the preview says what it cost in fit.`, LIMITS.hint),
    }),
    input('demographics', 'Self-described demographics for the bias audit', { type: 'checkboxes', options: demographicOptions, ...(chosenDemographics.length ? { initial_options: chosenDemographics } : {}) }, {
      optional,
      hint: plain('Members are asked these with /mentor about-me, each optional, with their own consent; the quarterly audit counts them only in groups large enough to stay anonymous. None ticked: not asked.', LIMITS.hint),
    }),
    input('matchingMode', 'How people are matched', { type: 'radio_buttons', ...pickOne(MATCHING_MODES, MATCHING_LABELS, p?.matchingMode ?? 'self_serve') }),
    input('roundDay', 'Automatic rounds: day', weekdaySelect(p?.autoRound?.weekday), { optional }),
    input('roundTime', 'Automatic rounds: time', time(p?.autoRound?.minuteOfDay), { optional }),
    input('reviewHours', 'Automatic rounds: hours to review before publishing', textInput(p?.autoRound?.reviewHours, { placeholder: String(DEFAULT_REVIEW_HOURS) }), { optional }),
    header('Group circles'),
    input('circles', 'Circles', { type: 'radio_buttons', ...pickOne(CIRCLE_CHOICES, CIRCLE_CHOICE_LABELS, p?.circleSettings?.style ?? 'none') }, { optional }),
    input('circleSizeMin', 'Smallest circle', sizeSelect(p?.circleSettings?.sizeMin ?? DEFAULT_CIRCLE_SETTINGS.sizeMin), { optional }),
    input('circleSizeMax', 'Largest circle', sizeSelect(p?.circleSettings?.sizeMax ?? DEFAULT_CIRCLE_SETTINGS.sizeMax), { optional }),
    input('circleCadence', 'Circles meet', { type: 'static_select', ...pickOne(CIRCLE_CADENCES, CIRCLE_CADENCE_LABELS, p?.circleSettings?.cadence ?? DEFAULT_CIRCLE_SETTINGS.cadence) }, { optional }),
    input('circleMinutes', 'Circle sessions last', { type: 'static_select', ...pickOne(SESSION_MINUTES_VALUES, SESSION_MINUTES_LABELS, String(p?.circleSettings?.sessionMinutes ?? DEFAULT_CIRCLE_SETTINGS.sessionMinutes)) }, { optional }),
    header('Dates'),
    input('startsOn', 'Cohort start', date(p?.startsOn), { optional }),
    input('endsOn', 'Cohort end', date(p?.endsOn), { optional, hint: plain('Leave both dates empty for a program that runs all year.', LIMITS.hint) }),
    input('timeZone', 'Time zone for dates, rounds and the digest', textInput(p?.timeZone, { placeholder: d.defaults.timeZone }), { optional }),
    header('Rhythm'),
    input('checkInDays', 'Days between mentor check-ins', textInput(c.checkInEveryDays, { placeholder: String(d.defaults.checkInEveryDays) }), { optional }),
    input('goalCheckInDays', 'Days between goal check-ins', textInput(c.goalCheckInEveryDays, { placeholder: String(d.defaults.goalCheckInEveryDays) }), { optional }),
    input('reminderDays', 'Days before a request is reminded', textInput(c.requestReminderDays, { placeholder: String(REQUEST_REMINDER_DAYS) }), { optional }),
    input('lapseDays', 'Days before a request lapses', textInput(c.requestLapseDays, { placeholder: String(REQUEST_LAPSE_DAYS) }), { optional }),
    input('nudgeWeeks', 'Quiet weeks before a pair is nudged', textInput(c.stalledNudgeWeeks, { placeholder: String(CADENCE_DEFAULTS.nudgeAfterDays / 7) }), { optional }),
    input('flagWeeks', 'Quiet weeks before coordinators are told', textInput(c.stalledFlagWeeks, { placeholder: String(CADENCE_DEFAULTS.flagAfterDays / 7) }), { optional }),
    input('digestDay', 'Weekly digest: day', weekdaySelect(c.digestWeekday ?? DIGEST_WEEKDAY), { optional }),
    input('digestTime', 'Weekly digest: time', time((c.digestHour ?? DIGEST_HOUR) * 60), { optional }),
    context('Empty rhythm fields keep the workspace’s defaults, shown in grey.'),
  ];
  return {
    type: 'modal',
    callback_id: PROGRAM_CALLBACK,
    private_metadata: JSON.stringify(p ? { programId: p.id } : {}),
    title: plain(p ? 'Edit program' : 'New program', LIMITS.modalTitle),
    submit: plain(p ? 'Save' : 'Create', LIMITS.modalButton),
    close: plain('Cancel', LIMITS.modalButton),
    blocks,
  };
}

/** Reads the submitted form back into raw answers for the domain to validate. */
export function readProgramState(values: FormValues): RawProgram {
  const form = formReader(values);
  const fields: ProgramField[] = ['name', 'purpose', 'enrollment', 'departments', 'levelMin', 'levelMax', 'locations', 'channel', 'timeZone', 'seats', 'maxMentees', 'maxHours', 'minFit', 'fairnessTarget', 'matchingMode', 'roundDay', 'roundTime', 'reviewHours', 'circles', 'circleSizeMin', 'circleSizeMax', 'circleCadence', 'circleMinutes', 'startsOn', 'endsOn', 'checkInDays', 'goalCheckInDays', 'reminderDays', 'lapseDays', 'nudgeWeeks', 'flagWeeks', 'digestDay', 'digestTime'];
  return {
    ...Object.fromEntries(fields.map((f) => [f, form.answer(f)])),
    modes: form.ticked('modes'),
    tracks: form.ticked('tracks'),
    demographics: form.ticked('demographics'),
    coordinators: form.users('coordinators'),
  } as RawProgram;
}
