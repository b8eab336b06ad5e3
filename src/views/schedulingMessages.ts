import type { Button, ConfirmationDialog, KnownBlock, ModalView } from '@slack/types';
import { clip, escapeMrkdwn, slackDate } from './format.js';

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

export const GOAL_CHECK_IN_ACTIONS = { onTrack: 'goals_on_track', stuck: 'goals_stuck', done: 'goals_done' } as const;

export const PAIR_RESUME_ACTION = 'pair_resume';
export const STALL_ACTIONS = { nudge: 'stalled_nudge', rematch: 'stalled_rematch', close: 'stalled_close' } as const;

export const SLOT_PICK_ACTION_PREFIX = 'slot_pick:';
export const SLOT_PICK_ACTION = /^slot_pick:\d+$/;
export const SLOT_NONE_ACTION = 'slot_none';
/** Offering more makes picking harder, not easier. */
export const MAX_SLOTS = 3;

export const SESSION_ACTIONS = { reschedule: 'session_reschedule', cancel: 'session_cancel' } as const;

type Message = { text: string; blocks: KnownBlock[] };
const section = (text: string): KnownBlock => ({ type: 'section', text: { type: 'mrkdwn', text: clip(text, 3000) } });
const context = (text: string): KnownBlock => ({ type: 'context', elements: [{ type: 'mrkdwn', text: clip(text, 3000) }] });
const plain = (text: string) => ({ type: 'plain_text' as const, text });
const actions = (block_id: string, elements: Button[]): KnownBlock => ({ type: 'actions', block_id, elements });

function button(action_id: string, text: string, value: string | number, style?: 'primary' | 'danger', confirm?: ConfirmationDialog): Button {
  return { type: 'button', action_id, text: plain(text), value: String(value), ...(style ? { style } : {}), ...(confirm ? { confirm } : {}) };
}

/** Slack's confirm dialog caps: title 100, text 300, buttons 30. */
function confirmDialog(title: string, text: string, yes: string, no: string): ConfirmationDialog {
  return { title: plain(clip(title, 100)), text: plain(clip(text, 300)), confirm: plain(clip(yes, 30)), deny: plain(clip(no, 30)), style: 'danger' };
}

const weeks = (n: number) => (n < 1 ? 'less than a week' : `${n} week${n === 1 ? '' : 's'}`);
const when = (at: Date) => slackDate(at, '{date_long} {time}');
const span = (start: Date, end: Date) => `${when(start)} – ${slackDate(end, '{time}')}`;
/** A person's words, quoted and made inert, so "<!channel>" or a stray "*" cannot do anything. */
const quote = (note: string) => `>${escapeMrkdwn(note).replace(/\n/g, '\n>')}`;

// ── Check-ins ────────────────────────────────────────────────────────────

export interface MentorCheckInData {
  checkInId: number;
  matchId: number;
  menteeId: string;
  weeksTogether: number;
  nextSessionAt: Date | null;
}

export function buildMentorCheckIn(d: MentorCheckInData): Message {
  const lead = `How is your mentorship with <@${d.menteeId}> going?`;
  const next = d.nextSessionAt ? `Your next session is on ${when(d.nextSessionAt)}.` : 'There is no session booked yet.';
  return {
    text: lead,
    blocks: [
      section(`:wave: *${lead}* You have been working together for ${weeks(d.weeksTogether)}. One click is plenty; add a note only if you want to.`),
      actions('checkin_answer', [
        button(CHECK_IN_ACTIONS.goingWell, 'Going well', d.checkInId, 'primary'),
        button(CHECK_IN_ACTIONS.needHelp, 'I could use some help', d.checkInId),
        button(CHECK_IN_ACTIONS.notMet, "We haven't met yet", d.checkInId),
        button(CHECK_IN_ACTIONS.pause, 'Pause for a while', d.checkInId),
        button(
          CHECK_IN_ACTIONS.end,
          'End mentorship',
          d.checkInId,
          'danger',
          confirmDialog('End this mentorship?', `We will close your mentorship with your mentee and let them know kindly. This can't be undone, but either of you can be matched again later.`, 'End mentorship', 'Keep going'),
        ),
      ]),
      section(next),
      actions('checkin_schedule', [button(SCHEDULE_ACTION, 'Schedule a session', d.matchId)]),
      context('If something is in the way, "I could use some help" reaches the program coordinators.'),
    ],
  };
}

const NOTE_TITLES: Record<CheckInAnswer, { title: string; prompt: string }> = {
  goingWell: { title: 'Going well', prompt: 'Great to hear! Anything you would like the coordinators to know?' },
  needHelp: { title: 'Ask for help', prompt: 'A coordinator will get in touch. A line on what would help lets them come prepared.' },
  notMet: { title: "Haven't met yet", prompt: 'That happens. If something is in the way, tell the coordinators and they can help.' },
  pause: { title: 'Pause the mentorship', prompt: 'We will pause this mentorship. Anything the coordinators should know, like when you might pick it up again?' },
  end: { title: 'End the mentorship', prompt: 'Thank you for the time you gave. If you would like to, tell the coordinators why; it helps them match better.' },
};

