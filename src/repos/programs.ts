import { and, asc, count, eq, inArray, ne } from 'drizzle-orm';
import type { DB, Tx } from '../db/client.js';
import { type Program, programCoordinators, programs } from '../db/schema.js';
import { programNameKey, type ProgramStatus } from '../domain/programs.js';
import { prepared } from '../db/prepared.js';

export type ProgramValues = Omit<typeof programs.$inferInsert, 'id' | 'nameKey' | 'createdAt'>;

export function findProgram(db: DB | Tx, id: number): Program | undefined {
  return db.select().from(programs).where(eq(programs.id, id)).get();
}

/** Every program, oldest first, closed ones included unless asked otherwise. */
/** Every job tick reads the programs: both statements are prepared once per connection. */
export function allPrograms(db: DB | Tx, options: { open?: boolean } = {}): Program[] {
  if (options.open) return prepared(db, 'programs.open', (d) => d.select().from(programs).where(ne(programs.status, 'closed')).orderBy(asc(programs.id)).prepare()).all();
  return prepared(db, 'programs.all', (d) => d.select().from(programs).orderBy(asc(programs.id)).prepare()).all();
}

export function programNamed(db: DB | Tx, name: string): Program | undefined {
  return db.select().from(programs).where(eq(programs.nameKey, programNameKey(name))).get();
}

export function programCount(db: DB | Tx): number {
  return db.select({ n: count() }).from(programs).get()?.n ?? 0;
}

export function createProgram(tx: DB | Tx, values: ProgramValues & { name: string }): Program {
  return tx
    .insert(programs)
    .values({ ...values, nameKey: programNameKey(values.name) })
    .returning()
    .get();
}

export function updateProgram(tx: DB | Tx, id: number, values: Partial<ProgramValues>, now: Date): Program | undefined {
  const key = values.name !== undefined ? { nameKey: programNameKey(values.name) } : {};
  return tx
    .update(programs)
    .set({ ...values, ...key, updatedAt: now })
    .where(eq(programs.id, id))
    .returning()
    .get();
}

/** Moves a program to a status from one of the given ones; undefined when it was not in them (a double click). */
export function setProgramStatus(tx: DB | Tx, id: number, from: readonly ProgramStatus[], to: ProgramStatus, now: Date): Program | undefined {
  return tx
    .update(programs)
    .set({ status: to, updatedAt: now, ...(to === 'closed' ? { closedAt: now } : {}) })
    .where(and(eq(programs.id, id), inArray(programs.status, [...from])))
    .returning()
    .get();
}

export function coordinatorsOf(db: DB | Tx, programId: number): string[] {
  return db
    .select({ id: programCoordinators.personId })
    .from(programCoordinators)
    .where(eq(programCoordinators.programId, programId))
    .all()
    .map((r) => r.id);
}

/** The programs a person coordinates by name (workspace admins coordinate all, which is the caller's rule). */
export function programIdsCoordinatedBy(db: DB | Tx, personId: string): number[] {
  return db
    .select({ id: programCoordinators.programId })
    .from(programCoordinators)
    .where(eq(programCoordinators.personId, personId))
    .all()
    .map((r) => r.id);
}

export function setCoordinators(tx: DB | Tx, programId: number, personIds: readonly string[]): void {
  tx.delete(programCoordinators).where(eq(programCoordinators.programId, programId)).run();
  if (personIds.length > 0) tx.insert(programCoordinators).values(personIds.map((personId) => ({ programId, personId }))).run();
}

/** A person who erased their data is no longer anyone's coordinator. */
export function removeCoordinator(tx: DB | Tx, personId: string): void {
  tx.delete(programCoordinators).where(eq(programCoordinators.personId, personId)).run();
}
