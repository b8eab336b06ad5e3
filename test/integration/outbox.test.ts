import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LOCAL_BOT_TOKEN, type LocalStack, startLocalStack } from '../../demo/stack.js';
import { CAST } from '../../demo/cast.js';
import { openDatabase } from '../../src/db/client.js';
import { findJob } from '../../src/jobs/index.js';
import { runJob } from '../../src/jobs/runner.js';
import { deliver, drainOutbox, enqueue, enqueueView, METADATA_EVENT } from '../../src/outbox/outbox.js';
import { createProgram, join as joinProgram, joinProgram as joinOneProgram, MENTEE } from '../support/program.js';
import { onCleanup, runScript, tempDir } from '../support/processes.js';
import { rawSql } from '../support/rawSql.js';

// Monday 2026-11-30, 09:30 UTC: working hours in Paris (10:30) and Kolkata (15:00), not in New York (04:30).
const NOW = new Date('2026-11-30T09:30:00Z');
let skew = 0;
let stack: LocalStack;
beforeEach(async () => {
  skew = 0;
  stack = await startLocalStack({ clock: () => NOW, emulatorNow: () => Date.now() + skew });
  await joinProgram(stack, CAST.chloe.id, { ...MENTEE, timeZone: 'Europe/Paris' });
  await joinProgram(stack, CAST.emma.id, { ...MENTEE, timeZone: 'America/New_York' });
  await joinProgram(stack, CAST.dev.id, { ...MENTEE, timeZone: 'Asia/Kolkata' });
});
afterEach(() => stack.stop());

const sql = () => rawSql(stack.database);

const posted = () => stack.emulator.calls.filter((c) => c.method === 'chat.postMessage' && c.ok && String(c.args.text).startsWith('note '));
const copiesOf = (key: string) =>
  stack.emulator.workspace.messages.filter((m) => (m.metadata as { event_payload?: { key?: string } } | undefined)?.event_payload?.key === key).length;
const drainDeps = (sleeps: number[] = []) => ({
  db: stack.database.db,
  client: stack.mentoring.app.client,
  logger: stack.logger,
  sleep: async (ms: number) => {
    sleeps.push(ms);
    skew += ms; // the emulator's clock moves on while we "wait"
  },
});

