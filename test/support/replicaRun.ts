import { join } from 'node:path';
import { type EmulatedUser, SlackEmulator } from '../../emulator/index.js';
import { type DatabaseLocation, openDatabase } from '../../src/db/client.js';
import { rawSql } from './rawSql.js';
import { people, profiles } from '../../src/db/schema.js';
import { enqueue } from '../../src/outbox/outbox.js';
import { freePort, runScript, type Script } from './spawnScript.js';
import { BOT_SCOPES } from '../../src/startupChecks.js';

/*
 * Replicas of the app (src/index.ts, each its own process) on one database,
 * draining one queue of messages into the emulator: what the two-replica test
 * asserts on and what `npm run bench:replicas` prints. Outside vitest, so the
 * benchmark can use it.
 */

export interface ReplicaRunOptions {
  messages: number;
  replicas: number;
  /** SIGKILL the first replica once this share of the messages has reached Slack. */
  killFirstAt?: number;
  /** Where the database file goes (and the replicas' working folder). */
  dir: string;
  /** A PostgreSQL database for the run instead of a SQLite file in `dir`. */
  databaseUrl?: string;
  /** How long to wait for every message to settle. */
  timeoutMs: number;
}

export interface ReplicaRunResult {
  /** Messages in Slack whose key was queued, each counted once. */
  delivered: number;
  /** Posts beyond the first for the same key. */
  duplicates: number;
  /** Queued keys that never reached Slack. */
  lost: number;
  /** Outbox rows in any state but sent. */
  unsettled: number;
  killed?: { afterPosts: number; signal: NodeJS.Signals | null };
  /** Conversations searched before a resend: a send the killed replica may have made. */
  lookups: number;
  /** From the first post to the last. */
  sendSeconds: number;
  messagesPerSecond: number;
}

const TOKEN = 'xoxb-replica-token';
const SECRET = 'replica-signing-secret';

export async function replicaRun(options: ReplicaRunOptions): Promise<ReplicaRunResult> {
  const people = peopleFor(options.messages);
  const ids = people.map((p) => p.id);
  const location = locationOf(options);
  await seed(location, ids);
  return drainWithReplicas({ ...options, location, users: people });
}

export interface DrainOptions extends Omit<ReplicaRunOptions, 'messages'> {
  /** A database with messages queued (migrated, its people in it). */
  location: DatabaseLocation;
  /** The people those messages go to, as Slack knows them. */
  users: EmulatedUser[];
}

/**
 * Starts the replicas on the database at `location` against a fresh emulator and
 * waits until every queued message has settled; counts each queued key's
 * copies in Slack.
 */
export async function drainWithReplicas(options: DrainOptions): Promise<ReplicaRunResult> {
  const emulator = await new SlackEmulator({ botToken: TOKEN, signingSecret: SECRET, botScopes: BOT_SCOPES, users: options.users, postMessagePerChannelMs: 1_000 }).start();
  const database = await openDatabase(options.location);
  const sql = rawSql(database);
  const queued = (await sql.all<{ key: string }>('select idempotency_key as key from outbox')).map((r) => r.key);
  const replicas: Script[] = [];
  try {
    for (let i = 0; i < options.replicas; i += 1) replicas.push(await startReplica(emulator, options.location, options.dir));
    const posts = () => emulator.callsTo('chat.postMessage').filter((c) => c.ok).length;
    const deadline = Date.now() + options.timeoutMs;
    let killed: ReplicaRunResult['killed'];
    const victim = replicas[0];
    if (options.killFirstAt !== undefined && victim) {
      await until(() => posts() >= queued.length * (options.killFirstAt as number), deadline, replicas);
      const afterPosts = posts();
      victim.kill('SIGKILL');
      await victim.exited;
      killed = { afterPosts, signal: victim.signalCode };
    }
    const unsettled = async () => (await sql.get<{ n: number }>("select count(*) as n from outbox where status <> 'sent'"))?.n ?? 0;
    await until(async () => (await unsettled()) === 0, deadline, replicas.filter((r) => r !== victim || !killed));
    return { ...count(emulator, queued), unsettled: await unsettled(), ...(killed ? { killed } : {}), lookups: emulator.callsTo('conversations.history').length };
  } finally {
    for (const replica of replicas) if (replica.exitCode === null && replica.signalCode === null) replica.kill('SIGTERM');
    await Promise.all(replicas.map((r) => r.exited));
    await database.close();
    await emulator.stop();
  }
}

/**
 * The case the lookup before a resend exists for, made certain: one replica
 * is killed while Slack holds a post it has stored but not answered, and a
 * second replica, started after, must take that message over without
 * posting it again.
 */
