import { join as joinPath } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type LocalStack, startLocalStack } from '../../demo/stack.js';
import { CAST } from '../../demo/cast.js';
import { renderMessage, validateBlocks } from '../../emulator/index.js';
import { previousWeek } from '../../src/domain/digestWeek.js';
import { findJob } from '../../src/jobs/index.js';
import { runJob } from '../../src/jobs/runner.js';
import { join, MENTEE, MENTOR } from '../support/program.js';
import { freshPostgres } from '../support/postgres.js';
import { onCleanup, tempDir } from '../support/processes.js';
import { rawSql } from '../support/rawSql.js';

let stack: LocalStack | undefined;
afterEach(async () => {
  await stack?.stop();
  stack = undefined;
});

/** A database two stacks in turn use (a restart): the SQLite file at `path`, or on a PostgreSQL run (TEST_DATABASE_URL) a fresh database, dropped after the test. */
async function lastingDatabase(path: string): Promise<{ databasePath: string; env: Record<string, string> }> {
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) return { databasePath: path, env: {} };
  const fresh = await freshPostgres(adminUrl);
  onCleanup(() => fresh.drop());
  return { databasePath: path, env: { DATABASE_URL: fresh.url } };
}

const start = (now: () => Date, database?: { databasePath: string; env: Record<string, string> }) =>
  startLocalStack({ clock: now, ...(database ? { databasePath: database.databasePath } : {}), env: { DIGEST_TIMEZONE: 'America/New_York', ...database?.env } });
const digestPosts = (s: LocalStack) => s.emulator.channelMessages('C0COORD001').filter((m) => m.text.includes('digest'));

describe('the week a Monday digest covers', () => {
  it('is last Monday to this Monday in the digest zone, 7 days and an hour long across the November change', () => {
    const week = previousWeek(new Date('2026-11-02T14:00:00Z'), 'America/New_York');
    expect(week.start.toISOString()).toBe('2026-10-26T04:00:00.000Z');
    expect(week.end.toISOString()).toBe('2026-11-02T05:00:00.000Z');
  });
});

describe('the weekly digest', () => {
  it('posts on Monday at 09:00 in DIGEST_TIMEZONE, once a week, even across a restart', async () => {
    let now = new Date('2026-11-30T13:45:00Z'); // 08:45 in New York
    const database = await lastingDatabase(joinPath(tempDir(), 'digest.db'));
    stack = await start(() => now, database);
    await join(stack, CAST.chloe.id, { ...MENTOR, skillsOffered: ['coaching'], timeZone: 'Europe/Paris' });
    await join(stack, CAST.dev.id, { ...MENTEE, skillsWanted: ['public-speaking'], timeZone: 'Asia/Kolkata' });
    const job = findJob('weekly-digest')!;
    await runJob(job, stack.deps, stack.mentoring.app.client, now);
    expect(digestPosts(stack)).toHaveLength(0);
    now = new Date('2026-11-30T14:00:00Z'); // 09:00 in New York
    await runJob(job, stack.deps, stack.mentoring.app.client, now);
    expect(digestPosts(stack)).toHaveLength(1);
    const text = renderMessage(digestPosts(stack)[0] ?? {}).join('\n');
    expect(text).toContain('23 Nov – 29 Nov 2026');
    expect(validateBlocks(digestPosts(stack)[0]?.blocks)).toEqual([]);

    // A restart (a new app on the same database) and later ticks the same Monday post nothing more.
    await stack.stop();
    stack = await start(() => now, database);
    for (const minutes of [15, 60, 180]) {
      now = new Date(Date.parse('2026-11-30T14:00:00Z') + minutes * 60_000);
      await runJob(job, stack.deps, stack.mentoring.app.client, now);
    }
    expect(digestPosts(stack)).toHaveLength(0); // the new emulator has seen no second post
    expect(await rawSql(stack.database).get("select count(*) as n from outbox where idempotency_key like 'digest:%'")).toEqual({ n: 1 });
    // The next Monday brings the next week's digest.
    now = new Date('2026-12-07T14:30:00Z');
    await runJob(job, stack.deps, stack.mentoring.app.client, now);
    expect(digestPosts(stack)).toHaveLength(1);
  });

  it('previews for coordinators, exports a CSV, and refuses everyone else', async () => {
    const now = new Date('2026-11-30T15:00:00Z');
    stack = await start(() => now);
    const grace = stack.emulator.user(CAST.grace.id);
    await grace.slash('/mentor digest');
    const preview = grace.lastMessage();
    expect(preview?.visibleTo).toBe(CAST.grace.id);
    expect(validateBlocks(preview?.blocks)).toEqual([]);
    await grace.slash('/mentor export');
    await stack.settle();
    const file = grace.lastMessage()?.files?.[0];
    expect(file?.name).toBe('mentoring-metrics-2026-11-23.csv');
    expect(file?.content.toString()).toMatch(/^section,item,value,previous_or_n\n/);
    const aiko = stack.emulator.user(CAST.aiko.id);
    await aiko.slash('/mentor digest');
    expect(aiko.lastMessage()?.text).toContain('Only program coordinators can use `/mentor digest`');
    await aiko.slash('/mentor export');
    expect(aiko.lastMessage()?.text).toContain('Only program coordinators can use `/mentor export`');
  });
});
