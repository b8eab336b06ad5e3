import type { WebClient } from '@slack/web-api';
import type { Deps } from '../deps.js';
import { withLogContext } from '../logContext.js';
import { failRun, findRun, finishRun, openRun, startRun } from '../repos/jobRuns.js';

export interface Job {
  name: string;
  /** How often it runs, in minutes; cron ticks on these boundaries (UTC). */
  everyMinutes: number;
  description: string;
  /**
   * Runs on every replica at every tick, and once when a replica starts, outside
   * the ledger: its own claims keep two runs from doing the same work (the
   * outbox), and a replica must not wait for another that may have died.
   */
  everyReplica?: { everySeconds: (config: Deps['config']) => number };
  run(deps: Deps, client: WebClient, now: Date): Promise<unknown>;
}

/** A run that started this long ago and never finished is taken to have died with its process. */
const RUN_LEASE_MS = 10 * 60_000;

/** The time slot a tick belongs to: the start of its period, so double ticks share one. */
export function slotOf(job: Job, now: Date): string {
  const period = job.everyMinutes * 60_000;
  return new Date(Math.floor(now.getTime() / period) * period).toISOString();
}

export type RunOutcome = { ran: true; slot: string; result: unknown } | { ran: false; slot: string; why: string };

/**
 * Runs a job for the slot `now` falls in, at most once per slot: the ledger's
 * unique (job, slot) row is the guard, so a double tick or two overlapping
 * processes run it once. A run that crashed is run again; every job works
 * out what is due from the database, so running again repeats nothing.
 */
export async function runJob(job: Job, deps: Deps, client: WebClient, now: Date, options: { force?: boolean } = {}): Promise<RunOutcome> {
  const slot = slotOf(job, now);
  // Every line logged while it runs, from any module, names this run.
  return withLogContext({ job: job.name, slot }, async () =>
    job.everyReplica ? { ran: true, slot, result: await job.run(deps, client, now) } : runInSlot(job, deps, client, now, slot, options),
  );
}

async function runInSlot(job: Job, deps: Deps, client: WebClient, now: Date, slot: string, options: { force?: boolean }): Promise<RunOutcome> {
  if (!await openRun(deps.db, job.name, slot, now) && !options.force) {
    const existing = await findRun(deps.db, job.name, slot);
    const abandoned = existing && existing.finishedAt === null && now.getTime() - existing.startedAt.getTime() > RUN_LEASE_MS;
    if (!abandoned) return { ran: false, slot, why: existing?.finishedAt ? 'already ran for this slot' : 'already running for this slot' };
  }
  await startRun(deps.db, job.name, slot, now);
  try {
    const result = await job.run(deps, client, now);
    await finishRun(deps.db, job.name, slot, deps.clock());
    return { ran: true, slot, result };
  } catch (error) {
    await failRun(deps.db, job.name, slot, String(error));
    throw error;
  }
}
