import type { KnownBlock } from '@slack/types';
import { z } from 'zod';
import { actions, button, confirmDialog, context, escape, type Message, mention, message, section } from './blocks.js';
import { slackDate, slackWhen } from './format.js';
import { zId } from './values.js';

/*
 * Booking sessions: the offer of times, the pick, the confirmation with its
 * reschedule and cancel buttons, the reminders and the cancellation. Times
 * go through slackDate so each reader sees their own zone; button labels
 * stay free of times for the same reason.
 */

export const SCHEDULE_ACTION = 'session_schedule';
export const SCHEDULE_WITH_PREFIX = 'schedule_with:';
export const SCHEDULE_WITH_ACTION = /^schedule_with:\d+$/;
export const SLOT_PICK_ACTION_PREFIX = 'slot_pick:';
export const SLOT_PICK_ACTION = /^slot_pick:\d+$/;
export const SLOT_NONE_ACTION = 'slot_none';
/** Offering more makes picking harder, not easier. */
export const MAX_SLOTS = 3;

export const SESSION_ACTIONS = { reschedule: 'session_reschedule', cancel: 'session_cancel' } as const;

/** What the values and metadata written here look like when they come back. */
export const zSessionValue = zId;
export const zProposalValue = zId;
export const zSlotPick = z.object({ proposalId: zId, index: z.number().int().min(0).max(MAX_SLOTS - 1) });

const span = (start: Date, end: Date) => `${slackWhen(start)} – ${slackDate(end, '{time}')}`;

export interface SlotProposalData {
  proposalId: number;
  fromId: string;
  toId: string;
  slots: { start: Date; end: Date }[];
  reason: 'requested' | 'reverse_monthly' | 'office_hours';
  /** The booked time this offer replaces, when it is a reschedule. */
  replaces?: Date;
}

export function buildSlotProposal(d: SlotProposalData): Message {
  const slots = d.slots.slice(0, MAX_SLOTS);
  const words = {
    requested: d.replaces
      ? {
          lead: `${mention(d.toId)}, ${mention(d.fromId)} can't make your session on ${slackWhen(d.replaces)} and would like to move it: that time is off.`,
          why: 'Here are new times when you are both free; picking one updates the calendar entry.',
          text: `${mention(d.fromId)} would like to move your session`,
        }
      : { lead: `${mention(d.toId)}, ${mention(d.fromId)} would like to meet.`, why: 'Here are times when you are both free.', text: `${mention(d.fromId)} proposed times to meet` },
    reverse_monthly: {
      lead: `${mention(d.toId)}, it is time for your monthly reverse-mentoring session with ${mention(d.fromId)}.`,
      why: 'This is the protected time you agreed to keep each month, so here are times when you are both free.',
      text: `Time for your monthly reverse-mentoring session with ${mention(d.fromId)}`,
    },
    office_hours: {
      lead: `${mention(d.toId)}, ${mention(d.fromId)} has opened office hours for their reverse mentors.`,
      why: 'Book one if you would like time with them; the first to book a time gets it.',
      text: `${mention(d.fromId)} opened office hours`,
    },
  }[d.reason];
  const options = slots.map((s, i) => `*Option ${i + 1}:* ${span(s.start, s.end)}`).join('\n');
  return message(words.text, [
    section(`:calendar: ${words.lead} ${words.why}`),
    ...(options ? [section(options)] : []),
    actions(`slots_${d.proposalId}`, [
      ...slots.map((_, i) => button(`${SLOT_PICK_ACTION_PREFIX}${i}`, `Option ${i + 1}`, { value: JSON.stringify({ proposalId: d.proposalId, index: i }), ...(i === 0 ? { style: 'primary' as const } : {}) })),
      button(SLOT_NONE_ACTION, 'None of these work', { value: d.proposalId }),
    ]),
    context('Times are shown in your own time zone. Picking one books it for you both and sends a calendar file.'),
  ]);
}

export function buildNoSlots(d: { partnerId: string }): Message {
  const lead = `We couldn't find a time in the next 14 days when you and ${mention(d.partnerId)} are both free.`;
  return message(lead, [
    section(`${lead} We only suggest times inside both people's working hours.`),
    context('Check that your working hours are right in `/mentor profile`; widening them a little often helps. You can also agree a time in your chat directly.'),
  ]);
}

/** `/mentor schedule` with several partners: whom to meet. Button labels are plain text, so names, not mentions. */
export function buildScheduleWithWhom(pairs: readonly { matchId: number; partnerName: string }[]): Message {
  const lead = 'Who would you like to meet?';
  return message(lead, [section(lead), actions(undefined, pairs.slice(0, 25).map((p) => button(`${SCHEDULE_WITH_PREFIX}${p.matchId}`, `With ${p.partnerName}`, { value: p.matchId })))]);
}

function sessionButtons(blockId: string, sessionId: number): KnownBlock {
  return actions(blockId, [
    button(SESSION_ACTIONS.reschedule, 'Reschedule', { value: sessionId }),
    button(SESSION_ACTIONS.cancel, 'Cancel', {
      value: sessionId,
      style: 'danger',
      confirm: confirmDialog('Cancel this session?', 'We let your partner know and update the calendar entry.', 'Cancel session', 'Keep it'),
    }),
  ]);
}

export function buildSessionConfirmed(d: { sessionId: number; partnerId: string; start: Date; end: Date; moved?: boolean }): Message {
  const lead = `Your session with ${mention(d.partnerId)} is ${d.moved ? 'moved to' : 'booked for'} ${slackWhen(d.start)}.`;
  return message(lead, [
    section(`:white_check_mark: Your session with ${mention(d.partnerId)} is ${d.moved ? 'moved' : 'booked'}: ${span(d.start, d.end)}.`),
    context(`A calendar file is attached: open it to ${d.moved ? 'move the entry in' : 'add the session to'} your calendar. We send a reminder the day before and an hour before.`),
    sessionButtons(`session_${d.sessionId}`, d.sessionId),
  ]);
}

export function buildSessionReminder(d: { sessionId: number; partnerId: string; start: Date; hoursBefore: 24 | 1 }): Message {
  const lead =
    d.hoursBefore === 24
      ? `Reminder: your session with ${mention(d.partnerId)} is ${slackDate(d.start, '{date_long_pretty} at {time}')}.`
      : `Your session with ${mention(d.partnerId)} starts in an hour, at ${slackDate(d.start, '{time}')}.`;
  return message(lead, [section(`:alarm_clock: ${lead}`), sessionButtons(`session_${d.sessionId}`, d.sessionId)]);
}

export function buildSessionCancelled(d: { partnerId: string; start: Date; byId: string }): Message {
  const who = d.byId === d.partnerId ? `${mention(d.partnerId)} cancelled your session` : `Your session with ${mention(d.partnerId)} was cancelled by ${mention(d.byId)}`;
  const lead = `${who} on ${slackWhen(d.start)}.`;
  return message(lead, [section(lead), context('The calendar entry is updated. Pick a new time whenever it suits you both.')]);
}

/** A program's monthly hours guardrail reached: no new session this month. */
/** A move nobody picked a new time for, once every offered time has begun. */
export const moveLapsed = (partnerId: string): string =>
  `No new time was picked for your session with ${mention(partnerId)} that was being moved, so it is off and your calendars are updated. \`/mentor schedule\` offers new times.`;

export const monthlyHoursReached = (program: { name: string }, mentorId: string, hours: number): string =>
  `${mention(mentorId)} has given the ${hours} hours a month *${escape(program.name)}* asks of its mentors at most, so no new session can be offered this month. Booked sessions stay as they are.`;
