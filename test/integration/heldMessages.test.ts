import { afterEach, describe, expect, it } from 'vitest';
import { type LocalStack, startLocalStack } from '../../demo/stack.js';
import { CAST } from '../../demo/cast.js';
import { cancelSession } from '../../src/services/sessions.js';
import { runJob } from '../../src/jobs/runner.js';
import { activePair, join, MENTEE, MENTOR } from '../support/program.js';
import { at, DAY, HOUR, job } from '../support/virtualTime.js';
import { rawSql } from '../support/rawSql.js';

/*
 * A paused person hears nothing, in any conversation; and what went stale
 * while they were away is dropped, not delivered in a heap when they return.
 */

let now = new Date('2026-11-30T03:00:00Z');
let stack: LocalStack;
afterEach(() => stack.stop());

async function boot(start: string): Promise<void> {
  now = new Date(start);
  stack = await startLocalStack({ clock: () => now });
  await join(stack, CAST.chloe.id, { ...MENTOR, timeZone: 'Europe/Paris', department: 'Engineering', level: '6', skillsOffered: ['system-design'] });
  await join(stack, CAST.dev.id, { ...MENTEE, timeZone: 'Asia/Kolkata', department: 'Support', level: '2', skillsWanted: ['system-design'] });
}

const user = (id: string) => stack.emulator.user(id);
const run = (name: string) => runJob(job(name), stack.deps, stack.mentoring.app.client, now);
const sql = () => rawSql(stack.database);
/** What is queued for Dev, replies to something he did aside (the payload's JSON, read here: each engine stores it its own way). */
const toDev = async () =>
  (await sql().all<{ key: string; status: string; why: string | null; payload: string }>('select idempotency_key as key, status, last_error as why, payload from outbox where recipient = ? order by id', CAST.dev.id))
    .filter((row) => ((JSON.parse(row.payload) as { reply?: unknown }).reply ?? null) === null)
    .map(({ key, status, why }) => ({ key, status, why }));

describe('while someone is paused', () => {
  it('a group-DM intro waits for them: nothing reaches a paused person in any conversation', async () => {
    await boot('2026-11-30T09:00:00Z');
    await user(CAST.dev.id).slash('/mentor match');
    await stack.settle();
    await user(CAST.dev.id).click(`request:${CAST.chloe.id}`);
    await stack.settle();
    await user(CAST.dev.id).slash('/mentor pause');
    await user(CAST.chloe.id).click('request_accept');
    await stack.settle();
    const intro = async () => (await sql().get<{ status: string; channel_id: string | null }>("select status, channel_id from outbox where idempotency_key like 'match:%:intro'"))!;
    expect((await intro()).status).toBe('pending');
    expect(stack.emulator.workspace.messages.filter((m) => m.text.includes(', meet <@'))).toEqual([]);
    // Back from the pause: the intro goes, once.
    await user(CAST.dev.id).slash('/mentor resume');
    await stack.settle();
    expect((await intro()).status).toBe('sent');
    expect(stack.emulator.workspace.messages.filter((m) => m.text.includes(', meet <@'))).toHaveLength(1);
  });

  it('after a month away, the offer of past times, the old nudge, the cancellation and the rating prompt are dropped, not delivered', async () => {
    // Monday 03:00 UTC: 08:30 in Kolkata, just before Dev's day starts.
    await boot('2026-11-30T03:00:00Z');
    const matchId = await activePair(stack, CAST.chloe.id, CAST.dev.id, at(now, -35 * DAY));
    // Quiet for five weeks: both are nudged; Dev's waits for his working day.
    await run('stalled-pairs');
    await user(CAST.dev.id).slash('/mentor pause');
    // Meanwhile Chloé offers times, cancels a session they had, and they held another.
    const sessionAt = async (days: number) =>
      Number((await sql().run("insert into sessions (match_id, starts_at, ends_at, status) values (?, ?, ?, 'booked') returning id", matchId, at(now, days * DAY).getTime(), at(now, days * DAY + HOUR).getTime())).lastId);
    const held = await sessionAt(1);
    const cancelled = await sessionAt(3);
    now = at(now, 6 * HOUR);
    await user(CAST.chloe.id).slash('/mentor schedule');
    await stack.settle();
    await cancelSession(stack.deps, stack.mentoring.app.client, CAST.chloe.id, cancelled);
    now = at(now, 2 * DAY);
    await run('rating-prompts');
    const queued = (await toDev()).map((r) => r.key);
    expect(queued).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^stall:\d+:\d+:nudge:U0DEV00001$/),
        expect.stringMatching(/^proposal:\d+$/),
        `session:${cancelled}:1:cancelled`,
        `rating:${held}:${CAST.dev.id}:prompt`,
      ]),
    );
    const before = user(CAST.dev.id).messages().length;

    // A month later Dev resumes.
    now = at(now, 30 * DAY);
    await user(CAST.dev.id).slash('/mentor resume');
    await stack.settle();
    await run('outbox');
    const arrived = user(CAST.dev.id).messages().slice(before).map((m) => m.text);
    expect(arrived.filter((t) => /last caught up|proposed times|cancelled your session|How was your session/.test(t))).toEqual([]);
    expect((await toDev()).filter((r) => r.status === 'sent')).toEqual([]);
    expect(new Set((await toDev()).map((r) => r.why))).toEqual(new Set(['expired before it could be sent']));
  });
});
