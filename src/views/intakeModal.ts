import type { KnownBlock, ModalView, Option, PlainTextElement, PlainTextOption } from '@slack/types';
import {
  FORMAT_LABELS,
  FORMATS,
  formatMinutes,
  GIVING_ROLES,
  type IntakeAnswers,
  type IntakeField,
  LEVELS,
  MAX_GOALS,
  MAX_SKILLS,
  PACE_LABELS,
  type RawIntake,
  ROLE_LABELS,
  ROLES,
  type Role,
  TEXT_LIMITS,
} from '../domain/intake.js';
import { PACES } from '../domain/matching/workingStyle.js';
import { z } from 'zod';
import type { Taxonomy } from '../domain/taxonomy.js';
import { context, escape, inputFor, LIMITS, option, plain, section } from './blocks.js';
import { formReader, type FormValues } from './formState.js';
import { zId } from './values.js';

export const INTAKE_CALLBACK_ID = 'intake_submit';
/** The skill pickers; with a taxonomy too big for a menu, Slack asks for their options as people type. */
export const SKILL_FIELDS = ['skillsOffered', 'skillsWanted'] as const;
/** Slack's most options in one select menu. */
export const MENU_OPTIONS_MAX = 100;

export const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'] as const;

export interface IntakeModalData {
  taxonomy: Taxonomy;
  mode: 'join' | 'edit';
  /** Previous answers, to pre-fill when editing. */
  initial?: IntakeAnswers;
  /** The person's Slack profile time zone, the default for new people. */
  slackTimeZone?: string;
  /** Present when the HR roster already supplies department, level and location. */
  roster?: { department: string | null; level: number | null; location: string | null };
  /** Joining a program other than the default one: its name, and the roles its kinds of mentoring use. */
  program?: { id: number; name: string; roles: readonly Role[] };
  /**
   * 'program': only the program's part (roles, goals, capacity), for someone who already has a profile.
   * 'profile': only what every program shares (skills, time zone, hours, format), for a member outside the default program.
   */
  part?: IntakePart;
  /** With part 'profile': whether they mentor in some program, so the form asks how much they can give. */
  gives?: boolean;
}

export const INTAKE_PARTS = ['full', 'program', 'profile'] as const;
export type IntakePart = (typeof INTAKE_PARTS)[number];
export const zIntakeMeta = z.object({ mode: z.enum(['join', 'edit']), programId: zId.optional(), part: z.enum(INTAKE_PARTS).optional() });

// This form has always sent `emoji: true` on its plain texts; kept, so what Slack receives stays as it was.
const emoji = true;
const input = inputFor<IntakeField>(emoji);

function selected<T extends Option>(options: T[], values: readonly string[] | undefined): { initial_options?: T[] } {
  const chosen = options.filter((o) => o.value !== undefined && values?.includes(o.value));
  return chosen.length > 0 ? { initial_options: chosen } : {};
}