describe('the outbox', () => {
  it('stores a message once per key and sends it once, with its key in the metadata', async () => {
    expect(await enqueue(stack.database.db, { key: 'k1', recipient: CAST.chloe.id, text: 'note 1', notBefore: NOW })).toBe(true);
    expect(await enqueue(stack.database.db, { key: 'k1', recipient: CAST.chloe.id, text: 'note 1 again', notBefore: NOW })).toBe(false);
    await Promise.all([drainOutbox(drainDeps(), NOW), drainOutbox(drainDeps(), NOW)]);
    await drainOutbox(drainDeps(), NOW);
    expect(posted()).toHaveLength(1);
    expect(stack.emulator.workspace.messages.find((m) => m.text === 'note 1')?.metadata).toEqual({ event_type: METADATA_EVENT, event_payload: { key: 'k1' } });
  });

  it('sends what later callers queued in the one follow-up drain, at the latest of their clocks', async () => {
    await enqueue(stack.database.db, { key: 'first', recipient: CAST.chloe.id, text: 'note first', notBefore: NOW, workingHoursOnly: false });
    const later = new Date(NOW.getTime() + 60_000);
    // Queued while the first drain runs, due only at the later caller's clock.
    const first = drainOutbox(drainDeps(), NOW);
    await enqueue(stack.database.db, { key: 'second', recipient: CAST.emma.id, text: 'note second', notBefore: later, workingHoursOnly: false });
    const [a, b, c] = [drainOutbox(drainDeps(), NOW), drainOutbox(drainDeps(), later), drainOutbox(drainDeps(), NOW)];
    await Promise.all([first, a, b, c]);
    expect(posted().map((p) => p.args.text).sort()).toEqual(['note first', 'note second']);
  });

  it('runs its job on every replica in the same minute, outside the ledger: what one queued after the other drained goes at once', async () => {
    const other = await openDatabase(stack.config);
    onCleanup(() => other.close());
    const job = findJob('outbox')!;
    await enqueue(stack.database.db, { key: 'one', recipient: CAST.chloe.id, text: 'note one', notBefore: NOW, workingHoursOnly: false });
    expect(await runJob(job, stack.deps, stack.mentoring.app.client, NOW)).toMatchObject({ ran: true });
    await enqueue(other.db, { key: 'two', recipient: CAST.emma.id, text: 'note two', notBefore: NOW, workingHoursOnly: false });
    // The second replica, same minute, its own connection: not "already ran for this slot".
    expect(await runJob(job, { ...stack.deps, db: other.db }, stack.mentoring.app.client, NOW)).toMatchObject({ ran: true, result: { sent: 1 } });
    expect(posted().map((p) => p.args.text)).toEqual(['note one', 'note two']);
  });

  it('stops between messages when the process is shutting down, leaving the rest queued for another replica or the next start', async () => {
    for (const [key, id] of [['a', CAST.chloe.id], ['b', CAST.emma.id], ['c', CAST.dev.id]] as const) await enqueue(stack.database.db, { key, recipient: id, text: `note ${key}`, notBefore: NOW, workingHoursOnly: false });
    const result = await drainOutbox({ ...drainDeps(), shouldStop: () => posted().length >= 1 }, NOW);
    expect(result).toMatchObject({ sent: 1 });
    expect(await sql().all("select idempotency_key as key, status from outbox where idempotency_key in ('a', 'b', 'c') order by id")).toEqual([
      { key: 'a', status: 'sent' },
      { key: 'b', status: 'pending' },
      { key: 'c', status: 'pending' },
    ]);
  });

  it('does not wait out a rate limit while shutting down: the message goes back to the queue untouched', async () => {
    await enqueue(stack.database.db, { key: 'limited', recipient: CAST.chloe.id, text: 'note limited', notBefore: NOW, workingHoursOnly: false });
    stack.emulator.injectFault('chat.postMessage', { status: 429, retryAfter: 600 });
    const sleeps: number[] = [];
    const limited = () => stack.emulator.callsTo('chat.postMessage').some((c) => c.status === 429);
    const result = await drainOutbox({ ...drainDeps(sleeps), shouldStop: limited }, NOW);
    expect(sleeps.filter((ms) => ms >= 600_000)).toEqual([]);
    expect(result).toMatchObject({ sent: 0, rateLimited: 0 });
    expect(await sql().get("select status, attempts, lease_token from outbox where idempotency_key = 'limited'")).toEqual({ status: 'pending', attempts: 0, lease_token: null });
  });

  it("holds a DM until the recipient's working hours, across a daylight-saving week", async () => {
    await enqueue(stack.database.db, { key: 'ny', recipient: CAST.emma.id, text: 'note for New York', notBefore: NOW });
    await drainOutbox(drainDeps(), NOW);
    expect(posted()).toHaveLength(0);
    const row = (await sql().get<{ not_before: number }>("select not_before from outbox where idempotency_key = 'ny'"))!;
    // 09:00 in New York (EST, UTC−5) the same Monday.
    expect(new Date(row.not_before).toISOString()).toBe('2026-11-30T14:00:00.000Z');
    await drainOutbox(drainDeps(), new Date(row.not_before));
    expect(posted()).toHaveLength(1);
  });

  it('sends to a channel at any hour, drops what expired, and never messages someone who left', async () => {
    await enqueue(stack.database.db, { key: 'c', recipient: 'C0COORD001', text: 'note for the channel', notBefore: NOW });
    await enqueue(stack.database.db, { key: 'late', recipient: CAST.chloe.id, text: 'note too late', notBefore: NOW, expiresAt: NOW });
    await enqueue(stack.database.db, { key: 'gone', recipient: CAST.dev.id, text: 'note to someone gone', notBefore: NOW });
    await sql().run("update people set status = 'left' where id = ?", CAST.dev.id);
    const result = await drainOutbox(drainDeps(), NOW);
    expect(result).toMatchObject({ sent: 1, dropped: 2 });
    expect(posted().map((c) => c.args.text)).toEqual(['note for the channel']);
  });

  it('renders a message kept as a view when it sends it, and fails one whose stored input no longer fits, with the reason', async () => {
    const checkIn = async (key: string, nextSessionAt: unknown) =>
      enqueueView(stack.database.db, {
        key,
        recipient: CAST.chloe.id,
        deferred: { view: 'mentorCheckIn', input: { checkInId: 7, matchId: 3, menteeId: CAST.dev.id, weeksTogether: 2, nextSessionAt: nextSessionAt as null } },
        notBefore: NOW,
      });
    await checkIn('view-ok', null);
    await checkIn('view-old-shape', '2026-12-03T10:00:00Z');
    // Its subjects come from the input: the mentee it mentions, without rendering.
    expect(await sql().all("select person_id as id from outbox_subjects where outbox_id = (select id from outbox where idempotency_key = 'view-ok') order by 1")).toEqual(
      [{ id: CAST.chloe.id }, { id: CAST.dev.id }].sort((a, b) => a.id.localeCompare(b.id)),
    );
    await drainOutbox({ ...drainDeps(), coordinators: [CAST.grace.id] }, NOW);
    const sent = stack.emulator.calls.filter((c) => c.method === 'chat.postMessage' && c.ok && String(c.args.text).startsWith('How is'));
    expect(sent.map((c) => c.args.text)).toEqual([`How is your mentorship with <@${CAST.dev.id}> going?`]);
    expect(JSON.stringify(sent[0]?.args.blocks)).toContain('checkin_going_well');
    expect(await sql().get("select status, last_error as error from outbox where idempotency_key = 'view-old-shape'")).toEqual({
      status: 'failed',
      error: expect.stringContaining('stored input for mentorCheckIn does not fit it'),
    });
    // The coordinators' note says what really happened: Slack was never asked.
    const notes = (await sql().all<{ payload: string }>("select payload from outbox where idempotency_key like 'outbox:gave-up:%'")).map((r) => JSON.parse(r.payload).text as string);
    expect(notes.length).toBeGreaterThan(0);
    for (const note of notes) expect(note).toContain('the bot could not write it out (`stored input for mentorCheckIn does not fit it');
    for (const note of notes) expect(note).not.toContain('Slack answered');
  });

  it("takes a view's subjects from whom it mentions, never from words in its input that look like a mention", async () => {
    // A goal that reads like a mention is the mentee's words, not a mention: rendered, it is escaped.
    await enqueueView(stack.database.db, {
      key: 'goals',
      recipient: CAST.chloe.id,
      deferred: { view: 'menteeGoalCheckIn', input: { checkInId: 8, mentorId: CAST.dev.id, goals: [{ aim: `shadow <@${CAST.emma.id}> at launch`, dueOn: '2027-01-31' }] } },
      notBefore: NOW,
    });
    expect(await sql().all("select person_id as id from outbox_subjects where outbox_id = (select id from outbox where idempotency_key = 'goals') order by 1")).toEqual(
      [{ id: CAST.chloe.id }, { id: CAST.dev.id }].sort((a, b) => a.id.localeCompare(b.id)),
    );
    // Stored with its plain text, so a release that cannot render it still says something true.
    expect(JSON.parse((await sql().get<{ payload: string }>("select payload from outbox where idempotency_key = 'goals'"))!.payload).text).toBe('How are your mentoring goals coming along?');
  });

  it('rides out a 429 storm: waits as Slack asks, sends everything exactly once, in order', async () => {
    for (let i = 1; i <= 5; i += 1) await enqueue(stack.database.db, { key: `storm-${i}`, recipient: i % 2 ? CAST.chloe.id : CAST.dev.id, text: `note ${i}`, notBefore: NOW });
    stack.emulator.injectFault('chat.postMessage', { status: 429, retryAfter: 2 }, 3);
    const sleeps: number[] = [];
    const result = await drainOutbox(drainDeps(sleeps), NOW);
    expect(result).toMatchObject({ sent: 5, rateLimited: 3 });
    // Each 429 was waited out for its Retry-After before the same message went again.
    expect(sleeps.filter((ms) => ms === 2000)).toHaveLength(3);
    expect(stack.emulator.callsTo('chat.postMessage').map((c) => c.status).slice(-8)).toEqual([429, 429, 429, 200, 200, 200, 200, 200]);
    for (let i = 1; i <= 5; i += 1) expect(copiesOf(`storm-${i}`)).toBe(1);
    expect(posted().map((c) => c.args.text)).toEqual(['note 1', 'note 2', 'note 3', 'note 4', 'note 5']);
  });
});

