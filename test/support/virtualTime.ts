import { findJob, type Job } from '../../src/jobs/index.js';

/** Units for driving a virtual clock. */
export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

export const at = (base: Date, ms: number): Date => new Date(base.getTime() + ms);

/** A job by name; a typo fails the test loudly instead of running nothing. */
export function job(name: string): Job {
  const found = findJob(name);
  if (!found) throw new Error(`no job ${name}`);
  return found;
}