/** The intake form. Joining and editing share it, so a profile can always be edited with the form it came from. */
export function buildIntakeModal(data: IntakeModalData): ModalView {
  const a = data.initial;
  const partOnly = data.part === 'program';
  const profileOnly = data.part === 'profile';
  const roleOptions = ROLES.filter((r) => !data.program || data.program.roles.includes(r)).map((r) => option(ROLE_LABELS[r], r, { emoji }));
  const gives = profileOnly ? data.gives === true : !data.program || data.program.roles.some((r) => GIVING_ROLES.includes(r));
  const groups = data.taxonomy.clusters.map((c) => ({ label: plain(c.name, LIMITS.optionText, emoji), options: c.skills.map((s) => option(s.name, s.id, { emoji })) }));
  const all = groups.flatMap((g) => g.options);
  // Past Slack's menu limit, the options are served as people type (see skillOptions), not sent with the form.
  const external = all.length > MENU_OPTIONS_MAX;
  const skillSelect = (values: string[] | undefined, placeholder: string) => {
    const initial = all.filter((o) => values?.includes(o.value as string));
    const chosen = initial.length > 0 ? { initial_options: initial } : {};
    return external
      ? { type: 'multi_external_select' as const, placeholder: plain(`${placeholder}: type to search`, LIMITS.placeholder, emoji), min_query_length: 1, max_selected_items: MAX_SKILLS, ...chosen }
      : { type: 'multi_static_select' as const, placeholder: plain(placeholder, LIMITS.placeholder, emoji), option_groups: groups, max_selected_items: MAX_SKILLS, ...chosen };
  };
  const time = (value: number | undefined, fallback: string) => ({
    type: 'timepicker' as const,
    initial_time: value === undefined ? fallback : formatMinutes(value),
  });
  const text = (value: string | null | undefined, max: number, placeholder: string, multiline = false) => ({
    type: 'plain_text_input' as const,
    max_length: max,
    multiline,
    placeholder: plain(placeholder, LIMITS.placeholder, emoji),
    ...(value ? { initial_value: value } : {}),
  });

  const blocks: KnownBlock[] = [
    section(
      data.program
        ? `Joining *${escape(data.program.name)}*. ${partOnly ? 'Your skills, time zone and hours come from your profile; here is only what is particular to this program.' : 'It takes about three minutes, and you can change any answer later with `/mentor profile`.'}`
        : profileOnly
          ? 'Your skills, time zone and hours, shared by every program you take part in. How you take part and your goals belong to each program: `/mentor programs` lists them.'
          : data.mode === 'join'
            ? 'Tell us how you would like to take part. It takes about three minutes, and you can change any answer later with `/mentor profile`.'
            : 'Update any answer. Your matches and sessions are kept.',
    ),
  ];
  if (!profileOnly) {
    blocks.push(input('roles', 'How would you like to take part?', { type: 'checkboxes', options: roleOptions, ...selected(roleOptions, a?.roles) }, {
      hint: plain('Reverse mentors are early-career colleagues who share their perspective with a leader (the reverse mentee).', LIMITS.hint, emoji),
    }));
  }
  blocks.push(
    ...(partOnly
      ? []
      : [
          input('skillsOffered', 'Skills you can offer', skillSelect(a?.skillsOffered, 'Choose up to 10'), { optional: true, hint: plain('Needed if you mentor.', LIMITS.hint, emoji) }),
          input('skillsWanted', 'Skills you want to grow', skillSelect(a?.skillsWanted, 'Choose up to 10'), { optional: true, hint: plain('Needed if you want a mentor.', LIMITS.hint, emoji) }),
        ]),
  );
  if (!profileOnly) blocks.push({ type: 'header', text: plain('Development goals', LIMITS.header, emoji) }, context(`Up to ${MAX_GOALS}. For each: what you want to achieve, how you will know, and by when.`));
  for (let i = 0; i < (profileOnly ? 0 : MAX_GOALS); i += 1) {
    const n = (i + 1) as 1 | 2 | 3;
    const goal = a?.goals[i];
    blocks.push(
      input(`goal${n}Aim`, `Goal ${n}: what you want to achieve`, text(goal?.aim, TEXT_LIMITS.goalAim, 'e.g. Lead my first cross-team project', true), { optional: true }),
      input(`goal${n}Measure`, `Goal ${n}: how you will know`, text(goal?.measure, TEXT_LIMITS.goalMeasure, 'e.g. The launch ships and the retro says it ran well'), { optional: true }),
      input(`goal${n}Due`, `Goal ${n}: by when`, { type: 'datepicker', ...(goal ? { initial_date: goal.dueOn } : {}) }, { optional: true }),
    );
  }
  const capacityOptions = [1, 2, 3, 4, 5].map((n) => option(n === 1 ? '1 person' : `${n} people`, String(n), { emoji }));
  const capacityInitial = capacityOptions.find((o) => o.value === String(a?.capacityMentees));
  const capacity: KnownBlock[] = gives
    ? [
        input('capacityMentees', data.program && partOnly ? 'If you mentor here: how many people at once?' : 'If you mentor: how many people at once?', {
          type: 'static_select',
          placeholder: plain('Choose', LIMITS.placeholder, emoji),
          options: capacityOptions,
          ...(capacityInitial ? { initial_option: capacityInitial } : {}),
        }, { optional: true }),
        input('capacityHoursPerMonth', 'If you mentor: hours a month you can give', {
          type: 'number_input',
          is_decimal_allowed: false,
          min_value: '1',
          max_value: '40',
          ...(a?.capacityHoursPerMonth ? { initial_value: String(a.capacityHoursPerMonth) } : {}),
        }, { optional: true }),
      ]
    : [];
  if (partOnly) return modal(data, [...blocks, ...(capacity.length ? [{ type: 'header', text: plain('How much you can give', LIMITS.header, emoji) } as KnownBlock, ...capacity] : [])]);
  const dayOptions = WEEKDAYS.map((d, i) => option(d, String(i + 1), { emoji }));
  blocks.push(
    { type: 'header', text: plain('When you can meet', LIMITS.header, emoji) },
    input('timeZone', 'Time zone', text(a?.timeZone ?? data.slackTimeZone, TEXT_LIMITS.timeZone, 'e.g. Europe/Berlin'), {
      hint: plain('From your Slack profile. Change it if it is wrong: an IANA name such as America/New_York or Asia/Kolkata.', LIMITS.hint, emoji),
    }),
    input('workDays', 'Days you work', { type: 'checkboxes', options: dayOptions, ...selected(dayOptions, (a?.workDays ?? [1, 2, 3, 4, 5]).map(String)) }),
    input('workStart', 'Working day starts', time(a?.workStartMinute, '09:00')),
    input('workEnd', 'Working day ends', time(a?.workEndMinute, '17:00'), { hint: plain('We only ever message you inside these hours, on your working days.', LIMITS.hint, emoji) }),
    input('availabilityStart', 'Earliest time to meet', time(a?.availabilityStartMinute, '10:00')),
    input('availabilityEnd', 'Latest time to meet', time(a?.availabilityEndMinute, '16:00'), { hint: plain('On your working days, in your time zone.', LIMITS.hint, emoji) }),
    { type: 'header', text: plain('How you like to work', LIMITS.header, emoji) },
  );
  blocks.push(...capacity);
  const formatOptions = FORMATS.map((f) => option(FORMAT_LABELS[f], f, { emoji }));
  const formatInitial = formatOptions.find((o) => o.value === a?.format);
  const paceOptions = PACES.map((p) => option(PACE_LABELS[p], p, { emoji }));
  const paceInitial = paceOptions.find((o) => o.value === a?.pace);
  blocks.push(
    input('format', 'Preferred format', { type: 'radio_buttons', options: formatOptions, ...(formatInitial ? { initial_option: formatInitial } : {}) }),
    input('pace', 'How often you would like to meet', { type: 'radio_buttons', options: paceOptions, ...(paceInitial ? { initial_option: paceInitial } : {}) }, {
      optional: true,
      hint: plain('Matching prefers people who like the same format and rhythm; neither rules anyone out.', LIMITS.hint, emoji),
    }),
  );
  if (data.roster) {
    const r = data.roster;
    // HR's words, like anything people type, reach mrkdwn only escaped.
    blocks.push(context(`From the HR roster: ${escape([r.department, r.level ? `level ${r.level}` : null, r.location].filter(Boolean).join(' · '))}`));
  } else {
    const levelOptions = Array.from({ length: LEVELS.max - LEVELS.min + 1 }, (_, i) => {
      const n = LEVELS.min + i;
      return option(n === LEVELS.min ? `${n} (entry level)` : n === LEVELS.max ? `${n} (executive)` : String(n), String(n), { emoji });
    });
    const levelInitial = levelOptions.find((o) => o.value === String(a?.level));
    blocks.push(
      input('department', 'Department', text(a?.department, TEXT_LIMITS.department, 'e.g. Engineering')),
      input('level', 'Level', { type: 'static_select', placeholder: plain('Choose', LIMITS.placeholder, emoji), options: levelOptions, ...(levelInitial ? { initial_option: levelInitial } : {}) }, {
        hint: plain('Used so mentors are at least as senior as their mentees (and the other way round for reverse mentoring).', LIMITS.hint, emoji),
      }),
      input('location', 'Location', text(a?.location, TEXT_LIMITS.location, 'e.g. Berlin, or Remote')),
    );
  }
  const consent = option('I agree to my answers being used for matching and anonymous reports.', 'yes', { emoji });
  blocks.push(
    // Ticked only for a member editing: someone joining, or coming back after leaving, agrees afresh.
    input('consent', 'Consent', { type: 'checkboxes', options: [consent], ...(a && data.mode === 'edit' ? { initial_options: [consent] } : {}) }, {
      hint: plain('Ratings and comments are never shown with your name. You can export or delete your data at any time.', LIMITS.hint, emoji),
    }),
  );
  return modal(data, blocks);
}

