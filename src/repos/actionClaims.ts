import { and, desc, eq, gt } from 'drizzle-orm';
import type { DB } from '../db/client.js';
import { actionClaims } from '../db/schema.js';
import { first as firstRow } from '../db/query.js';
import { inserted } from './inserted.js';

export interface ActionKey {
  actorId: string;
  /** What the press means: 'nudge', 'schedule', 'round'… */
  intent: string;
  target: string;
}

export type Claimed = { first: true; id: number } | { first: false; at: Date; outcome: string | null };

/**
 * The first press of a button (or run of a command) within the window does
 * the work; presses after it are told what the first did. The check and the
 * record are one immediate transaction, so two processes cannot both be first.
 */
export async function claimAction(db: DB, key: ActionKey, now: Date, windowMs: number): Promise<Claimed> {
  return db.transaction(
    async (tx): Promise<Claimed> => {
      const earlier = await firstRow(tx
        .select()
        .from(actionClaims)
        .where(and(eq(actionClaims.actorId, key.actorId), eq(actionClaims.intent, key.intent), eq(actionClaims.target, key.target), gt(actionClaims.claimedAt, new Date(now.getTime() - windowMs))))
        .orderBy(desc(actionClaims.claimedAt))
        .limit(1));
      if (earlier) return { first: false, at: earlier.claimedAt, outcome: earlier.outcome };
      const row = await inserted(tx.insert(actionClaims).values({ ...key, claimedAt: now }).returning({ id: actionClaims.id }));
      return { first: true, id: row.id };
    },
    { behavior: 'immediate' },
  );
}

/** What the first press did, for the repeats to quote. */
export async function recordOutcome(db: DB, id: number, outcome: string): Promise<void> {
  await db.update(actionClaims).set({ outcome }).where(eq(actionClaims.id, id));
}

/** A press that did nothing (refused, failed) should not make the next one wait. */
export async function releaseAction(db: DB, id: number): Promise<void> {
  await db.delete(actionClaims).where(eq(actionClaims.id, id));
}
