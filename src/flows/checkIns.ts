import type { WebClient } from '@slack/web-api';
import { and, eq } from 'drizzle-orm';
import type { Deps } from '../deps.js';
import { checkIns, type Match, matches } from '../db/schema.js';
import { drainOutbox, enqueue } from '../outbox/outbox.js';
import { buildNeedHelpAlert, type CheckInAnswer } from '../views/schedulingMessages.js';

/**
 * What a check-in answer does. Every answer is recorded (a second answer
 * replaces the first); "need help" reaches the coordinators privately,
 * "pause" and "end" change the mentorship and tell the partner.
 */

export const ANSWER_WORDS: Record<CheckInAnswer | 'onTrack' | 'stuck' | 'done', string> = {
  goingWell: 'going well',
  needHelp: 'needs help',
  notMet: 'have not met yet',
  pause: 'pause',
  end: 'end',
  onTrack: 'on track',
  stuck: 'stuck',
  done: 'done',
};

export type AnswerOutcome = { ok: true; reply: string } | { ok: false; reply: string };

export async function answerCheckIn(
  deps: Deps,
  client: WebClient,
  userId: string,
  checkInId: number,
  answer: keyof typeof ANSWER_WORDS,
  note: string | null,
): Promise<AnswerOutcome> {
  const now = deps.clock();
  const checkIn = deps.db.select().from(checkIns).where(eq(checkIns.id, checkInId)).get();
  if (!checkIn || checkIn.personId !== userId) return { ok: false, reply: 'That check-in is not yours to answer.' };
  const match = deps.db.select().from(matches).where(eq(matches.id, checkIn.matchId)).get();
  if (!match) return { ok: false, reply: 'That mentorship no longer exists.' };
  deps.db.update(checkIns).set({ answer: ANSWER_WORDS[answer], note, answeredAt: now }).where(eq(checkIns.id, checkInId)).run();
  const partner = match.mentorId === userId ? match.menteeId : match.mentorId;
  let reply = 'Thanks for checking in!';
  switch (answer) {
    case 'needHelp':
      await alertCoordinators(deps, client, match, checkInId, note, now);
      reply = 'Thanks for telling us. A program coordinator will get in touch with you privately.';
      break;
    case 'notMet':
      reply = 'Thanks. Finding a first time is often the hardest part: the *Schedule a session* button offers times that fit you both.';
      break;
    case 'pause':
      if (setStatus(deps, match, 'active', 'paused', now) && partner) {
        enqueue(deps.db, { key: `checkin:${checkInId}:paused`, recipient: partner, text: `<@${userId}> has paused your mentorship for now; check-ins stop until one of you resumes it. Nothing for you to do.`, notBefore: now });
      }
      reply = 'Your mentorship is paused: no check-ins until you resume it.';
      break;
    case 'end':
      if (setStatus(deps, match, ['active', 'paused'], 'ended', now) && partner) {
        enqueue(deps.db, { key: `checkin:${checkInId}:ended`, recipient: partner, text: `<@${userId}> has closed your mentorship. Thank you for the time and care you put into it. When you are ready for someone new, \`/mentor match\` suggests people.`, notBefore: now });
      }
      reply = 'Your mentorship is closed. Thank you for mentoring!';
      break;
    case 'done':
      reply = 'Congratulations on reaching your goal! Set a new one any time in `/mentor profile`.';
      break;
    default:
      break;
  }
  await drainOutbox({ db: deps.db, client, logger: deps.logger }, now);
  return { ok: true, reply };
}

function setStatus(deps: Deps, match: Match, from: Match['status'] | Match['status'][], to: Match['status'], now: Date): boolean {
  const allowed = Array.isArray(from) ? from : [from];
  if (!allowed.includes(match.status)) return false;
  const result = deps.db
    .update(matches)
    .set({ status: to, ...(to === 'ended' ? { endedAt: now, endReason: 'closed at a check-in' } : {}) })
    .where(and(eq(matches.id, match.id), eq(matches.status, match.status)))
    .run();
  return result.changes > 0;
}

/**
 * Privately to each coordinator; the coordinators' channel only when no coordinator is named.
 * Coordinators need not take part in the program, and the outbox drops DMs to people it does
 * not know, so the alert is addressed to each coordinator's DM with the bot.
 */
async function alertCoordinators(deps: Deps, client: WebClient, match: Match, checkInId: number, note: string | null, now: Date): Promise<void> {
  const alert = buildNeedHelpAlert({ matchId: match.id, mentorId: match.mentorId as string, menteeId: match.menteeId as string, note });
  const recipients = deps.config.coordinatorUserIds.length > 0 ? deps.config.coordinatorUserIds : deps.config.coordinatorChannelId ? [deps.config.coordinatorChannelId] : [];
  for (const recipient of recipients) {
    const channel = /^[UW]/.test(recipient) ? ((await client.conversations.open({ users: recipient })).channel?.id ?? recipient) : recipient;
    enqueue(deps.db, { key: `checkin:${checkInId}:help:${recipient}`, recipient: channel, ...alert, notBefore: now, workingHoursOnly: false });
  }
}

/** A pair paused for silence (or by a check-in) starts again: the cadence counts from now. */
export function resumePair(deps: Deps, userId: string, matchId: number): boolean {
  const match = deps.db.select().from(matches).where(eq(matches.id, matchId)).get();
  if (!match || (match.mentorId !== userId && match.menteeId !== userId)) return false;
  return deps.db.update(matches).set({ status: 'active', resumedAt: deps.clock() }).where(and(eq(matches.id, matchId), eq(matches.status, 'paused'))).run().changes > 0;
}
