import { and, desc, eq, inArray, ne, or } from 'drizzle-orm';
import type { DB, Tx } from '../db/client.js';
import { matchExclusions } from '../db/schema.js';

/**
 * Who must never be matched with whom. A person's own list is private to
 * them; a coordinator's entry carries a reason only coordinators read. Both
 * are one rule for matching: the two people are kept apart either way round.
 */

/** Every pair kept apart, each once, for the matching pool and circle formation. */
export function exclusionPairs(db: DB | Tx): [string, string][] {
  return db
    .select({ a: matchExclusions.personId, b: matchExclusions.excludedId })
    .from(matchExclusions)
    .all()
    .map((r) => [r.a, r.b]);
}

/** Whether the two are kept apart, by either of them or by a coordinator, whoever asked. */
export function keptApart(db: DB | Tx, a: string, b: string): boolean {
  return db
    .select({ id: matchExclusions.id })
    .from(matchExclusions)
    .where(or(and(eq(matchExclusions.personId, a), eq(matchExclusions.excludedId, b)), and(eq(matchExclusions.personId, b), eq(matchExclusions.excludedId, a))))
    .limit(1)
    .all().length > 0;
}

/** Which of `others` are kept apart from this person, by either side or a coordinator. */
export function keptApartAmong(db: DB | Tx, personId: string, others: readonly string[]): Set<string> {
  if (others.length === 0) return new Set();
  const rows = db
    .select({ a: matchExclusions.personId, b: matchExclusions.excludedId })
    .from(matchExclusions)
    .where(or(and(eq(matchExclusions.personId, personId), inArray(matchExclusions.excludedId, [...others])), and(eq(matchExclusions.excludedId, personId), inArray(matchExclusions.personId, [...others]))))
    .all();
  return new Set(rows.map((r) => (r.a === personId ? r.b : r.a)));
}

/** The people this person asked not to be matched with: theirs alone to see. */
export function ownExclusions(db: DB | Tx, personId: string): string[] {
  return db
    .select({ id: matchExclusions.excludedId })
    .from(matchExclusions)
    .where(and(eq(matchExclusions.personId, personId), eq(matchExclusions.addedBy, personId)))
    .all()
    .map((r) => r.id);
}

/** Replaces the person's own list (a coordinator's entries stay). */
export function replaceOwnExclusions(tx: DB | Tx, personId: string, excludedIds: readonly string[], now: Date): void {
  tx.delete(matchExclusions).where(and(eq(matchExclusions.personId, personId), eq(matchExclusions.addedBy, personId))).run();
  for (const excludedId of new Set(excludedIds)) {
    if (excludedId === personId) continue;
    tx.insert(matchExclusions).values({ personId, excludedId, addedBy: personId, createdAt: now }).onConflictDoNothing().run();
  }
}

/** A coordinator keeps two people apart, with a reason for the coordinators; false when they already were, by a coordinator. */
export function addCoordinatorExclusion(tx: DB | Tx, values: { personId: string; excludedId: string; coordinatorId: string; reason: string; now: Date }): boolean {
  const existing = coordinatorExclusionBetween(tx, values.personId, values.excludedId);
  if (existing) return false;
  tx.insert(matchExclusions).values({ personId: values.personId, excludedId: values.excludedId, addedBy: values.coordinatorId, reason: values.reason, createdAt: values.now }).run();
  return true;
}

const between = (a: string, b: string) =>
  or(and(eq(matchExclusions.personId, a), eq(matchExclusions.excludedId, b)), and(eq(matchExclusions.personId, b), eq(matchExclusions.excludedId, a)));

/** A coordinator's entry between two people, either way round (never someone's private one). */
export function coordinatorExclusionBetween(db: DB | Tx, a: string, b: string) {
  return db
    .select()
    .from(matchExclusions)
    .where(between(a, b))
    .all()
    .find((r) => r.addedBy !== r.personId);
}

/** Every entry coordinators made, newest first, with its reason: what the other coordinators read. */
export function coordinatorExclusions(db: DB | Tx) {
  return db
    .select()
    .from(matchExclusions)
    .where(ne(matchExclusions.addedBy, matchExclusions.personId))
    .orderBy(desc(matchExclusions.createdAt), desc(matchExclusions.id))
    .all();
}

/** Removes coordinators' entries between two people; their own private lists stay as they are. */
export function removeCoordinatorExclusions(tx: DB | Tx, a: string, b: string): number {
  const rows = tx.select().from(matchExclusions).where(between(a, b)).all().filter((r) => r.addedBy !== r.personId);
  for (const r of rows) tx.delete(matchExclusions).where(eq(matchExclusions.id, r.id)).run();
  return rows.length;
}

/** What a person may see of exclusions about them: their own list, and that coordinators keep them apart from someone (never why). */
export function exclusionsForExport(db: DB | Tx, personId: string) {
  const rows = db
    .select()
    .from(matchExclusions)
    .where(or(eq(matchExclusions.personId, personId), eq(matchExclusions.excludedId, personId)))
    .all();
  return {
    yours: rows.filter((r) => r.addedBy === personId && r.personId === personId).map((r) => ({ id: r.id, notMatchedWith: r.excludedId, createdAt: r.createdAt })),
    byCoordinators: rows.filter((r) => r.addedBy !== r.personId).map((r) => ({ id: r.id, keptApartFrom: r.personId === personId ? r.excludedId : r.personId, createdAt: r.createdAt })),
  };
}

/** Erasure: every entry that names the person goes; a conflict they recorded as a coordinator between two others stays, unsigned. */
export function eraseExclusionsOf(tx: DB | Tx, personId: string): void {
  tx.delete(matchExclusions).where(or(eq(matchExclusions.personId, personId), eq(matchExclusions.excludedId, personId))).run();
  tx.update(matchExclusions).set({ addedBy: ERASED_COORDINATOR }).where(eq(matchExclusions.addedBy, personId)).run();
}

export const ERASED_COORDINATOR = 'deleted';
