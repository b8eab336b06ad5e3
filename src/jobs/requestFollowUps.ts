import type { WebClient } from '@slack/web-api';
import { subDays } from 'date-fns';
import { and, eq, lte } from 'drizzle-orm';
import type { Deps } from '../deps.js';
import { matches } from '../db/schema.js';
import { offerNext } from '../flows/selfServe.js';
import { drainOutbox, enqueue } from '../outbox/outbox.js';
import { loadProfile } from '../repos/profiles.js';
import { buildMentorRequest, expiredForMentor } from '../views/matchMessages.js';

export const REMIND_AFTER_DAYS = 3;
export const EXPIRE_AFTER_DAYS = 7;

/**
 * Open requests: one reminder to the mentor after three days, and after
 * seven the request lapses and the mentee is offered someone else. Derived
 * from the database at `now`, with outbox keys per match, so running it twice,
 * or late, sends nothing twice.
 */
export async function runRequestFollowUps(deps: Deps, client: WebClient, now: Date): Promise<{ reminded: number; expired: number }> {
  const requested = (before: Date) =>
    deps.db
      .select()
      .from(matches)
      .where(and(eq(matches.status, 'requested'), eq(matches.source, 'self_serve'), lte(matches.requestedAt, before)))
      .all();
  let expired = 0;
  for (const match of requested(subDays(now, EXPIRE_AFTER_DAYS))) {
    const lapsed = deps.db
      .update(matches)
      .set({ status: 'expired', decidedAt: now })
      .where(and(eq(matches.id, match.id), eq(matches.status, 'requested')))
      .returning()
      .get();
    if (!lapsed) continue;
    expired += 1;
    enqueue(deps.db, { key: `match:${match.id}:expired:mentor`, recipient: match.mentorId as string, text: expiredForMentor(match.menteeId as string), notBefore: now });
    await offerNext(deps, client, lapsed, `match:${match.id}:expired`, 'expired');
  }
  let reminded = 0;
  for (const match of requested(subDays(now, REMIND_AFTER_DAYS))) {
    const goals = loadProfile(deps.db, match.menteeId as string)?.answers.goals.map((g) => g.aim) ?? [];
    const reminder = buildMentorRequest({ matchId: match.id, menteeId: match.menteeId as string, kind: match.kind, goals, reasons: match.reasons ?? [] }, true);
    if (enqueue(deps.db, { key: `match:${match.id}:reminder`, recipient: match.mentorId as string, ...reminder, notBefore: now })) reminded += 1;
  }
  await drainOutbox({ db: deps.db, client, logger: deps.logger }, now);
  return { reminded, expired };
}
