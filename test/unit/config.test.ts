import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config.js';

const valid = { SLACK_BOT_TOKEN: 'xoxb-123-abc', SLACK_SIGNING_SECRET: 'abcdef0123456789' };

describe('parseConfig', () => {
  it('names both required settings when the environment is empty', () => {
    const result = parseConfig({});
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toHaveLength(2);
    expect(result.problems[0]).toMatch(/^SLACK_BOT_TOKEN is required.*xoxb-/);
    expect(result.problems[1]).toMatch(/^SLACK_SIGNING_SECRET is required/);
  });

  it('applies the documented defaults', () => {
    const result = parseConfig(valid);
    expect(result).toMatchObject({
      ok: true,
      config: {
        port: 3000,
        slackApiUrl: 'https://slack.com/api/',
        databasePath: './data/mentoring.db',
        appToken: undefined,
        coordinatorChannelId: undefined,
        coordinatorUserIds: [],
        logLevel: 'info',
      },
    });
  });

  it('reads every optional setting and normalises the API URL', () => {
    const result = parseConfig({
      ...valid,
      SLACK_APP_TOKEN: 'xapp-1-A1-xyz',
      PORT: '8080',
      SLACK_API_URL: 'http://127.0.0.1:9999/api',
      DATABASE_PATH: '/var/lib/mentoring/db.sqlite',
      COORDINATOR_CHANNEL_ID: 'C0COORD001',
      COORDINATOR_USER_IDS: ' U0GRACE001, U0EMMA0001 ',
      LOG_LEVEL: 'debug',
    });
    expect(result).toMatchObject({
      ok: true,
      config: {
        appToken: 'xapp-1-A1-xyz',
        port: 8080,
        slackApiUrl: 'http://127.0.0.1:9999/api/',
        coordinatorUserIds: ['U0GRACE001', 'U0EMMA0001'],
        logLevel: 'debug',
      },
    });
  });

  it('treats empty strings as unset', () => {
    const result = parseConfig({ ...valid, SLACK_APP_TOKEN: '', PORT: '', COORDINATOR_USER_IDS: '' });
    expect(result).toMatchObject({ ok: true, config: { appToken: undefined, port: 3000, coordinatorUserIds: [] } });
  });

  it('explains each invalid value without echoing secrets', () => {
    const result = parseConfig({
      SLACK_BOT_TOKEN: 'xoxp-user-token-secret',
      SLACK_SIGNING_SECRET: 'short',
      SLACK_APP_TOKEN: 'not-an-app-token',
      PORT: '70000',
      SLACK_API_URL: 'ftp://example.com',
      COORDINATOR_CHANNEL_ID: 'general',
      COORDINATOR_USER_IDS: 'U0GRACE001,grace',
      LOG_LEVEL: 'loud',
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const text = result.problems.join('\n');
    for (const name of ['SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET', 'SLACK_APP_TOKEN', 'PORT', 'SLACK_API_URL', 'COORDINATOR_CHANNEL_ID', 'COORDINATOR_USER_IDS', 'LOG_LEVEL']) {
      expect(result.problems.some((p) => p.startsWith(`${name} `))).toBe(true);
    }
    expect(text).toMatch(/PORT must be a whole number from 0 to 65535/);
    expect(text).toMatch(/LOG_LEVEL must be one of debug, info, warn, error/);
    expect(text).not.toContain('xoxp-user-token-secret');
    expect(text).not.toContain('short');
    expect(text).not.toContain('not-an-app-token');
  });

  it('returns a frozen configuration', () => {
    const result = parseConfig(valid);
    if (!result.ok) throw new Error('expected ok');
    expect(Object.isFrozen(result.config)).toBe(true);
  });
});

describe('scheduling settings', () => {
  it('default to a fortnightly check-in and a monthly goal check-in, and refuse nonsense', () => {
    expect(parseConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 'abcdefghij' })).toMatchObject({ config: { checkInEveryDays: 14, goalCheckInEveryDays: 30 } });
    const bad = parseConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 'abcdefghij', CHECK_IN_EVERY_DAYS: '3', GOAL_CHECK_IN_EVERY_DAYS: 'monthly' });
    expect(bad).toEqual({ ok: false, problems: ['CHECK_IN_EVERY_DAYS must be a whole number of days from 7 to 60', 'GOAL_CHECK_IN_EVERY_DAYS must be a whole number of days from 7 to 120'] });
  });
});

describe('outbox settings', () => {
  const base = { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 'abcdefghij' };
  it('default to a poll every 15 seconds and a two-minute claim, and refuse what cron or a Slack call cannot keep', () => {
    expect(parseConfig(base)).toMatchObject({ config: { outboxPollSeconds: 15, outboxLeaseSeconds: 120 } });
    expect(parseConfig({ ...base, OUTBOX_POLL_SECONDS: '5', OUTBOX_LEASE_SECONDS: '30' })).toMatchObject({ config: { outboxPollSeconds: 5, outboxLeaseSeconds: 30 } });
    const bad = parseConfig({ ...base, OUTBOX_POLL_SECONDS: '7', OUTBOX_LEASE_SECONDS: '5' });
    expect(bad).toEqual({
      ok: false,
      problems: [
        'OUTBOX_POLL_SECONDS must be a number of seconds that divides a minute: 1, 2, 3, 4, 5, 6, 10, 12, 15, 20, 30 or 60',
        'OUTBOX_LEASE_SECONDS must be a whole number of seconds from 15 to 3600',
      ],
    });
    expect(parseConfig({ ...base, OUTBOX_POLL_SECONDS: '0' })).toMatchObject({ ok: false });
  });
});

describe('DATABASE_URL', () => {
  it('switches to PostgreSQL for a postgres:// URL, and refuses anything else without printing the value (which holds a password)', () => {
    const base = { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 'abcdefghij' };
    expect(parseConfig({ ...base, DATABASE_URL: 'postgres://bot:s3cret@db/mentoring' })).toMatchObject({ ok: true, config: { databaseUrl: 'postgres://bot:s3cret@db/mentoring' } });
    expect(parseConfig({ ...base, DATABASE_URL: 'postgresql://bot@db:5433/mentoring' })).toMatchObject({ ok: true });
    const wrong = parseConfig({ ...base, DATABASE_URL: 'mysql://bot:s3cret@db/mentoring' });
    expect(wrong).toEqual({ ok: false, problems: [expect.stringMatching(/^DATABASE_URL must be a PostgreSQL URL such as postgres:\/\//)] });
    expect(JSON.stringify(wrong)).not.toContain('s3cret');
    expect(parseConfig({ ...base, DATABASE_URL: '' })).toMatchObject({ ok: true, config: { databaseUrl: undefined } });
  });
});
