import { eq, inArray } from 'drizzle-orm';
import type { DB, Tx } from '../db/client.js';
import { type SelfDescription, selfDescriptions } from '../db/schema.js';
import type { DemographicQuestion, SelfDescriptionAnswers } from '../domain/selfDescription.js';
import { inBatches } from '../db/inBatches.js';
import { first, rowsChanged } from '../db/query.js';

/** A person's self-described demographics: one row while they have answers, none otherwise. */

export async function findSelfDescription(db: DB | Tx, personId: string): Promise<SelfDescription | undefined> {
  return await first(db.select().from(selfDescriptions).where(eq(selfDescriptions.personId, personId)));
}

export function answersOf(row: SelfDescription): SelfDescriptionAnswers {
  const answers: SelfDescriptionAnswers = {};
  if (row.genderIdentity) answers.gender_identity = row.genderIdentity;
  if (row.ethnicity) answers.ethnicity = row.ethnicity;
  if (row.disability) answers.disability = row.disability;
  if (row.inOwnWords) answers.in_own_words = row.inOwnWords;
  return answers;
}

const COLUMN = { gender_identity: 'genderIdentity', ethnicity: 'ethnicity', disability: 'disability', in_own_words: 'inOwnWords' } as const satisfies Record<DemographicQuestion, keyof SelfDescription>;

/** Saves the answers to the questions asked now; a question not asked keeps what another program's form stored. */
export async function saveSelfDescription(tx: DB | Tx, personId: string, answers: SelfDescriptionAnswers, asked: readonly DemographicQuestion[], now: Date): Promise<void> {
  const columns: Partial<Pick<SelfDescription, (typeof COLUMN)[DemographicQuestion]>> = {};
  for (const q of asked) (columns as Record<string, string | null>)[COLUMN[q]] = answers[q] ?? null;
  await tx.insert(selfDescriptions)
    .values({ personId, consentedAt: now, updatedAt: now, ...columns })
    .onConflictDoUpdate({ target: selfDescriptions.personId, set: { ...columns, consentedAt: now, updatedAt: now } });
}

/** True when there was something to remove. */
export async function removeSelfDescription(tx: DB | Tx, personId: string): Promise<boolean> {
  return rowsChanged(await tx.delete(selfDescriptions).where(eq(selfDescriptions.personId, personId))) > 0;
}

/** The answers of the given people who have any, for an audit's totals. */
export async function selfDescriptionsOf(db: DB | Tx, personIds: readonly string[], asOf?: Date): Promise<Map<string, SelfDescriptionAnswers>> {
  const out = new Map<string, SelfDescriptionAnswers>();
  for (const part of inBatches(personIds)) {
    for (const row of await db.select().from(selfDescriptions).where(inArray(selfDescriptions.personId, part))) {
      // Answers given or changed after the cut-off wait for the next audit.
      if (!asOf || row.updatedAt.getTime() < asOf.getTime()) out.set(row.personId, answersOf(row));
    }
  }
  return out;
}
