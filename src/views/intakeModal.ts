import type { InputBlock, KnownBlock, ModalView, Option, PlainTextElement, PlainTextOption } from '@slack/types';
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
import { clip, context, escape } from './blocks.js';
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

const plain = (text: string) => ({ type: 'plain_text' as const, text, emoji: true });
const option = (text: string, value: string): PlainTextOption => ({ text: plain(text), value });

/** Block ID and action ID are both the field name, so a field error maps straight to its block. */
function input(field: IntakeField, label: string, element: InputBlock['element'], extra: Partial<InputBlock> = {}): InputBlock {
  return { type: 'input', block_id: field, label: plain(label), element: { ...element, action_id: field }, ...extra };
}

function selected<T extends Option>(options: T[], values: readonly string[] | undefined): { initial_options?: T[] } {
  const chosen = options.filter((o) => o.value !== undefined && values?.includes(o.value));
  return chosen.length > 0 ? { initial_options: chosen } : {};
}

/** The intake form. Joining and editing share it, so a profile can always be edited with the form it came from. */
export function buildIntakeModal(data: IntakeModalData): ModalView {
  const a = data.initial;
  const partOnly = data.part === 'program';
  const profileOnly = data.part === 'profile';
  const roleOptions = ROLES.filter((r) => !data.program || data.program.roles.includes(r)).map((r) => option(ROLE_LABELS[r], r));
  const gives = profileOnly ? data.gives === true : !data.program || data.program.roles.some((r) => GIVING_ROLES.includes(r));
  const groups = data.taxonomy.clusters.map((c) => ({ label: plain(c.name), options: c.skills.map((s) => option(s.name, s.id)) }));
  const all = groups.flatMap((g) => g.options);
  // Past Slack's menu limit, the options are served as people type (see skillOptions), not sent with the form.
  const external = all.length > MENU_OPTIONS_MAX;
  const skillSelect = (values: string[] | undefined, placeholder: string) => {
    const initial = all.filter((o) => values?.includes(o.value as string));
    const chosen = initial.length > 0 ? { initial_options: initial } : {};
    return external
      ? { type: 'multi_external_select' as const, placeholder: plain(`${placeholder}: type to search`), min_query_length: 1, max_selected_items: MAX_SKILLS, ...chosen }
      : { type: 'multi_static_select' as const, placeholder: plain(placeholder), option_groups: groups, max_selected_items: MAX_SKILLS, ...chosen };
  };
  const time = (value: number | undefined, fallback: string) => ({
    type: 'timepicker' as const,
    initial_time: value === undefined ? fallback : formatMinutes(value),
  });
  const text = (value: string | null | undefined, max: number, placeholder: string, multiline = false) => ({
    type: 'plain_text_input' as const,
    max_length: max,
    multiline,
    placeholder: plain(placeholder),
    ...(value ? { initial_value: value } : {}),
  });

  const blocks: KnownBlock[] = [
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: data.program
          ? `Joining *${escape(data.program.name)}*. ${partOnly ? 'Your skills, time zone and hours come from your profile; here is only what is particular to this program.' : 'It takes about three minutes, and you can change any answer later with `/mentor profile`.'}`
          : profileOnly
            ? 'Your skills, time zone and hours, shared by every program you take part in. How you take part and your goals belong to each program: `/mentor programs` lists them.'
            : data.mode === 'join'
              ? 'Tell us how you would like to take part. It takes about three minutes, and you can change any answer later with `/mentor profile`.'
              : 'Update any answer. Your matches and sessions are kept.',
      },
    },
  ];
  if (!profileOnly) {
    blocks.push(input('roles', 'How would you like to take part?', { type: 'checkboxes', options: roleOptions, ...selected(roleOptions, a?.roles) }, {
      hint: plain('Reverse mentors are early-career colleagues who share their perspective with a leader (the reverse mentee).'),
    }));
  }
  blocks.push(
    ...(partOnly
      ? []
      : [
          input('skillsOffered', 'Skills you can offer', skillSelect(a?.skillsOffered, 'Choose up to 10'), { optional: true, hint: plain('Needed if you mentor.') }),
          input('skillsWanted', 'Skills you want to grow', skillSelect(a?.skillsWanted, 'Choose up to 10'), { optional: true, hint: plain('Needed if you want a mentor.') }),
        ]),
  );
  if (!profileOnly) blocks.push({ type: 'header', text: plain('Development goals') }, context(`Up to ${MAX_GOALS}. For each: what you want to achieve, how you will know, and by when.`));
  for (let i = 0; i < (profileOnly ? 0 : MAX_GOALS); i += 1) {
    const n = (i + 1) as 1 | 2 | 3;
    const goal = a?.goals[i];
    blocks.push(
      input(`goal${n}Aim`, `Goal ${n}: what you want to achieve`, text(goal?.aim, TEXT_LIMITS.goalAim, 'e.g. Lead my first cross-team project', true), { optional: true }),
      input(`goal${n}Measure`, `Goal ${n}: how you will know`, text(goal?.measure, TEXT_LIMITS.goalMeasure, 'e.g. The launch ships and the retro says it ran well'), { optional: true }),
      input(`goal${n}Due`, `Goal ${n}: by when`, { type: 'datepicker', ...(goal ? { initial_date: goal.dueOn } : {}) }, { optional: true }),
    );
  }
  const capacityOptions = [1, 2, 3, 4, 5].map((n) => option(n === 1 ? '1 person' : `${n} people`, String(n)));
  const capacityInitial = capacityOptions.find((o) => o.value === String(a?.capacityMentees));
  const capacity: KnownBlock[] = gives
    ? [
        input('capacityMentees', data.program && partOnly ? 'If you mentor here: how many people at once?' : 'If you mentor: how many people at once?', {
          type: 'static_select',
          placeholder: plain('Choose'),
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
  if (partOnly) return modal(data, [...blocks, ...(capacity.length ? [{ type: 'header', text: plain('How much you can give') } as KnownBlock, ...capacity] : [])]);
  const dayOptions = WEEKDAYS.map((d, i) => option(d, String(i + 1)));
  blocks.push(
    { type: 'header', text: plain('When you can meet') },
    input('timeZone', 'Time zone', text(a?.timeZone ?? data.slackTimeZone, TEXT_LIMITS.timeZone, 'e.g. Europe/Berlin'), {
      hint: plain('From your Slack profile. Change it if it is wrong: an IANA name such as America/New_York or Asia/Kolkata.'),
    }),
    input('workDays', 'Days you work', { type: 'checkboxes', options: dayOptions, ...selected(dayOptions, (a?.workDays ?? [1, 2, 3, 4, 5]).map(String)) }),
    input('workStart', 'Working day starts', time(a?.workStartMinute, '09:00')),
    input('workEnd', 'Working day ends', time(a?.workEndMinute, '17:00'), { hint: plain('We only ever message you inside these hours, on your working days.') }),
    input('availabilityStart', 'Earliest time to meet', time(a?.availabilityStartMinute, '10:00')),
    input('availabilityEnd', 'Latest time to meet', time(a?.availabilityEndMinute, '16:00'), { hint: plain('On your working days, in your time zone.') }),
    { type: 'header', text: plain('How you like to work') },
  );
  blocks.push(...capacity);
  const formatOptions = FORMATS.map((f) => option(FORMAT_LABELS[f], f));
  const formatInitial = formatOptions.find((o) => o.value === a?.format);
  const paceOptions = PACES.map((p) => option(PACE_LABELS[p], p));
  const paceInitial = paceOptions.find((o) => o.value === a?.pace);
  blocks.push(
    input('format', 'Preferred format', { type: 'radio_buttons', options: formatOptions, ...(formatInitial ? { initial_option: formatInitial } : {}) }),
    input('pace', 'How often you would like to meet', { type: 'radio_buttons', options: paceOptions, ...(paceInitial ? { initial_option: paceInitial } : {}) }, {
      optional: true,
      hint: plain('Matching prefers people who like the same format and rhythm; neither rules anyone out.'),
    }),
  );
  if (data.roster) {
    const r = data.roster;
    // HR's words, like anything people type, reach mrkdwn only escaped.
    blocks.push(context(`From the HR roster: ${escape([r.department, r.level ? `level ${r.level}` : null, r.location].filter(Boolean).join(' · '))}`));
  } else {
    const levelOptions = Array.from({ length: LEVELS.max - LEVELS.min + 1 }, (_, i) => {
      const n = LEVELS.min + i;
      return option(n === LEVELS.min ? `${n} (entry level)` : n === LEVELS.max ? `${n} (executive)` : String(n), String(n));
    });
    const levelInitial = levelOptions.find((o) => o.value === String(a?.level));
    blocks.push(
      input('department', 'Department', text(a?.department, TEXT_LIMITS.department, 'e.g. Engineering')),
      input('level', 'Level', { type: 'static_select', placeholder: plain('Choose'), options: levelOptions, ...(levelInitial ? { initial_option: levelInitial } : {}) }, {
        hint: plain('Used so mentors are at least as senior as their mentees (and the other way round for reverse mentoring).'),
      }),
      input('location', 'Location', text(a?.location, TEXT_LIMITS.location, 'e.g. Berlin, or Remote')),
    );
  }
  const consent = option('I agree to my answers being used for matching and anonymous reports.', 'yes');
  blocks.push(
    // Ticked only for a member editing: someone joining, or coming back after leaving, agrees afresh.
    input('consent', 'Consent', { type: 'checkboxes', options: [consent], ...(a && data.mode === 'edit' ? { initial_options: [consent] } : {}) }, {
      hint: plain('Ratings and comments are never shown with your name. You can export or delete your data at any time.'),
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
    title: plain(data.program ? clip('Join a program', 24) : data.mode === 'join' ? 'Join mentoring' : 'Edit your profile'),
    submit: plain(data.mode === 'join' ? 'Join' : 'Save'),
    close: plain('Cancel'),
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
    groups.push({ label: plain(cluster.name), options: hits.map((s) => option(s.name, s.id)) });
  }
  return { option_groups: groups };
}

type StateValue = {
  type?: string;
  value?: string | null;
  selected_option?: { value?: string } | null;
  selected_options?: { value?: string }[];
  selected_date?: string | null;
  selected_time?: string | null;
};
export type ViewStateValues = Record<string, Record<string, StateValue>>;

/** Reads the submitted form back into raw answers for the domain to validate. */
export function readIntakeState(values: ViewStateValues): RawIntake {
  const get = (field: IntakeField): StateValue | undefined => values[field]?.[field];
  const str = (field: IntakeField) => {
    const v = get(field);
    return v?.value ?? v?.selected_option?.value ?? v?.selected_date ?? v?.selected_time ?? undefined;
  };
  const list = (field: IntakeField) => (get(field)?.selected_options ?? []).map((o) => o.value ?? '');
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
