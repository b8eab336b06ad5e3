import type { WebClient } from '@slack/web-api';
import cron, { type ScheduledTask } from 'node-cron';
import type { Deps } from '../deps.js';
import { deliver } from '../outbox/outbox.js';
import { runAutoRounds } from './autoRounds.js';
import { runBiasAudits } from './biasAudit.js';
import { runCheckIns } from './checkIns.js';
import { runCircleFeedback } from './circleFeedback.js';
import { runCircles } from './circles.js';
import { runCircleTimes } from './circleTimes.js';
import { runCohorts } from './cohorts.js';
import { runRatingPrompts } from './ratingPrompts.js';
import { runRequestFollowUps } from './requestFollowUps.js';
import { proposeReverseMonthly } from './reverseMonthly.js';
import { type Job, runJob } from './runner.js';
import { runStalledPairs } from './stalledPairs.js';
import { postWeeklyDigest } from './weeklyDigest.js';

export type { Job } from './runner.js';

/**
 * Every scheduled job, by name. Each is a plain function of `now` that works
 * out what is due from the database, so cron, the operator CLI
 * (`npm run job`) and tests all run the same code; cron only decides when.
 */
export const JOBS: readonly Job[] = [
  {
    name: 'outbox',
    everyMinutes: 1,
    description: 'send queued messages that are due, inside each recipient’s working hours (the app: on every replica, every OUTBOX_POLL_SECONDS and at start)',
    everyReplica: { everySeconds: (config) => config.outboxPollSeconds },
    run: async (deps, client, now) => deliver(deps, client, now),
  },
  {
    name: 'request-follow-ups',
    everyMinutes: 15,
    description: 'remind mentors of requests after 3 days; lapse them after 7',
    run: runRequestFollowUps,
  },
  {
    name: 'check-ins',
    everyMinutes: 15,
    description: 'check-ins every 2 weeks for mentors and monthly goal check-ins for mentees; pause pairs silent for 3',
    run: runCheckIns,
  },
  {
    name: 'stalled-pairs',
    everyMinutes: 60,
    description: 'nudge pairs quiet for 4 weeks; flag pairs quiet for 6 to the coordinators',
    run: runStalledPairs,
  },
  {
    name: 'reverse-monthly',
    everyMinutes: 60,
    description: "propose each reverse-mentoring pair's protected monthly slot",
    run: proposeReverseMonthly,
  },
  {
    name: 'rating-prompts',
    everyMinutes: 15,
    description: 'ask both people to rate a session once it has ended, one reminder; a session being moved is off once every offered time passed unpicked',
    run: runRatingPrompts,
  },
  {
    name: 'weekly-digest',
    everyMinutes: 15,
    description: "post last week's digest to the coordinators' channel, Mondays from 09:00 in DIGEST_TIMEZONE, once a week",
    run: postWeeklyDigest,
  },
  {
    name: 'cohorts',
    everyMinutes: 15,
    description: "each cohort's kickoff, midpoint pulse, keep-going question a week before the end, close at 09:00 on its end date, and report a week later",
    run: runCohorts,
  },
  {
    name: 'auto-rounds',
    everyMinutes: 15,
    description: "preview each automatic program's round at its weekly local time; publish it after the review window unless cancelled",
    run: runAutoRounds,
  },
  {
    name: 'circles',
    everyMinutes: 15,
    description: "each circle's private channel made and its members kept in step, its welcome and calendar files, sessions announced the day before and reminded an hour before, ended circles archived",
    run: runCircles,
  },
  {
    name: 'circle-times',
    everyMinutes: 60,
    description: "check each circle's coming sessions against everyone's hours (daylight saving included); whoever can move it is offered times that fit, once per time and set of people it misses",
    run: runCircleTimes,
  },
  {
    name: 'circle-feedback',
    everyMinutes: 15,
    description: "after each circle session, ask its members whether they were there (in their hours) and let those who were rate it; flag circles whose attendance falls or that stopped meeting to the program's coordinators, once a week at most",
    run: runCircleFeedback,
  },
  {
    name: 'bias-audit',
    everyMinutes: 15,
    description: "each program's bias audit at the start of every calendar quarter in its zone: rates by group across all its rounds and requests, to its coordinators with the CSV, once",
    run: runBiasAudits,
  },
];

export function findJob(name: string): Job | undefined {
  return JOBS.find((job) => job.name === name);
}

/** When cron ticks for a job (UTC): every few seconds for the per-replica ones, on minute boundaries for the rest. */
export function scheduleOf(job: Job, config: Deps['config']): string {
  if (job.everyReplica) {
    const seconds = job.everyReplica.everySeconds(config);
    return seconds === 60 ? '0 * * * * *' : `*/${seconds} * * * * *`;
  }
  return job.everyMinutes === 1 ? '* * * * *' : `*/${job.everyMinutes} * * * *`;
}

/**
 * Starts each job on its cron schedule (UTC). A tick while the previous run is
 * busy is skipped. The per-replica jobs also run once at once: a replica that
 * starts (after a crash or an upgrade) sends what is due without waiting for a tick.
 */
export function startJobs(deps: Deps, client: WebClient): { stop(): Promise<void> } {
  const running = new Set<Promise<void>>();
  const tick = async (job: Job) => {
    const run = runJob(job, deps, client, deps.clock()).then(
      () => undefined,
      (error: unknown) => deps.logger.error(`job ${job.name} failed:`, error),
    );
    running.add(run);
    await run.finally(() => running.delete(run));
  };
  const tasks: ScheduledTask[] = JOBS.map((job) => cron.schedule(scheduleOf(job, deps.config), () => tick(job), { name: job.name, timezone: 'Etc/UTC', noOverlap: true }));
  for (const job of JOBS) if (job.everyReplica) void tick(job);
  return {
    /** No new run starts; the runs under way (and the messages they are sending) finish first. */
    async stop() {
      // A task's stop() may or may not return a promise (node-cron's types say either): wait for each alike.
      await Promise.all(tasks.map(async (t) => t.stop()));
      await Promise.allSettled([...running]);
    },
  };
}
