import { and, eq, sql } from 'drizzle-orm';
import type { DB, Tx } from '../db/client.js';
import { type Rating, ratings } from '../db/schema.js';

export function findRating(db: DB | Tx, sessionId: number, raterId: string): Rating | undefined {
  return db.select().from(ratings).where(and(eq(ratings.sessionId, sessionId), eq(ratings.raterId, raterId))).get();
}

export type RatingValues = Pick<Rating, 'happened' | 'usefulness' | 'clarity' | 'applicability' | 'comment'>;

/**
 * One rating per rater and session: a second submit updates the first, but
 * only while the edit window (counted from the first submission, which an
 * update never moves) is open.
 */
export function saveRatingRow(db: DB | Tx, sessionId: number, raterId: string, values: RatingValues, now: Date, editableSince: Date): void {
  db.insert(ratings)
    .values({ sessionId, raterId, ...values, createdAt: now, updatedAt: now })
    .onConflictDoUpdate({
      target: [ratings.sessionId, ratings.raterId],
      set: { ...values, updatedAt: now },
      setWhere: sql`${ratings.createdAt} >= ${editableSince.getTime()}`,
    })
    .run();
}
