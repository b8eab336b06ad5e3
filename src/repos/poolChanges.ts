import { and, count, eq, getTableName, gt, gte, inArray, isNotNull, min, sql } from 'drizzle-orm';
import type { DB, Tx } from '../db/client.js';
import { databaseOf } from '../db/database.js';
import { availability, circles, enrollments, goals, matchExclusions, matches, people, personSkills, profiles, ratings, sessions } from '../db/schema.js';
import type { PoolClockFacts } from '../domain/matching/poolClock.js';
import { first } from '../db/query.js';

/**
 * What tells a kept matching pool (src/services/poolIndex.ts) that it may be
 * out of date: writes to the tables the pool is read from, and the clock
 * facts that change it with no write at all.
 */

/**
 * Every table loadMatchingPool and poolFor read. test/unit/poolIndex.test.ts
 * holds this list to the tables those modules import, so a table added to the
 * pool cannot be left unwatched.
 */
export const POOL_TABLES: readonly string[] = [people, profiles, enrollments, personSkills, goals, availability, matches, circles, matchExclusions, ratings, sessions].map((t) => getTableName(t));

/**
 * Calls `onWrite` for every row this connection inserts, updates or deletes
 * in a pool table, inside the statement (so before any later read); other
 * connections are seen through `othersCommits` instead. Returns a function
 * that stops the calls.
 */
export function watchPoolTables(db: DB, onWrite: () => void): () => void {
  return databaseOf(db).watchWrites(POOL_TABLES, onWrite);
}

/** Changes whenever another connection (another process or replica, `npm run job`) commits to the database; this one's own commits leave it alone. */
export function othersCommits(db: DB): number {
  return databaseOf(db).othersCommits();
}

/** True inside a transaction on this connection: its writes are neither committed nor final yet. */
export function inTransaction(db: DB): boolean {
  return databaseOf(db).inTransaction(db);
}

const DAY_MS = 86_400_000;

/** What `poolChangesAt` needs to know about pauses, the cool-down and "busy until", as of `now`. */
export async function poolClockFacts(db: DB | Tx, now: Date, cooldownCutoff: Date): Promise<PoolClockFacts> {
  const pause = await first(db
    .select({ at: min(people.pausedUntil) })
    .from(people)
    .where(and(eq(people.status, 'paused'), gt(people.pausedUntil, now))));
  const decided = await first(db
    .select({ at: min(matches.decidedAt) })
    .from(matches)
    .where(and(inArray(matches.status, ['ended', 'declined']), gte(matches.decidedAt, cooldownCutoff))));
  const ended = await first(db
    .select({ at: min(matches.endedAt) })
    .from(matches)
    .where(and(eq(matches.status, 'ended'), gte(matches.endedAt, cooldownCutoff))));
  // No zone is a day behind UTC, so a date before yesterday's has passed everywhere.
  const yesterday = new Date(now.getTime() - DAY_MS).toISOString().slice(0, 10);
  const busy = await db
    .selectDistinct({ busyUntil: profiles.busyUntil, timeZone: sql<string>`coalesce(${people.timeZone}, 'UTC')` })
    .from(profiles)
    .innerJoin(people, eq(people.id, profiles.personId))
    .where(and(isNotNull(profiles.busyUntil), gte(profiles.busyUntil, yesterday)));
  const epoch = (d: Date | number | null | undefined) => (d === null || d === undefined ? null : typeof d === 'number' ? d : d.getTime());
  return {
    pauseEnds: epoch(pause?.at),
    decidedSince: epoch(decided?.at),
    endedSince: epoch(ended?.at),
    busy: busy.map((b) => ({ busyUntil: b.busyUntil as string, timeZone: b.timeZone })),
  };
}

/** How many people take part in a program now, to tell a large pool from a small one. */
export async function activeEnrollmentCount(db: DB | Tx, programId: number): Promise<number> {
  return (await first(db.select({ n: count() }).from(enrollments).where(and(eq(enrollments.programId, programId), eq(enrollments.status, 'active')))))?.n ?? 0;
}
