import type { KnownBlock, ModalView } from '@slack/types';
import { z } from 'zod';
import { ROLE_LABELS, type Role } from '../domain/intake.js';
import type { EnrollmentStatus, ProgramRow } from '../domain/programs.js';
import { actions, bounded, button, clip, context, divider, escape, header, type Message, mention, message, plain, quote, section } from './blocks.js';
import { ENROLLMENT_STATUS_WORDS, programDates, programModes, programName } from './programWords.js';
import { zId } from './values.js';

/*
 * What people and coordinators see of programs: the list to join from,
 * invitations, applications and their answers, the waitlist.
 */

export const PROGRAM_JOIN_PREFIX = 'program_join:';
export const PROGRAM_JOIN_ACTION = /^program_join:\d+$/;
export const PROGRAMS_BROWSE_ACTION = 'programs_browse';
export const APPLICATION_ACTIONS = { approve: 'application_approve', decline: 'application_decline' } as const;
export const zProgramValue = zId;
export const zApplicationValue = zId;

/** How a person stands with a program, as the list shows it. */
export interface ProgramCard {
  program: Pick<ProgramRow, 'id' | 'name' | 'purpose' | 'modes' | 'startsOn' | 'endsOn' | 'enrollment'>;
  seatsLeft: number | null;
  standing: { status: EnrollmentStatus; waitlistPosition?: number } | undefined;
}

const PURPOSE_SHOWN = 600;
const PROGRAMS_LISTED = 20;

function seats(c: ProgramCard): string {
  if (c.seatsLeft === null) return '';
  return c.seatsLeft > 0 ? ` · ${c.seatsLeft} ${c.seatsLeft === 1 ? 'place' : 'places'} left` : ' · full: join the waitlist';
}

function standing(c: ProgramCard): string | undefined {
  const s = c.standing;
  if (!s || s.status === 'left' || s.status === 'completed' || s.status === 'declined') return undefined;
  if (s.status === 'waitlisted') return `You are on the waitlist${s.waitlistPosition ? `, number ${s.waitlistPosition}` : ''}.`;
  return `You are ${ENROLLMENT_STATUS_WORDS[s.status]}.`;
}

function joinLabel(c: ProgramCard): string {
  if (c.program.enrollment === 'application') return 'Apply';
  return c.seatsLeft === 0 ? 'Join the waitlist' : 'Join';
}

function card(c: ProgramCard): KnownBlock[] {
  const p = c.program;
  const where = standing(c);
  const facts = `${programModes(p)} · ${programDates(p)}${p.enrollment === 'application' ? ' · needs a coordinator’s approval' : ''}${seats(c)}`;
  return [
    section(`${programName(p)}\n${p.purpose ? escape(clip(p.purpose, PURPOSE_SHOWN)) : '_No purpose written yet._'}`, where ? {} : { accessory: button(`${PROGRAM_JOIN_PREFIX}${p.id}`, joinLabel(c), { style: 'primary', value: p.id }) }),
    context(where ? `${escape(facts)} · ${where}` : escape(facts)),
  ];
}

export function buildProgramList(cards: readonly ProgramCard[]): Message {
  if (cards.length === 0) return message('There are no programs open to you right now.', [section('There are no programs open to you right now. When one opens, you will find it here.')]);
  const shown = cards.slice(0, PROGRAMS_LISTED);
  const more = cards.length > shown.length ? [context(`…and ${cards.length - shown.length} more.`)] : [];
  return message(`${cards.length} mentoring ${cards.length === 1 ? 'program' : 'programs'}`, [header('Mentoring programs'), ...shown.flatMap((c) => [divider, ...card(c)]), ...more]);
}

export function buildInvitation(p: Pick<ProgramRow, 'id' | 'name' | 'purpose' | 'modes' | 'startsOn' | 'endsOn'>): Message {
  return message(`You're invited to ${escape(clip(p.name, 200))}.`, [
    section(`:envelope_with_arrow: You're invited to ${programName(p)}.${p.purpose ? `\n${escape(clip(p.purpose, PURPOSE_SHOWN))}` : ''}`),
    context(escape(`${programModes(p)} · ${programDates(p)}`)),
    actions('program_invite', [button(`${PROGRAM_JOIN_PREFIX}${p.id}`, 'Join', { style: 'primary', value: p.id })]),
  ]);
}

