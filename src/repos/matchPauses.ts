import { and, eq, inArray, isNull, lt } from 'drizzle-orm';
import type { DB, Tx } from '../db/client.js';
import { matchPauses } from '../db/schema.js';
import { inBatches } from '../db/inBatches.js';

/** A pair was paused: its spell begins. */
export async function recordPause(tx: DB | Tx, matchId: number, at: Date): Promise<void> {
  await tx.insert(matchPauses).values({ matchId, pausedAt: at });
}

/** A paused pair resumed, or its mentorship ended: its open spell, if any, ends. */
export async function endPause(tx: DB | Tx, matchId: number, at: Date): Promise<void> {
  await tx.update(matchPauses).set({ endedAt: at }).where(and(eq(matchPauses.matchId, matchId), isNull(matchPauses.endedAt)));
}

/** The pause spells of these pairs that began before `before`, oldest first; an open one has no end. */
export async function pausesOf(db: DB | Tx, matchIds: readonly number[], before: Date): Promise<Map<number, { from: Date; to: Date | null }[]>> {
  const spells = new Map<number, { from: Date; to: Date | null }[]>();
  const rows: (typeof matchPauses.$inferSelect)[] = [];
  for (const part of inBatches(matchIds)) {
    rows.push(...await db.select().from(matchPauses).where(and(inArray(matchPauses.matchId, part), lt(matchPauses.pausedAt, before))).orderBy(matchPauses.pausedAt));
  }
  for (const r of rows) spells.set(r.matchId, [...(spells.get(r.matchId) ?? []), { from: r.pausedAt, to: r.endedAt && r.endedAt < before ? r.endedAt : null }]);
  return spells;
}
