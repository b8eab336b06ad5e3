import { and, eq, inArray, isNull, lt } from 'drizzle-orm';
import type { DB, Tx } from '../db/client.js';
import { matchPauses } from '../db/schema.js';
import { inBatches } from '../db/inBatches.js';

/** A pair was paused: its spell begins. */
export function recordPause(tx: DB | Tx, matchId: number, at: Date): void {
  tx.insert(matchPauses).values({ matchId, pausedAt: at }).run();
}

/** A paused pair resumed, or its mentorship ended: its open spell, if any, ends. */
export function endPause(tx: DB | Tx, matchId: number, at: Date): void {
  tx.update(matchPauses).set({ endedAt: at }).where(and(eq(matchPauses.matchId, matchId), isNull(matchPauses.endedAt))).run();
}

/** The pause spells of these pairs that began before `before`, oldest first; an open one has no end. */
export function pausesOf(db: DB | Tx, matchIds: readonly number[], before: Date): Map<number, { from: Date; to: Date | null }[]> {
  const spells = new Map<number, { from: Date; to: Date | null }[]>();
  const rows = inBatches(matchIds).flatMap((part) =>
    db
      .select()
      .from(matchPauses)
      .where(and(inArray(matchPauses.matchId, part), lt(matchPauses.pausedAt, before)))
      .orderBy(matchPauses.pausedAt)
      .all(),
  );
  for (const r of rows) spells.set(r.matchId, [...(spells.get(r.matchId) ?? []), { from: r.pausedAt, to: r.endedAt && r.endedAt < before ? r.endedAt : null }]);
  return spells;
}
