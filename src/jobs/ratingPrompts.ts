import type { WebClient } from '@slack/web-api';
import type { Deps } from '../deps.js';
import type { Person } from '../db/schema.js';
import { partnerOf } from '../domain/mentorship.js';
import { findMatch } from '../repos/matches.js';
import { findRating } from '../repos/ratings.js';
import { bookedSessionsEndedBy, findSession, updateSession } from '../repos/sessions.js';
import { effectiveStatus } from '../domain/participation.js';
import { deliver, enqueue, sentBetween } from '../outbox/outbox.js';
import { findPerson } from '../repos/profiles.js';
import { buildRatingPrompt } from '../views/ratingMessages.js';
import { lapseUnansweredMoves } from './lapsedMoves.js';

/*
 * Once a booked session has ended, it counts as held and both people are
 * asked to rate it, once each (the message key is the guard). Anyone who has
 * not rated 48 hours after the prompt reached them gets one reminder. A
 * cancelled session is never booked-and-ended, so it is never asked about;
 * someone who left is not asked, and a paused person's prompt waits in the
 * outbox until they are back.
 */

export const REMINDER_AFTER_MS = 48 * 3_600_000;
/** A reminder the job could not send within this long after the prompt (it was down) is skipped: by then it is noise. */
const REMINDER_HORIZON_MS = 7 * 86_400_000;

export const ratingKey = (sessionId: number, personId: string, kind: 'prompt' | 'reminder') => `rating:${sessionId}:${personId}:${kind}`;

export interface RatingPromptsResult {
  held: number;
  prompted: number;
  reminded: number;
  /** Sessions being moved that are off: every new time offered began without a pick. */
  lapsedMoves: number;
}

export async function runRatingPrompts(deps: Deps, client: WebClient, now: Date): Promise<RatingPromptsResult> {
  const planned = await deps.db.transaction(async () => ({ ...await promptEnded(deps, now), reminded: await remindUnanswered(deps, now) }));
  // Each move in a transaction of its own: one session's calendar files and notes with its status.
  const lapsedMoves = await lapseUnansweredMoves(deps, now);
  await deliver(deps, client, now);
  return { ...planned, lapsedMoves };
}

const hasLeft = (person: Person | undefined, now: Date) => !person || effectiveStatus(person, now) === 'left';

/** Booked sessions that have ended become held; both people get a prompt. */
async function promptEnded(deps: Deps, now: Date): Promise<{ held: number; prompted: number }> {
  let held = 0;
  let prompted = 0;
  for (const { session, match } of await bookedSessionsEndedBy(deps.db, now)) {
    // Its mentorship had ended before it began (a path that ended it without cancelling, a release before this
    // one): nobody met, so it is no one's to rate, and it goes from their upcoming sessions.
    if (match.endedAt && match.endedAt.getTime() <= session.startsAt.getTime()) {
      await updateSession(deps.db, session.id, ['booked'], { status: 'cancelled', sequence: session.sequence + 1 });
      continue;
    }
    // Conditional: a cancel racing this run wins or loses cleanly, never both.
    if (!await updateSession(deps.db, session.id, ['booked'], { status: 'held' })) continue;
    held += 1;
    const pair = [match.mentorId, match.menteeId];
    for (const [person, partner] of [pair, [pair[1], pair[0]]]) {
      if (!person || !partner) continue;
      if (hasLeft(await findPerson(deps.db, person), now)) continue;
      const message = buildRatingPrompt({ sessionId: session.id, partnerId: partner, start: session.startsAt, reminder: false });
      // A session a week old is not worth rating from memory: a prompt held that long (a pause) is dropped.
      if (await enqueue(deps.db, { key: ratingKey(session.id, person, 'prompt'), recipient: person, ...message, notBefore: now, expiresAt: new Date(session.endsAt.getTime() + REMINDER_HORIZON_MS) })) prompted += 1;
    }
  }
  return { held, prompted };
}

/**
 * One reminder to anyone whose prompt reached them 48 hours ago and who has
 * not rated. Counted from delivery, not queueing: a prompt that waited for
 * the weekend or a pause would otherwise arrive together with its reminder.
 */
async function remindUnanswered(deps: Deps, now: Date): Promise<number> {
  let reminded = 0;
  const prompts = await sentBetween(deps.db, 'rating:%:prompt', new Date(now.getTime() - REMINDER_HORIZON_MS), new Date(now.getTime() - REMINDER_AFTER_MS));
  for (const prompt of prompts) {
    const sessionId = Number(prompt.key.split(':')[1]);
    const person = prompt.recipient;
    if (await findRating(deps.db, sessionId, person)) continue;
    const session = await findSession(deps.db, sessionId);
    const match = session && await findMatch(deps.db, session.matchId);
    if (!session || !match || session.status !== 'held') continue;
    const partner = partnerOf(match, person);
    if (!partner || hasLeft(await findPerson(deps.db, person), now)) continue;
    const message = buildRatingPrompt({ sessionId, partnerId: partner, start: session.startsAt, reminder: true });
    if (await enqueue(deps.db, { key: ratingKey(sessionId, person, 'reminder'), recipient: person, ...message, notBefore: now, expiresAt: new Date(now.getTime() + REMINDER_HORIZON_MS) })) reminded += 1;
  }
  return reminded;
}
