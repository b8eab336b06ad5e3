import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CAST, castUsers } from '../../demo/cast.js';
import { SlackEmulator } from '../../emulator/index.js';
import Database from 'better-sqlite3';
import { runJobCli } from '../../src/cli/job.js';
import { openDatabase } from '../../src/db/client.js';
import { onCleanup, runScript, tempDir } from '../support/processes.js';
import { freePort } from '../support/spawnScript.js';
import { freshPostgres } from '../support/postgres.js';
import { BOT_SCOPES } from '../../src/startupChecks.js';

const run = (env: Record<string, string>, cwd: string) => runScript('src/index.ts', [], env, cwd);

const PROC_SECRET = 'proc-signing-secret';

/**
 * Where a started app keeps its data: the SQLite file at `path`, or, on a
 * PostgreSQL run (TEST_DATABASE_URL), a fresh database of its own, dropped
 * after the test.
 */
async function databaseEnv(path: string): Promise<Record<string, string>> {
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) return { DATABASE_PATH: path };
  const fresh = await freshPostgres(adminUrl);
  onCleanup(() => fresh.drop());
  return { DATABASE_PATH: path, DATABASE_URL: fresh.url };
}

/**
 * Preloaded into the child: once the app runs, SIGUSR2 leaves a promise rejected with
 * nobody awaiting it and SIGHUP throws from a callback. No request can provoke either
 * once the receiver guard is in place, but the process-wide handlers must still cope.
 */
const FAULT_PROBE = `
process.on('SIGUSR2', () => { Promise.reject(new Error('probe: a rejection nobody handled')); });
process.on('SIGHUP', () => setImmediate(() => { throw new Error('probe: an exception nobody caught'); }));
`;

/** Starts src/index.ts against its own emulator, with the fault probe preloaded, and waits until it listens. */
async function startApp() {
  const emulator = await new SlackEmulator({ botToken: 'xoxb-proc-token', signingSecret: PROC_SECRET, botScopes: BOT_SCOPES, users: castUsers }).start();
  onCleanup(() => emulator.stop());
  const port = await freePort();
  const dir = tempDir();
  const probe = join(dir, 'fault-probe.mjs');
  writeFileSync(probe, FAULT_PROBE);
  const child = run(
    {
      SLACK_BOT_TOKEN: 'xoxb-proc-token',
      SLACK_SIGNING_SECRET: PROC_SECRET,
      SLACK_API_URL: emulator.apiUrl,
      PORT: String(port),
      ...(await databaseEnv(join(dir, 'db', 'mentoring.db'))),
      LOG_LEVEL: 'info',
      NODE_OPTIONS: `--import=${pathToFileURL(probe).href}`,
    },
    dir,
  );
  onCleanup(async () => {
    child.kill('SIGTERM');
    await child.exited;
  });
  await expect.poll(() => child.output(), { timeout: 15_000, interval: 100 }).toContain('listening on');
  emulator.appUrl = `http://127.0.0.1:${port}/slack/events`;
  return { emulator, child, port };
}