export async function killMidPost(options: { messages: number; dir: string; timeoutMs: number; databaseUrl?: string }): Promise<ReplicaRunResult & { storedUnanswered: number }> {
  const people = peopleFor(options.messages);
  const ids = people.map((p) => p.id);
  const location = locationOf(options);
  await seed(location, ids);
  const emulator = await new SlackEmulator({ botToken: TOKEN, signingSecret: SECRET, botScopes: BOT_SCOPES, users: people }).start();
  const database = await openDatabase(location);
  const sql = rawSql(database);
  const queued = (await sql.all<{ key: string }>('select idempotency_key as key from outbox')).map((r) => r.key);
  const replicas: Script[] = [];
  try {
    const deadline = Date.now() + options.timeoutMs;
    const first = await startReplica(emulator, location, options.dir);
    replicas.push(first);
    const posts = () => emulator.callsTo('chat.postMessage').filter((c) => c.ok);
    await until(() => posts().length >= options.messages / 2, deadline, replicas);
    // From now on Slack stores each post and holds its answer: the replica's next post is in that state when it dies.
    emulator.setFaultPolicy('chat.postMessage', () => ({ status: 'timeout', ms: 60_000, afterCommit: true }));
    await until(() => posts().some((c) => c.fault?.status === 'timeout'), deadline, replicas);
    const afterPosts = posts().length;
    first.kill('SIGKILL');
    await first.exited;
    emulator.setFaultPolicy('chat.postMessage', undefined);
    const storedUnanswered = posts().filter((c) => c.fault?.status === 'timeout').length;
    const second = await startReplica(emulator, location, options.dir);
    replicas.push(second);
    const unsettled = async () => (await sql.get<{ n: number }>("select count(*) as n from outbox where status <> 'sent'"))?.n ?? 0;
    await until(async () => (await unsettled()) === 0, deadline, [second]);
    return { ...count(emulator, queued), unsettled: await unsettled(), killed: { afterPosts, signal: first.signalCode }, lookups: emulator.callsTo('conversations.history').length, storedUnanswered };
  } finally {
    for (const replica of replicas) if (replica.exitCode === null && replica.signalCode === null) replica.kill('SIGTERM');
    await Promise.all(replicas.map((r) => r.exited));
    await database.close();
    await emulator.stop();
  }
}

/** One Slack user per message, as the emulator knows them. */
function peopleFor(count: number): EmulatedUser[] {
  return Array.from({ length: count }, (_, i) => ({ id: `U${String(i).padStart(8, '0')}`, name: `u${i}`, realName: `User ${i}`, tz: 'Europe/London' }));
}

/** One person per message, working every hour of every day, so the run measures sending rather than waiting for mornings. */
function locationOf(options: { dir: string; databaseUrl?: string }): DatabaseLocation {
  return { databasePath: join(options.dir, 'mentoring.db'), databaseUrl: options.databaseUrl };
}

async function seed(location: DatabaseLocation, ids: string[]): Promise<void> {
  const database = await openDatabase(location);
  const now = new Date();
  try {
    await database.db.transaction(async (tx) => {
      for (let i = 0; i < ids.length; i += 500) {
        const chunk = ids.slice(i, i + 500);
        await tx.insert(people).values(chunk.map((id) => ({ id, timeZone: 'Europe/London', joinedAt: now })));
        await tx.insert(profiles).values(chunk.map((personId) => ({ personId, workDays: [1, 2, 3, 4, 5, 6, 7], workStartMinute: 0, workEndMinute: 1440, consentedAt: now })));
      }
      for (const id of ids) await enqueue(tx, { key: `replica-run:${id}`, recipient: id, text: `Hello ${id}`, notBefore: new Date(now.getTime() - 60_000) });
    });
  } finally {
    await database.close();
  }
}

function count(emulator: SlackEmulator, queued: readonly string[]): Pick<ReplicaRunResult, 'delivered' | 'duplicates' | 'lost' | 'sendSeconds' | 'messagesPerSecond'> {
  const wanted = new Set(queued);
  const perKey = new Map<string, number>();
  for (const m of emulator.workspace.messages) {
    const key = (m.metadata as { event_payload?: { key?: string } } | undefined)?.event_payload?.key;
    if (key !== undefined && wanted.has(key)) perKey.set(key, (perKey.get(key) ?? 0) + 1);
  }
  const times = emulator.callsTo('chat.postMessage').filter((c) => c.ok).map((c) => c.at);
  const sendSeconds = times.length > 1 ? (Math.max(...times) - Math.min(...times)) / 1000 : 0;
  const copies = [...perKey.values()].reduce((a, b) => a + b, 0);
  return { delivered: perKey.size, duplicates: copies - perKey.size, lost: wanted.size - perKey.size, sendSeconds, messagesPerSecond: sendSeconds > 0 ? copies / sendSeconds : 0 };
}

/** One replica of the app on the database at `location`: polling every second, its claims lapsing after 15 s. */
async function startReplica(emulator: SlackEmulator, location: DatabaseLocation, dir: string): Promise<Script> {
  return runScript(
    'src/index.ts',
    [],
    {
      SLACK_BOT_TOKEN: TOKEN,
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: emulator.apiUrl,
      PORT: String(await freePort()),
      DATABASE_PATH: location.databasePath,
      ...(location.databaseUrl ? { DATABASE_URL: location.databaseUrl } : {}),
      LOG_LEVEL: 'warn',
      OUTBOX_POLL_SECONDS: '1',
      OUTBOX_LEASE_SECONDS: '15',
    },
    dir,
  );
}

/** Waits for `done`, failing early with a replica's output when one exits on its own. */
async function until(done: () => boolean | Promise<boolean>, deadline: number, watched: Script[]): Promise<void> {
  while (!(await done())) {
    const dead = watched.find((r) => r.exitCode !== null);
    if (dead) throw new Error(`a replica exited (${dead.exitCode}):\n${dead.output().slice(-2_000)}`);
    if (Date.now() > deadline) throw new Error(`timed out; last replica output:\n${watched.map((r) => r.output().slice(-1_000)).join('\n---\n')}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