describe('who hears of a message given up', () => {
  const GRACE = CAST.grace.id; // COORDINATOR_USER_IDS in the local stack
  const EMMA = CAST.emma.id;
  const AIKO = CAST.aiko.id;
  const failed = () => sql().all("select idempotency_key as key, last_error as error from outbox where status = 'failed'");
  const notesTo = (id: string) => stack.emulator.messagesFor(id).filter((m) => m.text.includes('could not be delivered'));

  it("tells the workspace admins and the coordinators of the message's own program, never another program's", async () => {
    const client = stack.mentoring.app.client;
    const created = await client.conversations.create({ name: 'sales-applications' });
    const sales = created.channel?.id as string;
    await createProgram(stack, GRACE, { name: 'Sales mentoring', enrollment: 'application', coordinators: [EMMA], channel: sales });
    await createProgram(stack, GRACE, { name: 'Design mentoring', coordinators: [AIKO] });
    // The program's channel is archived since: the application posted there is refused for good.
    await client.conversations.archive({ channel: sales });
    await joinProgram(stack, CAST.bruno.id, MENTEE);
    await joinOneProgram(stack, CAST.bruno.id, 2, { roles: { roles: ['mentee'] }, goal1Aim: { goal1Aim: 'Close a big deal' }, goal1Measure: { goal1Measure: 'Signed' }, goal1Due: { goal1Due: '2027-06-01' } });
    expect(await failed()).toEqual([{ key: expect.stringMatching(/^enrollment:\d+:application:/), error: 'is_archived' }]);
    // A message that belongs to no program: the admins alone hear of it.
    await enqueue(stack.database.db, { key: 'no-program', recipient: sales, text: 'a note for nobody', notBefore: NOW });
    await deliver(stack.deps, client, NOW);
    await deliver(stack.deps, client, NOW);

    expect(notesTo(GRACE)).toHaveLength(2);
    expect(notesTo(EMMA)).toHaveLength(1);
    expect(notesTo(EMMA)[0]?.text).toContain(`<#${sales}>`);
    expect(notesTo(EMMA)[0]?.text).toContain('is_archived');
    expect(notesTo(AIKO)).toEqual([]);
  });
});

