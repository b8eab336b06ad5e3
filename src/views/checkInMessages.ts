import type { ModalView } from '@slack/types';
import { z } from 'zod';
import { actions, button, confirmDialog, context, escape, type Message, mention, message, plain, quote, section } from './blocks.js';
import { slackWhen, weeks } from './format.js';
import { SCHEDULE_ACTION } from './sessionMessages.js';
import { zId } from './values.js';

/*
 * The fortnightly check-in, the mentee's goal check-in, the note a check-in
 * answer may carry, and the coordinators' copy of it.
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
export const GOAL_CHECK_IN_ACTIONS = { onTrack: 'goals_on_track', stuck: 'goals_stuck', done: 'goals_done' } as const;

/** What the values and metadata written here look like when they come back. */
export const zCheckInValue = zId;
export const zCheckInNoteMeta = z.object({ checkInId: zId, answer: z.enum(Object.keys(CHECK_IN_ACTIONS) as [CheckInAnswer, ...CheckInAnswer[]]) });

export interface MentorCheckInData {
  checkInId: number;
  matchId: number;
  menteeId: string;
  weeksTogether: number;
  nextSessionAt: Date | null;
}

/** A check-in's notification text, also stored with a check-in queued as its view (views/deferred.ts). */
export const mentorCheckInText = (menteeId: string) => `How is your mentorship with ${mention(menteeId)} going?`;
export const GOAL_CHECK_IN_TEXT = 'How are your mentoring goals coming along?';

export function buildMentorCheckIn(d: MentorCheckInData): Message {
  const lead = mentorCheckInText(d.menteeId);
  const next = d.nextSessionAt ? `Your next session is on ${slackWhen(d.nextSessionAt)}.` : 'There is no upcoming session booked.';
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
  const lead = GOAL_CHECK_IN_TEXT;
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