function modal(data: IntakeModalData, blocks: KnownBlock[]): ModalView {
  const meta = { mode: data.mode, ...(data.program ? { programId: data.program.id } : {}), ...(data.part === 'program' || data.part === 'profile' ? { part: data.part } : {}) };
  return {
    type: 'modal',
    callback_id: INTAKE_CALLBACK_ID,
    private_metadata: JSON.stringify(meta),
    title: plain(data.program ? 'Join a program' : data.mode === 'join' ? 'Join mentoring' : 'Edit your profile', LIMITS.modalTitle, emoji),
    submit: plain(data.mode === 'join' ? 'Join' : 'Save', LIMITS.modalButton, emoji),
    close: plain('Cancel', LIMITS.modalButton, emoji),
    blocks,
  };
}

/**
 * The skills that match what someone typed into a skill picker, grouped by
 * cluster as in the static menu: skills whose name contains the words (or
 * whose cluster does), at most Slack's 100 options.
 */
export function skillOptions(taxonomy: Taxonomy, query: string): { option_groups: { label: PlainTextElement; options: PlainTextOption[] }[] } {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  const matches = (text: string) => words.every((w) => text.toLowerCase().includes(w));
  let room = MENU_OPTIONS_MAX;
  const groups: { label: PlainTextElement; options: PlainTextOption[] }[] = [];
  for (const cluster of taxonomy.clusters) {
    if (room === 0) break;
    const hits = cluster.skills.filter((s) => matches(`${s.name} ${cluster.name}`)).slice(0, room);
    if (hits.length === 0) continue;
    room -= hits.length;
    groups.push({ label: plain(cluster.name, LIMITS.optionText, emoji), options: hits.map((s) => option(s.name, s.id, { emoji })) });
  }
  return { option_groups: groups };
}

/** Kept under this name for the callers that read the intake's state. */
export type ViewStateValues = FormValues;

/** Reads the submitted form back into raw answers for the domain to validate. */
export function readIntakeState(values: ViewStateValues): RawIntake {
  const form = formReader(values);
  const str = (field: IntakeField) => form.answer(field);
  const list = (field: IntakeField) => form.ticked(field);
  return {
    roles: list('roles'),
    skillsOffered: list('skillsOffered'),
    skillsWanted: list('skillsWanted'),
    goals: ([1, 2, 3] as const).map((n) => ({ aim: str(`goal${n}Aim`), measure: str(`goal${n}Measure`), due: str(`goal${n}Due`) })),
    timeZone: str('timeZone'),
    workDays: list('workDays'),
    workStart: str('workStart'),
    workEnd: str('workEnd'),
    availabilityStart: str('availabilityStart'),
    availabilityEnd: str('availabilityEnd'),
    capacityMentees: str('capacityMentees'),
    capacityHoursPerMonth: str('capacityHoursPerMonth'),
    format: str('format'),
    pace: str('pace'),
    department: str('department'),
    level: str('level'),
    location: str('location'),
    consent: list('consent').includes('yes'),
  };
}
