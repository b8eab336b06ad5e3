import { and, asc, count, eq, inArray, ne } from 'drizzle-orm';
import type { DB, Tx } from '../db/client.js';
import { type Program, programCoordinators, programs } from '../db/schema.js';
import { programNameKey, type ProgramStatus } from '../domain/programs.js';
import { prepared } from '../db/prepared.js';
import { first } from '../db/query.js';
import { inserted } from './inserted.js';

export type ProgramValues = Omit<typeof programs.$inferInsert, 'id' | 'nameKey' | 'createdAt'>;

export async function findProgram(db: DB | Tx, id: number): Promise<Program | undefined> {
  return await first(db.select().from(programs).where(eq(programs.id, id)));
}

/** Every program, oldest first, closed ones included unless asked otherwise. */
/** Every job tick reads the programs: both statements are prepared once per connection. */
export async function allPrograms(db: DB | Tx, options: { open?: boolean } = {}): Promise<Program[]> {
  if (options.open) return await prepared(db, 'programs.open', (d) => d.select().from(programs).where(ne(programs.status, 'closed')).orderBy(asc(programs.id)).prepare()).execute();
  return await prepared(db, 'programs.all', (d) => d.select().from(programs).orderBy(asc(programs.id)).prepare()).execute();
}

export async function programNamed(db: DB | Tx, name: string): Promise<Program | undefined> {
  return await first(db.select().from(programs).where(eq(programs.nameKey, programNameKey(name))));
}

export async function programCount(db: DB | Tx): Promise<number> {
  return (await first(db.select({ n: count() }).from(programs)))?.n ?? 0;
}

export async function createProgram(tx: DB | Tx, values: ProgramValues & { name: string }): Promise<Program> {
  return await inserted(tx
    .insert(programs)
    .values({ ...values, nameKey: programNameKey(values.name) })
    .returning());
}

export async function updateProgram(tx: DB | Tx, id: number, values: Partial<ProgramValues>, now: Date): Promise<Program | undefined> {
  const key = values.name !== undefined ? { nameKey: programNameKey(values.name) } : {};
  return await first(tx
    .update(programs)
    .set({ ...values, ...key, updatedAt: now })
    .where(eq(programs.id, id))
    .returning());
}

/** Moves a program to a status from one of the given ones; undefined when it was not in them (a double click). */
export async function setProgramStatus(tx: DB | Tx, id: number, from: readonly ProgramStatus[], to: ProgramStatus, now: Date): Promise<Program | undefined> {
  return await first(tx
    .update(programs)
    .set({ status: to, updatedAt: now, ...(to === 'closed' ? { closedAt: now } : {}) })
    .where(and(eq(programs.id, id), inArray(programs.status, [...from])))
    .returning());
}

export async function coordinatorsOf(db: DB | Tx, programId: number): Promise<string[]> {
  return (await db
    .select({ id: programCoordinators.personId })
    .from(programCoordinators)
    .where(eq(programCoordinators.programId, programId)))
    .map((r) => r.id);
}

/** The programs a person coordinates by name (workspace admins coordinate all, which is the caller's rule). */
export async function programIdsCoordinatedBy(db: DB | Tx, personId: string): Promise<number[]> {
  return (await db
    .select({ id: programCoordinators.programId })
    .from(programCoordinators)
    .where(eq(programCoordinators.personId, personId)))
    .map((r) => r.id);
}

export async function setCoordinators(tx: DB | Tx, programId: number, personIds: readonly string[]): Promise<void> {
  await tx.delete(programCoordinators).where(eq(programCoordinators.programId, programId));
  if (personIds.length > 0) await tx.insert(programCoordinators).values(personIds.map((personId) => ({ programId, personId })));
}

/** A person who erased their data is no longer anyone's coordinator. */
export async function removeCoordinator(tx: DB | Tx, personId: string): Promise<void> {
  await tx.delete(programCoordinators).where(eq(programCoordinators.personId, personId));
}
