import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type OpenDatabase, openDatabase } from '../../src/db/client.js';
import { people } from '../../src/db/schema.js';
import { enqueue, withdraw } from '../../src/outbox/outbox.js';
import { failureKind, formatAge, formatOutboxStatus, outboxStatus } from '../../src/outbox/status.js';
import { at, HOUR, MINUTE } from '../support/virtualTime.js';

// Monday 2026-11-30, 09:30 UTC: working hours in Paris, night in New York.
const NOW = new Date('2026-11-30T09:30:00Z');
const REAL_NOW = 1_000_000_000_000;
const PARIS = 'U0PARIS001';
const NEW_YORK = 'U0NEWYORK1';
const PAUSED = 'U0PAUSED01';
const CHANNEL = 'C0CHANNEL1';

let database: OpenDatabase;
beforeEach(async () => {
  database = await openDatabase(':memory:');
  await database.db
    .insert(people)
    .values([
      { id: PARIS, timeZone: 'Europe/Paris', status: 'active', joinedAt: NOW },
      { id: NEW_YORK, timeZone: 'America/New_York', status: 'active', joinedAt: NOW },
      { id: PAUSED, timeZone: 'Europe/Paris', status: 'paused', pausedUntil: at(NOW, 7 * 24 * HOUR), joinedAt: NOW },
    ]);
});
afterEach(() => database.close());

async function queue(key: string, recipient: string, notBefore = NOW): Promise<void> {
  await enqueue(database.db, { key, recipient, text: `text of ${key}`, notBefore });
  set(key, { created_at: NOW.getTime() - MINUTE }); // queued by the job's clock, not the machine's
}
/** Sets columns of one row directly, as a drain would have left them. */
function set(key: string, values: Record<string, string | number | null>): void {
  const columns = Object.keys(values);
  database.sqlite.prepare(`update outbox set ${columns.map((c) => `${c} = @${c}`).join(', ')} where idempotency_key = @key`).run({ ...values, key });
}
const status = async () => outboxStatus(database.db, NOW, { realNow: REAL_NOW });

