import type { KnownBlock } from '@slack/types';
import { cancelFutureSessions } from './sessions.js';
import type { WebClient } from '@slack/web-api';
import type { Deps } from '../deps.js';
import type { Tx } from '../db/client.js';
import type { Match } from '../db/schema.js';
import { findCheckIn, recordAnswer } from '../repos/checkIns.js';
import { deliver, enqueue } from '../outbox/outbox.js';
import { recordPause } from '../repos/matchPauses.js';
import { findMatch, matchesOf, transition } from '../repos/matches.js';
import { isInPair, partnerOf, RUNNING_MATCH_STATUSES } from '../domain/mentorship.js';
import { buildCheckInAlert, type CheckInAnswer } from '../views/checkInMessages.js';
import { buildPairPausedNotice, buildPairPausedReply, buildPairResumedNotice, PAIR_RESUMED_REPLY, type PausedPair } from '../views/pausedPairMessages.js';
import { coordinatorsFor, programById } from './programs.js';
import { rematchAfterEarlyEnd } from './selfServe.js';

/**
 * What a check-in answer does. Every answer is recorded (a second answer
 * replaces the first); "need help" and every note reach the coordinators
 * privately as they arrive; "pause" and "end" change the mentorship and tell
 * the partner.
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

export type AnswerOutcome = { ok: boolean; reply: string; blocks?: KnownBlock[] };

export async function answerCheckIn(
  deps: Deps,
  client: WebClient,
  userId: string,
  checkInId: number,
  answer: keyof typeof ANSWER_WORDS,
  note: string | null,
): Promise<AnswerOutcome> {
  const now = deps.clock();
  const checkIn = await findCheckIn(deps.db, checkInId);
  if (!checkIn || checkIn.personId !== userId) return { ok: false, reply: 'That check-in is not yours to answer.' };
  const match = await findMatch(deps.db, checkIn.matchId);
  if (!match) return { ok: false, reply: 'That mentorship no longer exists.' };
  const partner = partnerOf(match, userId);
  const outcome = await deps.db.transaction(async (tx): Promise<AnswerOutcome> => {
    await recordAnswer(tx, checkInId, ANSWER_WORDS[answer], note, now);
    if (answer === 'needHelp' || (note && answer in NOTE_ANSWERS)) await alertCoordinators(deps, tx, match, checkInId, userId, answer as CheckInAnswer, note, now);
    switch (answer) {
      case 'needHelp':
        return { ok: true, reply: 'Thanks for telling us. A program coordinator will get in touch with you privately.' };
      case 'notMet':
        return { ok: true, reply: `Thanks.${note ? ' Your note is with the coordinators.' : ''} Finding a first time is often the hardest part: the *Schedule a session* button offers times that fit you both.` };
      case 'pause': {
        const paused = await transition(tx, match.id, ['active'], 'paused');
        if (paused) await recordPause(tx, match.id, now);
        if (paused && partner) await enqueue(tx, { key: `checkin:${checkInId}:paused`, recipient: partner, ...buildPairPausedNotice({ byId: userId, matchId: match.id }), notBefore: now });
        if (!paused && match.status !== 'paused') return { ok: false, reply: 'That mentorship is no longer active, so there is nothing to pause.' };
        const reply = buildPairPausedReply({ partnerId: partner ?? '', matchId: match.id });
        return { ok: true, reply: reply.text, blocks: reply.blocks };
      }
      case 'end': {
        const ended = await transition(tx, match.id, RUNNING_MATCH_STATUSES, 'ended', { endedAt: now, endReason: 'closed at a check-in' });
        // Both keep hearing from the program, so both get the cancelling calendar file.
        if (ended) await cancelFutureSessions(deps, tx, ended, '', now);
        if (ended && partner) {
          const lead = `<@${userId}> has closed your mentorship. Thank you for the time and care you put into it.`;
          await rematchAfterEarlyEnd(deps, tx, ended, userId, `checkin:${checkInId}:ended`, partner === ended.menteeId ? lead : `${lead} When you are ready for someone new, \`/mentor match\` suggests people.`, now);
        }
        return { ok: true, reply: ended || match.status === 'ended' ? 'Your mentorship is closed. Thank you for mentoring!' : 'That mentorship had already ended.' };
      }
      case 'done':
        return { ok: true, reply: 'Congratulations on reaching your goal! Set a new one any time in `/mentor profile`.' };
      default:
        return { ok: true, reply: note ? 'Thanks for checking in! Your note is with the coordinators.' : 'Thanks for checking in!' };
    }
  });
  await deliver(deps, client, now);
  return outcome;
}

/** The answers whose form offers a note for the coordinators. */
const NOTE_ANSWERS: Record<CheckInAnswer, true> = { goingWell: true, needHelp: true, notMet: true, pause: true, end: true };

/**
 * Privately to each of the program's coordinators (the outbox lets
 * coordinators through whether or not they take part); the program's
 * channel only when no coordinator is named.
 */
async function alertCoordinators(deps: Deps, tx: Tx, match: Match, checkInId: number, authorId: string, answer: CheckInAnswer, note: string | null, now: Date): Promise<void> {
  const alert = buildCheckInAlert({ matchId: match.id, authorId, partnerId: partnerOf(match, authorId) ?? '', answer, note });
  const program = await programById(deps, match.programId);
  const coordinators = await coordinatorsFor(deps, match.programId);
  const recipients = coordinators.length > 0 ? coordinators : program?.channel ? [program.channel] : [];
  for (const recipient of recipients) {
    await enqueue(tx, { key: `checkin:${checkInId}:${answer}:note:${recipient}`, recipient, ...alert, notBefore: now, workingHoursOnly: answer !== 'needHelp', about: [authorId] });
  }
}

export type ResumeOutcome = { ok: boolean; message: string };

/**
 * A paused pair starts again: the cadence counts from now, and the partner
 * hears who resumed it. Anyone in the pair may; nobody else.
 */
export async function resumePair(deps: Deps, client: WebClient, userId: string, matchId: number): Promise<ResumeOutcome> {
  const now = deps.clock();
  const match = await findMatch(deps.db, matchId);
  if (!match || !isInPair(match, userId)) return { ok: false, message: 'That mentorship is not one of yours, so there is nothing to resume.' };
  const resumed = await deps.db.transaction(async (tx) => {
    const done = await transition(tx, matchId, ['paused'], 'active', { resumedAt: now });
    const partner = partnerOf(match, userId);
    if (done && partner) await enqueue(tx, { key: `match:${matchId}:resumed:${now.getTime()}`, recipient: partner, ...buildPairResumedNotice({ byId: userId }), notBefore: now });
    return done;
  });
  if (!resumed) {
    const current = await findMatch(deps.db, matchId);
    return { ok: false, message: current?.status === 'active' ? 'That mentorship is not paused: it is already active.' : 'That mentorship has ended, so it cannot be resumed.' };
  }
  await deliver(deps, client, now);
  return { ok: true, message: PAIR_RESUMED_REPLY };
}

/** The person's paused pairs, for `/mentor resume`, `/mentor schedule` and Home. */
export async function pausedPairsOf(deps: Deps, userId: string): Promise<PausedPair[]> {
  return (await matchesOf(deps.db, userId, ['paused'])).map((m) => ({ matchId: m.id, partnerId: partnerOf(m, userId) }));
}