// Each test starts the app as its own process (tsx compiles it first): seconds each, more on a busy machine.
describe('npm start', { timeout: 60_000 }, () => {
  it('refuses to start, exit 1, when the token lacks a scope manifest.yml asks for, naming it', async () => {
    const scopes = ['channels:history', 'channels:read', 'chat:write', 'commands', 'files:write', 'groups:history', 'groups:read', 'im:history', 'im:write', 'mpim:history', 'mpim:write', 'users:read', 'users:read.email'];
    const emulator = await new SlackEmulator({ botToken: 'xoxb-proc-token', signingSecret: PROC_SECRET, users: castUsers, botScopes: scopes }).start();
    onCleanup(() => emulator.stop());
    const dir = tempDir();
    const child = run({ SLACK_BOT_TOKEN: 'xoxb-proc-token', SLACK_SIGNING_SECRET: PROC_SECRET, SLACK_API_URL: emulator.apiUrl, PORT: String(await freePort()), ...(await databaseEnv(join(dir, 'mentoring.db'))), LOG_LEVEL: 'info' }, dir);
    expect(await child.exited).toBe(1);
    expect(logLines(child)).toContainEqual(expect.objectContaining({ level: 'error', msg: expect.stringContaining('SLACK_BOT_TOKEN lacks the scopes groups:write, which manifest.yml asks for') }));
  });

  it('refuses to start, exit 1, on a database a newer release has migrated, saying what to do, and leaves it untouched', async () => {
    const dir = tempDir();
    const path = join(dir, 'mentoring.db');
    const database = await openDatabase(path);
    // A migration this release has never heard of, applied a day after its newest.
    const newest = database.sqlite.prepare('select max(created_at) as at from "__drizzle_migrations"').get() as { at: number };
    database.sqlite.prepare('insert into "__drizzle_migrations" (hash, created_at) values (?, ?)').run('from-a-newer-release', newest.at + 86_400_000);
    const shape = (db: Database.Database) => ({
      ledger: db.prepare('select count(*) as n from "__drizzle_migrations"').get(),
      schema: db.prepare("select type, name, sql from sqlite_master order by name").all(),
    });
    const before = shape(database.sqlite);
    await database.close();
    const child = run({ SLACK_BOT_TOKEN: 'xoxb-proc-token', SLACK_SIGNING_SECRET: PROC_SECRET, SLACK_API_URL: 'http://127.0.0.1:9', PORT: String(await freePort()), DATABASE_PATH: path, LOG_LEVEL: 'info' }, dir);
    expect(await child.exited).toBe(1);
    expect(child.output()).toContain(`The mentoring bot cannot start: the database at ${path} was migrated by a newer release of the bot`);
    expect(child.output()).toContain('start the newer release again, or restore the backup taken before the upgrade');
    // `npm run job` the same, in-process.
    const err: string[] = [];
    const job = await runJobCli(['outbox', '--status'], { SLACK_BOT_TOKEN: 'xoxb-proc-token', DATABASE_PATH: path, LOG_LEVEL: 'error' }, { stdout: () => {}, stderr: (l) => err.push(l), now: () => new Date() });
    expect(job).toBe(1);
    expect(err.join('\n')).toContain(`The job cannot run: the database at ${path} was migrated by a newer release of the bot`);
    const after = new Database(path, { readonly: true });
    expect(shape(after)).toEqual(before);
    after.close();
  });

  it('refuses to start, exit 1, with a token Slack does not accept, saying which setting and where to find the right one', async () => {
    const emulator = await new SlackEmulator({ botToken: 'xoxb-proc-token', signingSecret: PROC_SECRET, botScopes: BOT_SCOPES, users: castUsers }).start();
    onCleanup(() => emulator.stop());
    const dir = tempDir();
    const child = run({ SLACK_BOT_TOKEN: 'xoxb-revoked-token', SLACK_SIGNING_SECRET: PROC_SECRET, SLACK_API_URL: emulator.apiUrl, PORT: String(await freePort()), ...(await databaseEnv(join(dir, 'mentoring.db'))), LOG_LEVEL: 'info' }, dir);
    expect(await child.exited).toBe(1);
    expect(logLines(child)).toContainEqual(expect.objectContaining({ level: 'error', msg: expect.stringContaining('cannot start: Slack refused SLACK_BOT_TOKEN (invalid_auth)') }));
    expect(child.output()).not.toContain('xoxb-revoked-token');
  });

  // Both refusals run side by side: each is a process start, which is what costs.
  it('exits non-zero with no environment naming both required settings, and reads .env reporting its bad values without printing them', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, '.env'), 'SLACK_BOT_TOKEN=xoxp-a-user-token\nSLACK_SIGNING_SECRET=0123456789abcdef\nPORT=http\n');
    const [bare, child] = [run({}, tempDir()), run({}, dir)];
    expect(await bare.exited).toBe(1);
    expect(bare.output()).toContain('SLACK_BOT_TOKEN');
    expect(bare.output()).toContain('SLACK_SIGNING_SECRET');
    expect(await child.exited).toBe(1);
    expect(child.output()).toMatch(/SLACK_BOT_TOKEN must be a bot token starting with xoxb-/);
    expect(child.output()).toMatch(/PORT must be a whole number/);
    expect(child.output()).not.toContain('xoxp-a-user-token');
    expect(child.output()).not.toContain('0123456789abcdef');
  });

  it('starts against a Slack-compatible server, acks a signed /mentor help, and keeps serving through malformed bodies and a stray rejection', async () => {
    const { emulator, child, port } = await startApp();
    // One check of the token: the start-up self-check reads its scopes and gives Bolt the bot's identity, so Bolt need not ask again.
    expect(emulator.callsTo('auth.test')).toEqual([expect.objectContaining({ ok: true })]);
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    // Ready: the database answers, Slack took the token, the scheduler runs.
    const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
    expect({ status: ready.status, body: await ready.json() }).toEqual({ status: 200, body: { ok: true, database: true, slack: true, scheduler: true, stopping: false } });

    const chloe = emulator.user(CAST.chloe.id);
    const help = async () => {
      const delivery = await chloe.slash('/mentor help');
      // status 0 would mean no ack inside Slack's three seconds.
      expect(delivery.status).toBe(200);
      expect(delivery.json).toMatchObject({ response_type: 'ephemeral', text: expect.stringContaining('/mentor help') });
    };
    await help();
    // Nor on the first request: Bolt has the identity and does not ask lazily either.
    expect(emulator.callsTo('auth.test')).toHaveLength(1);

    // Validly signed, yet not a JSON object: `payload=null` alone used to take the whole process down.
    const malformed = await Promise.all([chloe.send('payload=null', 'application/x-www-form-urlencoded'), chloe.send('null', 'application/json'), chloe.send('[]', 'application/json')]);
    expect(malformed.map((d) => d.status)).toEqual([400, 400, 400]);
    // The child's log line travels through a pipe and may reach us after its answer did.
    await expect
      .poll(() => logLines(child), { timeout: 5_000, interval: 50 })
      .toContainEqual(expect.objectContaining({ level: 'warn', msg: expect.stringContaining("refused a request to /slack/events: the form's payload field is null, not a JSON object") }));

    child.kill('SIGUSR2');
    await expect.poll(() => child.stdoutText(), { timeout: 5_000, interval: 50 }).toContain('probe: a rejection nobody handled');
    expect(logLines(child)).toContainEqual(expect.objectContaining({ level: 'error', name: 'mentoring', msg: expect.stringMatching(/^unhandled promise rejection \(still serving\): .*probe: a rejection nobody handled/) }));
    expect(child.exitCode).toBeNull();
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    await help();

    child.kill('SIGTERM');
    expect(await child.exited).toBe(0);
  });

  it('logs an uncaught exception, then exits non-zero rather than run on in an unknown state', async () => {
    const { child } = await startApp();
    child.kill('SIGHUP');
    expect(await child.exited).toBe(1);
    // One JSON line per event, with the error whole (its stack too) under err.
    const line = logLines(child).find((l) => l.msg?.startsWith('uncaught exception, exiting'));
    expect(line).toMatchObject({ level: 'error', err: { message: expect.stringContaining('probe: an exception nobody caught'), stack: expect.any(String) } });
    expect(Date.parse(line?.time ?? '')).not.toBeNaN();
  });
});

/** The app's log: JSON lines on stdout. */
function logLines(child: { stdoutText(): string }): { level?: string; msg?: string; name?: string; time?: string; err?: unknown }[] {
  return child
    .stdoutText()
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as { level?: string; msg?: string });
}