export function buildCheckInNoteModal(d: { checkInId: number; answer: CheckInAnswer }): ModalView {
  const words = NOTE_TITLES[d.answer];
  return {
    type: 'modal',
    callback_id: CHECK_IN_NOTE_CALLBACK,
    private_metadata: JSON.stringify({ checkInId: d.checkInId, answer: d.answer }),
    title: plain(words.title),
    submit: plain('Send'),
    close: plain('Cancel'),
    blocks: [
      section(words.prompt),
      {
        type: 'input',
        block_id: CHECK_IN_NOTE_BLOCK,
        optional: true,
        label: plain('A note for the coordinators (optional)'),
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
  const goals = d.goals.slice(0, GOALS_SHOWN).map((g) => section(`• ${escapeMrkdwn(g.aim)}\n_by ${escapeMrkdwn(g.dueOn)}_`));
  const more = d.goals.length > GOALS_SHOWN ? [context(`…and ${d.goals.length - GOALS_SHOWN} more in \`/mentor profile\`.`)] : [];
  return {
    text: lead,
    blocks: [
      section(`:seedling: *${lead}* Here is what you set out to work on with <@${d.mentorId}>:`),
      ...(goals.length ? goals : [section('_No goals written down yet. `/mentor profile` is where to add them; a good thing to do with your mentor._')]),
      ...more,
      actions('goals_answer', [
        button(GOAL_CHECK_IN_ACTIONS.onTrack, 'On track', d.checkInId, 'primary'),
        button(GOAL_CHECK_IN_ACTIONS.stuck, "I'm stuck", d.checkInId),
        button(GOAL_CHECK_IN_ACTIONS.done, 'Done!', d.checkInId),
      ]),
      context('Being stuck is normal, and a good topic for your next session.'),
    ],
  };
}

/** For coordinators, privately. Only mentors' check-ins carry "I could use some help". */
export function buildNeedHelpAlert(d: { matchId: number; mentorId: string; menteeId: string; note: string | null }): Message {
  const lead = `<@${d.mentorId}> asked for help with their mentorship of <@${d.menteeId}>.`;
  return {
    text: lead,
    blocks: [
      section(`:raising_hand: ${lead}`),
      section(d.note?.trim() ? `*Their note*\n${quote(d.note.trim())}` : '_No note added._'),
      context(`From a check-in answer · match ${d.matchId}. Only coordinators get this message.`),
    ],
  };
}

// ── Quiet pairs ──────────────────────────────────────────────────────────

/** Goes to each person; it names no one as the one who went quiet. */
export function buildSilencePauseNotice(d: { partnerId: string; matchId: number }): Message {
  const lead = `We've paused reminders for your mentorship with <@${d.partnerId}>.`;
  return {
    text: lead,
    blocks: [
      section(`${lead} The last few check-ins went unanswered, and busy stretches happen to everyone. Nothing else changes: you are still matched.`),
      section('Whenever you are ready to pick it up again, resume it here and check-ins start again.'),
      actions('pair_resume', [button(PAIR_RESUME_ACTION, 'Resume this mentorship', d.matchId, 'primary')]),
    ],
  };
}

export function buildStalledNudge(d: { partnerId: string; weeks: number; matchId: number }): Message {
  const lead = `It has been ${weeks(d.weeks)} since you and <@${d.partnerId}> last caught up.`;
  return {
    text: lead,
    blocks: [
      section(`:coffee: ${lead} Even a short conversation keeps a mentorship going. Want to find a time?`),
      actions('stalled_nudge', [button(SCHEDULE_ACTION, 'Schedule a session', d.matchId, 'primary')]),
    ],
  };
}

export interface StalledFlagData {
  matchId: number;
  mentorId: string;
  menteeId: string;
  weeksSilent: number;
  lastSignOfLife: Date;
}

export function buildStalledFlag(d: StalledFlagData): Message {
  const lead = `<@${d.mentorId}> and <@${d.menteeId}> have been quiet for ${weeks(d.weeksSilent)}.`;
  return {
    text: lead,
    blocks: [
      section(`:hourglass: *${lead}*\nLast sign of life: ${slackDate(d.lastSignOfLife, '{date_long}')}.`),
      actions(`stalled_${d.matchId}`, [
        button(STALL_ACTIONS.nudge, 'Nudge both again', d.matchId, 'primary'),
        button(STALL_ACTIONS.rematch, 'Suggest a rematch', d.matchId),
        button(
          STALL_ACTIONS.close,
          'Close mentorship',
          d.matchId,
          'danger',
          confirmDialog('Close this mentorship?', 'Both people are told kindly that the mentorship has ended, and they can be matched again.', 'Close it', 'Not yet'),
        ),
      ]),
      context(`Match ${d.matchId} · a sign of life is a session, an answered check-in, or the start of the match.`),
    ],
  };
}

// ── Sessions ─────────────────────────────────────────────────────────────

export interface SlotProposalData {
  proposalId: number;
  fromId: string;
  toId: string;
  slots: { start: Date; end: Date }[];
  reason: 'requested' | 'reverse_monthly' | 'office_hours';
}

export function buildSlotProposal(d: SlotProposalData): Message {
  const slots = d.slots.slice(0, MAX_SLOTS);
  const words = {
    requested: { lead: `<@${d.toId}>, <@${d.fromId}> would like to meet.`, why: 'Here are times when you are both free.', text: `<@${d.fromId}> proposed times to meet` },
    reverse_monthly: {
      lead: `<@${d.toId}>, it is time for your monthly reverse-mentoring session with <@${d.fromId}>.`,
      why: 'This is the protected time you agreed to keep each month, so here are times when you are both free.',
      text: `Time for your monthly reverse-mentoring session with <@${d.fromId}>`,
    },
    office_hours: {
      lead: `<@${d.toId}>, <@${d.fromId}> has opened office hours for their reverse mentors.`,
      why: 'Book one if you would like time with them; the first to book a time gets it.',
      text: `<@${d.fromId}> opened office hours`,
    },
  }[d.reason];
  const { lead, why } = words;
  const options = slots.map((s, i) => `*Option ${i + 1}:* ${span(s.start, s.end)}`).join('\n');
  return {
    text: words.text,
    blocks: [
      section(`:calendar: ${lead} ${why}`),
      ...(options ? [section(options)] : []),
      actions(`slots_${d.proposalId}`, [
        ...slots.map((_, i) => button(`${SLOT_PICK_ACTION_PREFIX}${i}`, `Option ${i + 1}`, JSON.stringify({ proposalId: d.proposalId, index: i }), i === 0 ? 'primary' : undefined)),
        button(SLOT_NONE_ACTION, 'None of these work', d.proposalId),
      ]),
      context('Times are shown in your own time zone. Picking one books it for you both and sends a calendar file.'),
    ],
  };
}

export function buildNoSlots(d: { partnerId: string }): Message {
  const lead = `We couldn't find a time in the next 14 days when you and <@${d.partnerId}> are both free.`;
  return {
    text: lead,
    blocks: [
      section(`${lead} We only suggest times inside both people's working hours.`),
      context('Check that your working hours are right in `/mentor profile`; widening them a little often helps. You can also agree a time in your chat directly.'),
    ],
  };
}

function sessionButtons(blockId: string, sessionId: number): KnownBlock {
  return actions(blockId, [
    button(SESSION_ACTIONS.reschedule, 'Reschedule', sessionId),
    button(
      SESSION_ACTIONS.cancel,
      'Cancel',
      sessionId,
      'danger',
      confirmDialog('Cancel this session?', 'We let your partner know and update the calendar entry.', 'Cancel session', 'Keep it'),
    ),
  ]);
}

export function buildSessionConfirmed(d: { sessionId: number; partnerId: string; start: Date; end: Date }): Message {
  const lead = `Your session with <@${d.partnerId}> is booked for ${when(d.start)}.`;
  return {
    text: lead,
    blocks: [
      section(`:white_check_mark: Your session with <@${d.partnerId}> is booked: ${span(d.start, d.end)}.`),
      context('A calendar file is attached: open it to add the session to your calendar. We send a reminder the day before and an hour before.'),
      sessionButtons(`session_${d.sessionId}`, d.sessionId),
    ],
  };
}

export function buildSessionReminder(d: { sessionId: number; partnerId: string; start: Date; hoursBefore: 24 | 1 }): Message {
  const lead =
    d.hoursBefore === 24
      ? `Reminder: your session with <@${d.partnerId}> is ${slackDate(d.start, '{date_long_pretty} at {time}')}.`
      : `Your session with <@${d.partnerId}> starts in an hour, at ${slackDate(d.start, '{time}')}.`;
  return {
    text: lead,
    blocks: [section(`:alarm_clock: ${lead}`), sessionButtons(`session_${d.sessionId}`, d.sessionId)],
  };
}

export function buildSessionCancelled(d: { partnerId: string; start: Date; byId: string }): Message {
  const who = d.byId === d.partnerId ? `<@${d.partnerId}> cancelled your session` : `Your session with <@${d.partnerId}> was cancelled by <@${d.byId}>`;
  const lead = `${who} on ${when(d.start)}.`;
  return {
    text: lead,
    blocks: [section(lead), context('The calendar entry is updated. Pick a new time whenever it suits you both.')],
  };
}
