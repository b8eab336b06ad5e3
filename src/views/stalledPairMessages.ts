import { actions, button, confirmDialog, context, type Message, mention, message, section } from './blocks.js';
import { slackDate, weeks } from './format.js';
import { unmatchedWords, type WaitingReason } from './matchMessages.js';
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
  /** Weeks since then that one of them spent on their own pause: not counted as quiet. */
  weeksPaused?: number;
  /** What the mentee was offered privately at the same moment: the givers, or why nobody. Absent: nothing was tried. */
  offered?: { giverIds: readonly string[]; none?: WaitingReason };
}

/** The flag's line on the fresh start the mentee was offered, so coordinators need not ask. */
function offeredLine(menteeId: string, offered: NonNullable<StalledFlagData['offered']>): string {
  if (offered.giverIds.length > 0) {
    return `${mention(menteeId)} was offered ${offered.giverIds.map((id) => mention(id)).join(', ')} privately; the mentorship ends only if one of them accepts a request.`;
  }
  return `Nobody else fits ${mention(menteeId)} yet, so they were offered nobody: ${unmatchedWords(offered.none ?? { reason: 'rules' }).them}.`;
}

export function buildStalledFlag(d: StalledFlagData): Message {
  const lead = `${mention(d.mentorId)} and ${mention(d.menteeId)} have been quiet for ${weeks(d.weeksSilent)}.`;
  return message(lead, [
    section(`:hourglass: *${lead}*\nLast sign of life: ${slackDate(d.lastSignOfLife, '{date_long}')}${d.weeksPaused ? ` (since then, ${weeks(d.weeksPaused)} on a pause of their own, not counted)` : ''}.${d.offered ? `\n${offeredLine(d.menteeId, d.offered)}` : ''}`),
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
