import type { KnownBlock, ModalView } from '@slack/types';
import { z } from 'zod';
import { actions, bounded, button, confirmDialog, context, escape, type Message, mention, message, plain, quote, section } from './blocks.js';
import { slackDate } from './format.js';
import { zId } from './values.js';

/*
 * Everything a pair sees while a mentorship runs: check-ins, the gentle
 * pause and nudges when it goes quiet, the coordinators' alerts, and
 * booking sessions. Times always go through slackDate so each reader sees
 * their own zone; the button labels stay free of times for the same reason.
 */

export const CHECK_IN_ACTIONS = {
  goingWell: 'checkin_going_well',
  needHelp: 'checkin_need_help',
  notMet: 'checkin_not_met',
  pause: 'checkin_pause',
  end: 'checkin_end',
} as const;
export type CheckInAnswer = keyof typeof CHECK_IN_ACTIONS;
export const CHECK_IN_NOTE_CALLBACK = 'checkin_note';
export const CHECK_IN_NOTE_BLOCK = 'note';
export const CHECK_IN_NOTE_MAX = 1000;
export const SCHEDULE_ACTION = 'session_schedule';
export const SCHEDULE_WITH_PREFIX = 'schedule_with:';
export const SCHEDULE_WITH_ACTION = /^schedule_with:\d+$/;

export const GOAL_CHECK_IN_ACTIONS = { onTrack: 'goals_on_track', stuck: 'goals_stuck', done: 'goals_done' } as const;

/** One Resume button per paused pair on a surface, so each needs its own action id. */
export const PAIR_RESUME_PREFIX = 'pair_resume:';
/** Also matches the plain id that messages sent before several buttons could share a surface carry. */
export const PAIR_RESUME_ACTION = /^pair_resume(:\d+)?$/;
export const STALL_ACTIONS = { nudge: 'stalled_nudge', rematch: 'stalled_rematch', close: 'stalled_close' } as const;

export const SLOT_PICK_ACTION_PREFIX = 'slot_pick:';
export const SLOT_PICK_ACTION = /^slot_pick:\d+$/;
export const SLOT_NONE_ACTION = 'slot_none';
/** Offering more makes picking harder, not easier. */
export const MAX_SLOTS = 3;

export const SESSION_ACTIONS = { reschedule: 'session_reschedule', cancel: 'session_cancel' } as const;

/** What the values and metadata written here look like when they come back. */
export const zMatchValue = zId;
export const zCheckInValue = zId;
export const zSessionValue = zId;
export const zProposalValue = zId;
export const zSlotPick = z.object({ proposalId: zId, index: z.number().int().min(0).max(MAX_SLOTS - 1) });
export const zCheckInNoteMeta = z.object({ checkInId: zId, answer: z.enum(Object.keys(CHECK_IN_ACTIONS) as [CheckInAnswer, ...CheckInAnswer[]]) });

const weeks = (n: number) => (n < 1 ? 'less than a week' : `${n} week${n === 1 ? '' : 's'}`);
const when = (at: Date) => slackDate(at, '{date_long} {time}');
const span = (start: Date, end: Date) => `${when(start)} – ${slackDate(end, '{time}')}`;

export const resumeButton = (matchId: number, label = 'Resume this mentorship') => button(`${PAIR_RESUME_PREFIX}${matchId}`, label, { style: 'primary', value: matchId });

// ── Check-ins ────────────────────────────────────────────────────────────

export interface MentorCheckInData {
  checkInId: number;
  matchId: number;
  menteeId: string;
  weeksTogether: number;
  nextSessionAt: Date | null;
}

export function buildMentorCheckIn(d: MentorCheckInData): Message {
  const lead = `How is your mentorship with ${mention(d.menteeId)} going?`;
  const next = d.nextSessionAt ? `Your next session is on ${when(d.nextSessionAt)}.` : 'There is no upcoming session booked.';
  return message(lead, [
    section(`:wave: *${lead}* You have been working together for ${weeks(d.weeksTogether)}. One click is plenty; add a note only if you want to.`),
    actions('checkin_answer', [
      button(CHECK_IN_ACTIONS.goingWell, 'Going well', { value: d.checkInId, style: 'primary' }),
      button(CHECK_IN_ACTIONS.needHelp, 'I could use some help', { value: d.checkInId }),
      button(CHECK_IN_ACTIONS.notMet, "We haven't met yet", { value: d.checkInId }),
      button(CHECK_IN_ACTIONS.pause, 'Pause for a while', { value: d.checkInId }),
      button(CHECK_IN_ACTIONS.end, 'End mentorship', {
        value: d.checkInId,
        style: 'danger',
        confirm: confirmDialog('End this mentorship?', `We will close your mentorship with your mentee and let them know kindly. This can't be undone, but either of you can be matched again later.`, 'End mentorship', 'Keep going'),
      }),
    ]),
    section(next),
    actions('checkin_schedule', [button(SCHEDULE_ACTION, 'Schedule a session', { value: d.matchId })]),
    context('A note you add to any answer goes privately to the program coordinators, never to your mentee.'),
  ]);
}