/** To the program's coordinators: someone applied. Approve and Decline each ask for an optional note. */
export function buildApplication(d: { enrollmentId: number; program: Pick<ProgramRow, 'name'>; personId: string; roles: Role[]; goals: string[]; facts: string }): Message {
  const lead = `${mention(d.personId)} applied to ${programName(d.program)}.`;
  const goals = bounded(d.goals.map((g) => `• ${escape(clip(g, 200))}`), 3);
  return message(`Someone applied to ${escape(clip(d.program.name, 200))}.`, [
    section(`:inbox_tray: ${lead}\nAs ${d.roles.map((r) => ROLE_LABELS[r]).join(', ')}${d.facts ? ` · ${escape(d.facts)}` : ''}`),
    ...(goals.length ? [section(`*Their goals*\n${goals.join('\n')}`)] : []),
    actions(`application_${d.enrollmentId}`, [
      button(APPLICATION_ACTIONS.approve, 'Approve', { style: 'primary', value: d.enrollmentId }),
      button(APPLICATION_ACTIONS.decline, 'Decline', { value: d.enrollmentId }),
    ]),
  ]);
}

const note = (text: string | null) => (text?.trim() ? `\n${quote(text)}` : '');

export function enrollmentOutcome(program: Pick<ProgramRow, 'name'>, status: EnrollmentStatus, position?: number): string {
  const name = programName(program);
  switch (status) {
    case 'applied':
      return `Your application to ${name} is with its coordinators. You'll hear here as soon as they decide.`;
    case 'waitlisted':
      return `${name} is full for now, so you're on its waitlist${position ? `, number ${position}` : ''}. We'll message you the moment a place opens.`;
    default:
      return `You're in ${name}! :tada: Your answers are saved; \`/mentor programs\` shows where you stand.`;
  }
}

export function approvedMessage(program: Pick<ProgramRow, 'name'>, status: EnrollmentStatus, coordinatorNote: string | null, position?: number): string {
  const outcome = status === 'waitlisted' ? `You're approved for ${programName(program)}. It is full right now, so you're on the waitlist${position ? `, number ${position}` : ''}.` : `You're approved for ${programName(program)}! :tada:`;
  return `${outcome}${note(coordinatorNote)}`;
}

export const declinedApplication = (program: Pick<ProgramRow, 'name'>, coordinatorNote: string | null): string =>
  `Your application to ${programName(program)} was not accepted this time.${note(coordinatorNote)}\nOther programs may suit you: \`/mentor programs\`.`;

export const seatOpened = (program: Pick<ProgramRow, 'name'>): string => `A place opened in ${programName(program)}, and it's yours. :tada: You're in.`;

export const decidedLine = (coordinatorId: string, approved: boolean, personId: string, waitlisted = false): string =>
  `${mention(coordinatorId)} ${approved ? 'approved' : 'declined'} ${mention(personId)}'s application${waitlisted ? ' (the program is full, so they are on the waitlist)' : ''}.`;

export const alreadyDecided = (by: string | null): string => `That application was already decided${by ? ` by ${mention(by)}` : ''}.`;

export const DECISION_CALLBACK = 'application_decision';
export const DECISION_NOTE_BLOCK = 'note';
export const DECISION_NOTE_MAX = 1000;
/** The application message the decision replaces, so the coordinators' channel shows who decided. */
export const zDecisionMeta = z.object({ enrollmentId: zId, approve: z.boolean(), channel: z.string().optional(), ts: z.string().optional() });
export type DecisionMeta = z.infer<typeof zDecisionMeta>;

export function buildDecisionModal(meta: DecisionMeta, personName: string): ModalView {
  return {
    type: 'modal',
    callback_id: DECISION_CALLBACK,
    private_metadata: JSON.stringify(meta),
    title: plain(meta.approve ? 'Approve' : 'Decline', 24),
    submit: plain(meta.approve ? 'Approve' : 'Decline', 24),
    close: plain('Back', 24),
    blocks: [
      section(meta.approve ? `${escape(personName)} joins the program, or its waitlist if it is full. They are told at once.` : `${escape(personName)} is told kindly that their application was not accepted.`),
      {
        type: 'input',
        block_id: DECISION_NOTE_BLOCK,
        optional: true,
        label: plain('A note for them'),
        element: { type: 'plain_text_input', action_id: DECISION_NOTE_BLOCK, multiline: true, max_length: DECISION_NOTE_MAX },
      },
    ],
  };
}
