import { actions, button, confirmDialog, context, type Message, mention, message, section } from './blocks.js';
import { slackDate, weeks } from './format.js';
import { SCHEDULE_ACTION } from './sessionMessages.js';
import { zId } from './values.js';

/*
 * A pair gone quiet: the nudge to both people, and the coordinators' flag
 * with its nudge, rematch and close buttons.
 */

export const STALL_ACTIONS = { nudge: 'stalled_nudge', rematch: 'stalled_rematch', close: 'stalled_close' } as const;

/** The match a stalled-pair button acts on. */
export const zMatchValue = zId;

/** "It has been four weeks" is only true for about a week; held longer (a pause), it is dropped. */
export const NUDGE_FRESH_MS = 7 * 86_400_000;

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
