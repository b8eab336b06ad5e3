import { and, desc, eq, inArray, ne, or } from 'drizzle-orm';
import type { DB, Tx } from '../db/client.js';
import { matchExclusions } from '../db/schema.js';

/**
 * Who must never be matched with whom. A person's own list is private to
 * them; a coordinator's entry carries a reason only coordinators read. Both
 * are one rule for matching: the two people are kept apart either way round.
 */

/** Every pair kept apart, each once, for the matching pool and circle formation. */
export async function exclusionPairs(db: DB | Tx): Promise<[string, string][]> {
  return (await db
    .select({ a: matchExclusions.personId, b: matchExclusions.excludedId })
    .from(matchExclusions))
    .map((r) => [r.a, r.b]);
}

/** Whether the two are kept apart, by either of them or by a coordinator, whoever asked. */
export async function keptApart(db: DB | Tx, a: string, b: string): Promise<boolean> {
  return (await db
    .select({ id: matchExclusions.id })
    .from(matchExclusions)
    .where(or(and(eq(matchExclusions.personId, a), eq(matchExclusions.excludedId, b)), and(eq(matchExclusions.personId, b), eq(matchExclusions.excludedId, a))))
    .limit(1)).length > 0;
}

/** Which of `others` are kept apart from this person, by either side or a coordinator. */
export async function keptApartAmong(db: DB | Tx, personId: string, others: readonly string[]): Promise<Set<string>> {
  if (others.length === 0) return new Set();
  const rows = await db
    .select({ a: matchExclusions.personId, b: matchExclusions.excludedId })
    .from(matchExclusions)
    .where(or(and(eq(matchExclusions.personId, personId), inArray(matchExclusions.excludedId, [...others])), and(eq(matchExclusions.excludedId, personId), inArray(matchExclusions.personId, [...others]))));
  return new Set(rows.map((r) => (r.a === personId ? r.b : r.a)));
}

/** The people this person asked not to be matched with: theirs alone to see. */
export async function ownExclusions(db: DB | Tx, personId: string): Promise<string[]> {
  return (await db
    .select({ id: matchExclusions.excludedId })
    .from(matchExclusions)
    .where(and(eq(matchExclusions.personId, personId), eq(matchExclusions.addedBy, personId))))
    .map((r) => r.id);
}

/** Replaces the person's own list (a coordinator's entries stay). */
export async function replaceOwnExclusions(tx: DB | Tx, personId: string, excludedIds: readonly string[], now: Date): Promise<void> {
  await tx.delete(matchExclusions).where(and(eq(matchExclusions.personId, personId), eq(matchExclusions.addedBy, personId)));
  for (const excludedId of new Set(excludedIds)) {
    if (excludedId === personId) continue;
    await tx.insert(matchExclusions).values({ personId, excludedId, addedBy: personId, createdAt: now }).onConflictDoNothing();
  }
}

/** A coordinator keeps two people apart, with a reason for the coordinators; false when they already were, by a coordinator. */
export async function addCoordinatorExclusion(tx: DB | Tx, values: { personId: string; excludedId: string; coordinatorId: string; reason: string; now: Date }): Promise<boolean> {
  const existing = await coordinatorExclusionBetween(tx, values.personId, values.excludedId);
  if (existing) return false;
  await tx.insert(matchExclusions).values({ personId: values.personId, excludedId: values.excludedId, addedBy: values.coordinatorId, reason: values.reason, createdAt: values.now });
  return true;
}

const between = (a: string, b: string) =>
  or(and(eq(matchExclusions.personId, a), eq(matchExclusions.excludedId, b)), and(eq(matchExclusions.personId, b), eq(matchExclusions.excludedId, a)));

/** A coordinator's entry between two people, either way round (never someone's private one). */
export async function coordinatorExclusionBetween(db: DB | Tx, a: string, b: string) {
  return (await db
    .select()
    .from(matchExclusions)
    .where(between(a, b)))
    .find((r) => r.addedBy !== r.personId);
}

/** Every entry coordinators made, newest first, with its reason: what the other coordinators read. */
export async function coordinatorExclusions(db: DB | Tx) {
  return await db
    .select()
    .from(matchExclusions)
    .where(ne(matchExclusions.addedBy, matchExclusions.personId))
    .orderBy(desc(matchExclusions.createdAt), desc(matchExclusions.id));
}

/** Removes coordinators' entries between two people; their own private lists stay as they are. */
export async function removeCoordinatorExclusions(tx: DB | Tx, a: string, b: string): Promise<number> {
  const rows = (await tx.select().from(matchExclusions).where(between(a, b))).filter((r) => r.addedBy !== r.personId);
  for (const r of rows) await tx.delete(matchExclusions).where(eq(matchExclusions.id, r.id));
  return rows.length;
}

/** What a person may see of exclusions about them: their own list, and that coordinators keep them apart from someone (never why). */
export async function exclusionsForExport(db: DB | Tx, personId: string) {
  const rows = await db
    .select()
    .from(matchExclusions)
    .where(or(eq(matchExclusions.personId, personId), eq(matchExclusions.excludedId, personId)));
  return {
    yours: rows.filter((r) => r.addedBy === personId && r.personId === personId).map((r) => ({ id: r.id, notMatchedWith: r.excludedId, createdAt: r.createdAt })),
    byCoordinators: rows.filter((r) => r.addedBy !== r.personId).map((r) => ({ id: r.id, keptApartFrom: r.personId === personId ? r.excludedId : r.personId, createdAt: r.createdAt })),
  };
}

/** Erasure: every entry that names the person goes; a conflict they recorded as a coordinator between two others stays, unsigned. */
export async function eraseExclusionsOf(tx: DB | Tx, personId: string): Promise<void> {
  await tx.delete(matchExclusions).where(or(eq(matchExclusions.personId, personId), eq(matchExclusions.excludedId, personId)));
  await tx.update(matchExclusions).set({ addedBy: ERASED_COORDINATOR }).where(eq(matchExclusions.addedBy, personId));
}

export const ERASED_COORDINATOR = 'deleted';
