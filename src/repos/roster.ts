import { eq } from 'drizzle-orm';
import type { DB, Tx } from '../db/client.js';
import { people, type Person } from '../db/schema.js';

/** The HR fields a roster file sets on a person. */
export type RosterFields = Partial<Pick<Person, 'email' | 'department' | 'level' | 'managerId' | 'location'>>;

/** Someone the roster names before they ever opened the bot. */
export async function insertRosterPerson(tx: DB | Tx, id: string, fields: RosterFields, now: Date): Promise<void> {
  await tx.insert(people).values({ id, ...fields, rosterImportedAt: now });
}

export async function updateRosterFields(tx: DB | Tx, id: string, changes: RosterFields, now: Date): Promise<void> {
  await tx.update(people).set({ ...changes, rosterImportedAt: now }).where(eq(people.id, id));
}