const NOTE_TITLES: Record<CheckInAnswer, { title: string; prompt: string; alert: string }> = {
  goingWell: { title: 'Going well', prompt: 'Great to hear! Anything you would like the coordinators to know?', alert: 'Going well' },
  needHelp: { title: 'Ask for help', prompt: 'A coordinator will get in touch. A line on what would help lets them come prepared.', alert: 'I could use some help' },
  notMet: { title: "Haven't met yet", prompt: 'That happens. If something is in the way, tell the coordinators and they can help.', alert: "We haven't met yet" },
  pause: { title: 'Pause the mentorship', prompt: 'We will pause this mentorship. Anything the coordinators should know, like when you might pick it up again?', alert: 'Pause for a while' },
  end: { title: 'End the mentorship', prompt: 'Thank you for the time you gave. If you would like to, tell the coordinators why; it helps them match better.', alert: 'End mentorship' },
};

export function buildCheckInNoteModal(d: { checkInId: number; answer: CheckInAnswer }): ModalView {
  const words = NOTE_TITLES[d.answer];
  return {
    type: 'modal',
    callback_id: CHECK_IN_NOTE_CALLBACK,
    private_metadata: JSON.stringify({ checkInId: d.checkInId, answer: d.answer }),
    title: plain(words.title, 24),
    submit: plain('Send', 24),
    close: plain('Cancel', 24),
    blocks: [
      section(words.prompt),
      {
        type: 'input',
        block_id: CHECK_IN_NOTE_BLOCK,
        // Slack itself marks the field "(optional)".
        optional: true,
        label: plain('A note for the coordinators'),
        hint: plain('Only the program coordinators read it, as soon as you send it.'),
        element: { type: 'plain_text_input', action_id: CHECK_IN_NOTE_BLOCK, multiline: true, max_length: CHECK_IN_NOTE_MAX },
      },
    ],
  };
}

export interface GoalCheckInData {
  checkInId: number;
  mentorId: string;
  goals: { aim: string; dueOn: string }[];
}

/** Beyond this the list stops being a check-in and becomes homework. */
const GOALS_SHOWN = 10;

export function buildMenteeGoalCheckIn(d: GoalCheckInData): Message {
  const lead = 'How are your mentoring goals coming along?';
  const goals = d.goals.slice(0, GOALS_SHOWN).map((g) => section(`• ${escape(g.aim)}\n_by ${escape(g.dueOn)}_`));
  const more = d.goals.length > GOALS_SHOWN ? [context(`…and ${d.goals.length - GOALS_SHOWN} more in \`/mentor profile\`.`)] : [];
  return message(lead, [
    section(`:seedling: *${lead}* Here is what you set out to work on with ${mention(d.mentorId)}:`),
    ...(goals.length ? goals : [section('_No goals written down yet. `/mentor profile` is where to add them; a good thing to do with your mentor._')]),
    ...more,
    actions('goals_answer', [
      button(GOAL_CHECK_IN_ACTIONS.onTrack, 'On track', { value: d.checkInId, style: 'primary' }),
      button(GOAL_CHECK_IN_ACTIONS.stuck, "I'm stuck", { value: d.checkInId }),
      button(GOAL_CHECK_IN_ACTIONS.done, 'Done!', { value: d.checkInId }),
    ]),
    context('Being stuck is normal, and a good topic for your next session.'),
  ]);
}

/**
 * For coordinators, privately: a request for help (with or without a note),
 * or the note someone added to another check-in answer.
 */
export function buildCheckInAlert(d: { matchId: number; authorId: string; partnerId: string; answer: CheckInAnswer; note: string | null }): Message {
  const lead =
    d.answer === 'needHelp'
      ? `${mention(d.authorId)} asked for help with their mentorship of ${mention(d.partnerId)}.`
      : `${mention(d.authorId)} answered a check-in about their mentorship of ${mention(d.partnerId)}: “${NOTE_TITLES[d.answer].alert}”, with a note.`;
  return message(lead, [
    section(`${d.answer === 'needHelp' ? ':raising_hand:' : ':memo:'} ${lead}`),
    section(d.note?.trim() ? `*Their note*\n${quote(d.note)}` : '_No note added._'),
    context(`From a check-in answer · match ${d.matchId}. Only coordinators get this message.`),
  ]);
}

// ── Pausing and resuming a pair ──────────────────────────────────────────

