import { eq, inArray } from 'drizzle-orm';
import type { DB, Tx } from '../db/client.js';
import { type SelfDescription, selfDescriptions } from '../db/schema.js';
import type { DemographicQuestion, SelfDescriptionAnswers } from '../domain/selfDescription.js';
import { inBatches } from '../db/inBatches.js';

/** A person's self-described demographics: one row while they have answers, none otherwise. */

export function findSelfDescription(db: DB | Tx, personId: string): SelfDescription | undefined {
  return db.select().from(selfDescriptions).where(eq(selfDescriptions.personId, personId)).get();
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
export function saveSelfDescription(tx: DB | Tx, personId: string, answers: SelfDescriptionAnswers, asked: readonly DemographicQuestion[], now: Date): void {
  const columns: Partial<Pick<SelfDescription, (typeof COLUMN)[DemographicQuestion]>> = {};
  for (const q of asked) (columns as Record<string, string | null>)[COLUMN[q]] = answers[q] ?? null;
  tx.insert(selfDescriptions)
    .values({ personId, consentedAt: now, updatedAt: now, ...columns })
    .onConflictDoUpdate({ target: selfDescriptions.personId, set: { ...columns, consentedAt: now, updatedAt: now } })
    .run();
}

/** True when there was something to remove. */
export function removeSelfDescription(tx: DB | Tx, personId: string): boolean {
  return tx.delete(selfDescriptions).where(eq(selfDescriptions.personId, personId)).run().changes > 0;
}

/** The answers of the given people who have any, for an audit's totals. */
export function selfDescriptionsOf(db: DB | Tx, personIds: readonly string[], asOf?: Date): Map<string, SelfDescriptionAnswers> {
  const out = new Map<string, SelfDescriptionAnswers>();
  for (const part of inBatches(personIds)) {
    for (const row of db.select().from(selfDescriptions).where(inArray(selfDescriptions.personId, part)).all()) {
      // Answers given or changed after the cut-off wait for the next audit.
      if (!asOf || row.updatedAt.getTime() < asOf.getTime()) out.set(row.personId, answersOf(row));
    }
  }
  return out;
}
