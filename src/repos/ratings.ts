import { and, eq, sql } from 'drizzle-orm';
import type { DB, Tx } from '../db/client.js';
import { type Rating, ratings } from '../db/schema.js';
import { first } from '../db/query.js';

export async function findRating(db: DB | Tx, sessionId: number, raterId: string): Promise<Rating | undefined> {
  return await first(db.select().from(ratings).where(and(eq(ratings.sessionId, sessionId), eq(ratings.raterId, raterId))));
}

export type RatingValues = Pick<Rating, 'happened' | 'usefulness' | 'clarity' | 'applicability' | 'comment'>;

/**
 * One rating per rater and session: a second submit updates the first, but
 * only while the edit window (counted from the first submission, which an
 * update never moves) is open.
 */
export async function saveRatingRow(db: DB | Tx, sessionId: number, raterId: string, values: RatingValues, now: Date, editableSince: Date): Promise<void> {
  await db.insert(ratings)
    .values({ sessionId, raterId, ...values, createdAt: now, updatedAt: now })
    .onConflictDoUpdate({
      target: [ratings.sessionId, ratings.raterId],
      set: { ...values, updatedAt: now },
      setWhere: sql`${ratings.createdAt} >= ${editableSince.getTime()}`,
    });
}
