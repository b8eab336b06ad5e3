import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config.js';
import { findJob, JOBS, scheduleOf } from '../../src/jobs/index.js';

const config = (env: Record<string, string> = {}) => {
  const parsed = parseConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 'abcdefghij', ...env });
  if (!parsed.ok) throw new Error(parsed.problems.join('; '));
  return parsed.config;
};

describe('job schedules', () => {
  it('poll the outbox every OUTBOX_POLL_SECONDS on every replica, and keep every other job on its minutes under the ledger', () => {
    const outbox = findJob('outbox');
    expect(outbox?.everyReplica).toBeDefined();
    expect(scheduleOf(outbox!, config())).toBe('*/15 * * * * *');
    expect(scheduleOf(outbox!, config({ OUTBOX_POLL_SECONDS: '60' }))).toBe('0 * * * * *');
    for (const job of JOBS.filter((j) => j.name !== 'outbox')) {
      expect(job.everyReplica).toBeUndefined();
      expect(scheduleOf(job, config())).toBe(`*/${job.everyMinutes} * * * *`);
    }
  });
});
