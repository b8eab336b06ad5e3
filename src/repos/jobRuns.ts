import { and, eq, sql } from 'drizzle-orm';
import type { DB } from '../db/client.js';
import { prepared } from '../db/prepared.js';
import { jobRuns } from '../db/schema.js';
import { rowsChanged, first } from '../db/query.js';

/*
 * The job ledger: one row per job and time slot. Every tick of every job
 * reads and writes it, so its statements are prepared once per connection.
 */

const slotOf = and(eq(jobRuns.job, sql.placeholder('job')), eq(jobRuns.slot, sql.placeholder('slot')));

/** True when this call created the slot's row (the unique key is the guard). */
export async function openRun(db: DB, job: string, slot: string, now: Date): Promise<boolean> {
  const insert = prepared(db, 'jobRuns.open', (d) => d.insert(jobRuns).values({ job: sql.placeholder('job'), slot: sql.placeholder('slot'), startedAt: sql.placeholder('startedAt') }).onConflictDoNothing().prepare());
  return rowsChanged(await insert.execute({ job, slot, startedAt: now })) > 0;
}

export async function findRun(db: DB, job: string, slot: string) {
  return await first(prepared(db, 'jobRuns.find', (d) => d.select().from(jobRuns).where(slotOf).prepare()).execute({ job, slot }));
}

// set() takes no placeholder; an SQL fragment holding one does, and receives epoch milliseconds as the column stores them.
const nowMs = sql`${sql.placeholder('nowMs')}`;

export async function startRun(db: DB, job: string, slot: string, now: Date): Promise<void> {
  await prepared(db, 'jobRuns.start', (d) => d.update(jobRuns).set({ startedAt: nowMs, finishedAt: null, error: null }).where(slotOf).prepare()).execute({ job, slot, nowMs: now.getTime() });
}

export async function finishRun(db: DB, job: string, slot: string, now: Date): Promise<void> {
  await prepared(db, 'jobRuns.finish', (d) => d.update(jobRuns).set({ finishedAt: nowMs }).where(slotOf).prepare()).execute({ job, slot, nowMs: now.getTime() });
}

export async function failRun(db: DB, job: string, slot: string, error: string): Promise<void> {
  await db.update(jobRuns).set({ error }).where(and(eq(jobRuns.job, job), eq(jobRuns.slot, slot)));
}
