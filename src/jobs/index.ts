import type { WebClient } from '@slack/web-api';
import cron, { type ScheduledTask } from 'node-cron';
import type { Deps } from '../deps.js';
import { drainOutbox } from '../outbox/outbox.js';
import { runRequestFollowUps } from './requestFollowUps.js';

/**
 * Every scheduled job, by name. Each is a plain function of `now` that works
 * out what is due from the database, so cron, the operator CLI and tests all
 * run the same code; cron only decides when.
 */
export interface Job {
  name: string;
  /** Cron expression (UTC). */
  schedule: string;
  description: string;
  run(deps: Deps, client: WebClient, now: Date): Promise<unknown>;
}

export const JOBS: readonly Job[] = [
  {
    name: 'outbox',
    schedule: '* * * * *',
    description: 'send queued messages that are due (paused people wait)',
    run: (deps, client, now) => drainOutbox({ db: deps.db, client, logger: deps.logger }, now),
  },
  {
    name: 'request-follow-ups',
    schedule: '*/15 * * * *',
    description: 'remind mentors of requests after 3 days; lapse them after 7',
    run: runRequestFollowUps,
  },
];

/** Starts each job on its cron schedule; a tick that finds the last run still busy is skipped. */
export function startJobs(deps: Deps, client: WebClient): { stop(): Promise<void> } {
  const tasks: ScheduledTask[] = JOBS.map((job) =>
    cron.schedule(
      job.schedule,
      async () => {
        try {
          await job.run(deps, client, deps.clock());
        } catch (error) {
          deps.logger.error(`job ${job.name} failed:`, error);
        }
      },
      { name: job.name, timezone: 'Etc/UTC', noOverlap: true },
    ),
  );
  return {
    async stop() {
      await Promise.all(tasks.map((t) => t.stop()));
    },
  };
}