describe('outboxStatus', () => {
  it('reports an empty outbox as zeros', async () => {
    expect(await status()).toEqual({
      at: NOW,
      pending: { total: 0, due: 0, waiting: 0, behind: 0, backingOff: 0, awaitingLookup: 0 },
      sending: { total: 0, leaseExpired: 0 },
      sent: 0,
      failed: { total: 0, reasons: [] },
      oldestPending: null,
    });
  });

  it('splits pending by why it has not gone yet, counts claims, sends and failures by reason', async () => {
    // Due now: a channel message, and a DM inside its recipient's hours.
    await queue('due-channel', CHANNEL);
    await queue('due-dm', PARIS);
    // Waiting: scheduled for later; outside New York's hours (not yet moved by a drain); a paused recipient.
    await queue('later', CHANNEL, at(NOW, HOUR));
    await queue('night', NEW_YORK);
    await queue('paused', PAUSED);
    // Backing off after a failure Slack answered for certain; and after an ambiguous one (looked up first).
    await queue('failing', 'C0FAILING1');
    set('failing', { failing_since: NOW.getTime() - 10 * MINUTE, attempts: 3, last_error: 'fatal_error', not_before: NOW.getTime() + 5 * MINUTE });
    await queue('unsure', 'C0UNSURE01');
    set('unsure', { failing_since: NOW.getTime() - MINUTE, attempts: 1, last_error: 'HTTP 502', uncertain: 1, not_before: NOW.getTime() - 1 });
    // Behind: due, but its conversation's earlier message is failing, or is being sent right now.
    await queue('after-failing', 'C0FAILING1');
    await queue('in-flight', 'C0BUSY0001');
    set('in-flight', { status: 'sending', lease_token: 't1', lease_until: REAL_NOW + MINUTE, attempts: 1 });
    await queue('after-in-flight', 'C0BUSY0001');
    // A claim whose process died: its lease ran out in real time.
    await queue('abandoned', 'C0DEAD0001');
    set('abandoned', { status: 'sending', lease_token: 't2', lease_until: REAL_NOW - 1, attempts: 1 });
    // Sent.
    await queue('sent-1', CHANNEL);
    await queue('sent-2', PARIS);
    set('sent-1', { status: 'sent' });
    set('sent-2', { status: 'sent' });
    // Failed, each way there is.
    await queue('session:1:reminder', PARIS);
    await queue('session:2:reminder', PARIS);
    expect(await withdraw(database.db, 'session:')).toBe(2);
    await queue('expired', PARIS);
    set('expired', { status: 'failed', last_error: 'expired before it could be sent' });
    await queue('left', PARIS);
    set('left', { status: 'failed', last_error: 'a recipient left the program' });
    await queue('gone', 'C0MISSING1');
    set('gone', { status: 'failed', last_error: 'channel_not_found', attempts: 1 });
    for (const key of ['down-1', 'down-2']) {
      await queue(key, CHANNEL);
      set(key, { status: 'failed', last_error: 'HTTP 503', attempts: 40 });
    }
    // The oldest pending message was queued three hours ago.
    set('night', { created_at: NOW.getTime() - 3 * HOUR });

    expect(await status()).toEqual({
      at: NOW,
      pending: { total: 9, due: 2, waiting: 3, behind: 2, backingOff: 1, awaitingLookup: 1 },
      sending: { total: 2, leaseExpired: 1 },
      sent: 2,
      failed: {
        total: 7,
        reasons: [
          { kind: 'withdrawn', reason: 'withdrawn', count: 2 },
          { kind: 'expired', reason: 'expired before it could be sent', count: 1 },
          { kind: 'dropped', reason: 'a recipient left the program', count: 1 },
          { kind: 'slack', reason: 'HTTP 503', count: 2 },
          { kind: 'slack', reason: 'channel_not_found', count: 1 },
        ],
      },
      oldestPending: { key: 'night', queuedAt: new Date(NOW.getTime() - 3 * HOUR), ageMs: 3 * HOUR },
    });
  });

  it('sees a coordinator, who need not be a member, as due when told so', async () => {
    await queue('note', 'U0COORD001');
    set('note', { working_hours_only: 0 });
    expect((await outboxStatus(database.db, NOW, { coordinators: ['U0COORD001'] })).pending).toMatchObject({ total: 1, due: 1 });
  });

  it('tells failure reasons apart', () => {
    expect(['withdrawn', 'expired before it could be sent', 'the recipient deleted their data', 'a recipient deleted their data', 'a recipient left the program', 'the recipient has no working hours', 'erased: someone it was about deleted their data', 'HTTP 503', 'channel_not_found', 'history lookup failed'].map(failureKind)).toEqual([
      'withdrawn',
      'expired',
      'dropped',
      'dropped',
      'dropped',
      'dropped',
      'dropped',
      'slack',
      'slack',
      'slack',
    ]);
  });
});

describe('formatOutboxStatus', () => {
  it('prints a few aligned lines: every count ends in the same column', async () => {
    await queue('due', CHANNEL);
    await queue('night', NEW_YORK);
    set('night', { created_at: NOW.getTime() - (2 * HOUR + 5 * MINUTE) });
    await queue('gone', 'C0MISSING1');
    set('gone', { status: 'failed', last_error: 'channel_not_found' });
    for (let i = 0; i < 120; i += 1) {
      await queue(`sent-${i}`, CHANNEL);
      set(`sent-${i}`, { status: 'sent' });
    }
    const text = formatOutboxStatus(await status());
    const lines = text.split('\n');
    expect(lines[0]).toBe('Outbox at 2026-11-30T09:30:00.000Z');
    const body = lines.slice(1);
    expect(body.map((l) => l.trim().split(/\s{2,}/)[0])).toEqual(['pending', 'due now', 'waiting', 'behind', 'backing off', 'awaiting look-up', 'sending', 'sent', 'failed', 'Slack error']);
    const countEnds = body.map((l) => /^\s+\S.*?\s+(\d+)(?=\s|$)/.exec(l)).map((m) => (m ? (m.index ?? 0) + m[0].length : -1));
    expect(new Set(countEnds).size).toBe(1);
    expect(text).toContain('oldest queued 2 h 05 min ago (night)');
    expect(body.find((l) => l.includes('Slack error'))).toMatch(/Slack error\s+1\s+channel_not_found$/);
    expect(body.find((l) => l.trim().startsWith('sent'))).toMatch(/sent\s+120$/);
  });

  it('says how old in words an operator reads', () => {
    expect([30_000, 12 * MINUTE, 3 * HOUR + 5 * MINUTE, 50 * HOUR].map(formatAge)).toEqual(['under a minute', '12 min', '3 h 05 min', '2 d 2 h']);
  });
});