describe('a crash in the middle of a batch', () => {
  it('neither duplicates nor loses a message when the process is killed between sending and recording', async () => {
    for (let i = 1; i <= 6; i += 1) await enqueue(stack.database.db, { key: `batch-${i}`, recipient: i % 2 ? CAST.chloe.id : CAST.dev.id, text: `note ${i}`, notBefore: NOW });
    const env = {
      SLACK_BOT_TOKEN: LOCAL_BOT_TOKEN,
      SLACK_API_URL: stack.emulator.apiUrl,
      DATABASE_PATH: stack.config.databasePath,
      ...(stack.config.databaseUrl ? { DATABASE_URL: stack.config.databaseUrl } : {}),
      LOG_LEVEL: 'error',
    };
    const cwd = tempDir();
    const first = runScript('src/cli/job.ts', ['outbox', '--now', NOW.toISOString()], env, cwd);
    // Slack has taken the third message; the process dies before it can record that.
    stack.emulator.on('call', (call) => {
      if (call.method === 'chat.postMessage' && posted().length === 3) first.kill('SIGKILL');
    });
    await first.exited;
    expect(posted()).toHaveLength(3);
    const statuses = await sql().all("select status, count(*) as n from outbox group by status order by status");
    expect(statuses).toContainEqual({ status: 'sending', n: 1 });

    // Restarted after the claim's lease, which counts real time: two real minutes pass (here, the lease is moved back by them).
    await sql().run("update outbox set lease_until = lease_until - ? where status = 'sending'", 2 * 60_000 + 1);
    // The next drain (here in-process: only the dying one needs a process of its own) finds the third in Slack by its key and sends the rest.
    await drainOutbox(drainDeps(), new Date(NOW.getTime() + 5 * 60_000));
    for (let i = 1; i <= 6; i += 1) expect(copiesOf(`batch-${i}`)).toBe(1);
    expect(await sql().get("select count(*) as n from outbox where status = 'sent' and idempotency_key like 'batch-%'")).toEqual({ n: 6 });
  }, 60_000);
});