/** Goes to each person; it names no one as the one who went quiet. */
export function buildSilencePauseNotice(d: { partnerId: string; matchId: number }): Message {
  const lead = `We've paused reminders for your mentorship with ${mention(d.partnerId)}.`;
  return message(lead, [
    section(`${lead} The last few check-ins went unanswered, and busy stretches happen to everyone. Nothing else changes: you are still matched.`),
    section('Whenever you are ready to pick it up again, resume it here and check-ins start again.'),
    actions('pair_resume', [resumeButton(d.matchId)]),
  ]);
}

/** To the partner of whoever paused the pair at a check-in. */
export function buildPairPausedNotice(d: { byId: string; matchId: number }): Message {
  const lead = `${mention(d.byId)} has paused your mentorship for now; check-ins stop until one of you resumes it. Nothing for you to do.`;
  return message(lead, [section(`${lead} When you are both ready, resume it here.`), actions('pair_resume', [resumeButton(d.matchId)])]);
}

/** To whoever paused it: what happened, and the way back. */
export function buildPairPausedReply(d: { partnerId: string; matchId: number }): Message {
  const lead = `Your mentorship with ${mention(d.partnerId)} is paused: no check-ins until one of you resumes it.`;
  return message(lead, [section(`${lead} ${mention(d.partnerId)} has been told.`), actions('pair_resume', [resumeButton(d.matchId)])]);
}

export function buildPairResumedNotice(d: { byId: string }): Message {
  const lead = `${mention(d.byId)} resumed your mentorship: check-ins start again in a fortnight. \`/mentor schedule\` finds you both a time.`;
  return message(lead, [section(lead)]);
}

export const PAIR_RESUMED_REPLY = 'Your mentorship is active again; check-ins start afresh.';

export interface PausedPair {
  matchId: number;
  partnerId: string | null;
}

/** `/mentor resume` with several paused pairs, or `/mentor schedule` with only paused ones: which to resume. */
export function buildPausedPairs(lead: string, pairs: readonly PausedPair[]): Message {
  const lines = bounded(
    pairs.map((p) => `• With ${mention(p.partnerId)}`),
    10,
  );
  return message(lead, [
    section(`${lead}\n${lines.join('\n')}`),
    actions('pair_resume_choice', pairs.slice(0, 10).map((p) => resumeButton(p.matchId, pairs.length === 1 ? 'Resume it' : `Resume #${p.matchId}`))),
    context('Resuming starts check-ins afresh from today; nothing from before the pause counts against you.'),
  ]);
}

export function buildStalledNudge(d: { partnerId: string; weeks: number; matchId: number }): Message {
  const lead = `It has been ${weeks(d.weeks)} since you and ${mention(d.partnerId)} last caught up.`;
  return message(lead, [
    section(`:coffee: ${lead} Even a short conversation keeps a mentorship going. Want to find a time?`),
    actions('stalled_nudge', [button(SCHEDULE_ACTION, 'Schedule a session', { value: d.matchId, style: 'primary' })]),
  ]);
}

export interface StalledFlagData {
  matchId: number;
  mentorId: string;
  menteeId: string;
  weeksSilent: number;
  lastSignOfLife: Date;
}

export function buildStalledFlag(d: StalledFlagData): Message {
  const lead = `${mention(d.mentorId)} and ${mention(d.menteeId)} have been quiet for ${weeks(d.weeksSilent)}.`;
  return message(lead, [
    section(`:hourglass: *${lead}*\nLast sign of life: ${slackDate(d.lastSignOfLife, '{date_long}')}.`),
    actions(`stalled_${d.matchId}`, [
      button(STALL_ACTIONS.nudge, 'Nudge both again', { value: d.matchId, style: 'primary' }),
      button(STALL_ACTIONS.rematch, 'Suggest a rematch', {
        value: d.matchId,
        confirm: confirmDialog('Close it and rematch?', 'The mentorship ends kindly for both, and the mentee gets fresh suggestions straight away.', 'Close and rematch', 'Not yet', 'primary'),
      }),
      button(STALL_ACTIONS.close, 'Close mentorship', {
        value: d.matchId,
        style: 'danger',
        confirm: confirmDialog('Close this mentorship?', 'Both people are told kindly that the mentorship has ended, and they can be matched again.', 'Close it', 'Not yet'),
      }),
    ]),
    context(`Match ${d.matchId} · a sign of life is a session, an answered check-in, or the start of the match.`),
  ]);
}

// ── Sessions ─────────────────────────────────────────────────────────────

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
          lead: `${mention(d.toId)}, ${mention(d.fromId)} can't make your session on ${when(d.replaces)} and would like to move it: that time is off.`,
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
  const lead = `Your session with ${mention(d.partnerId)} is ${d.moved ? 'moved to' : 'booked for'} ${when(d.start)}.`;
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
  const lead = `${who} on ${when(d.start)}.`;
  return message(lead, [section(lead), context('The calendar entry is updated. Pick a new time whenever it suits you both.')]);
}
