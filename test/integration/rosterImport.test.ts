import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { WebClient } from '@slack/web-api';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CAST, castUsers } from '../../emulator/cast.js';
import { type EmulatedUser, SlackEmulator } from '../../emulator/index.js';
import { openDatabase } from '../../src/db/client.js';
import { people } from '../../src/db/schema.js';
import { parseRoster } from '../../src/domain/roster.js';
import { type EmailResolver, importRoster, slackEmailResolver } from '../../src/roster/importRoster.js';
import { onCleanup, runScript, tempDir as makeTempDir } from '../support/processes.js';

const tempDir = () => makeTempDir('mentoring-roster-');

const BOT_TOKEN = 'xoxb-roster-token';
const SIGNING_SECRET = 'roster-signing-secret';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the CLI as `npm run roster:import` would, in `cwd` so no developer .env is picked up. */
async function runCli(args: string[], env: Record<string, string>, cwd: string): Promise<Run> {
  const script = runScript('src/cli/rosterImport.ts', args, env, cwd);
  const code = await script.exited;
  return { code, stdout: script.stdoutText(), stderr: script.stderrText() };
}

/** Every column of every person, in a stable order: what "nothing changed" is checked against. */
function snapshot(databasePath: string): unknown[] {
  const database = openDatabase(databasePath);
  try {
    return database.sqlite.prepare('select * from people order by id').all();
  } finally {
    database.close();
  }
}

const HEADER = 'user,department,level,manager,location';

describe('npm run roster:import', () => {
  let emulator: SlackEmulator;
  beforeAll(async () => {
    emulator = await new SlackEmulator({ botToken: BOT_TOKEN, signingSecret: SIGNING_SECRET, users: castUsers }).start();
  });
  afterAll(() => emulator.stop());

  function setup() {
    const dir = tempDir();
    const databasePath = join(dir, 'data', 'mentoring.db');
    const env = { SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: emulator.apiUrl, DATABASE_PATH: databasePath, LOG_LEVEL: 'error' };
    const file = (name: string, ...lines: string[]) => {
      writeFileSync(join(dir, name), `${lines.join('\r\n')}\r\n`);
      return name;
    };
    const usersListCalls = () => emulator.callsTo('users.list').length;
    return { dir, databasePath, env, file, usersListCalls };
  }

  it('applies the good rows, reports each bad one by line, and a second run changes nothing', async () => {
    const { dir, databasePath, env, file, usersListCalls } = setup();
    const roster = file(
      'people.csv',
      HEADER, //                                                   line 1
      `${CAST.aiko.id},Engineering,L4,grace@example.com,Tokyo`, // line 2: by ID, manager by email
      `BRUNO@example.com,Sales,3,${CAST.aiko.id},"São Paulo, BR"`, // line 3: by email, in another case
      `${CAST.chloe.id},Design,senior,,Paris`, //                  line 4: bad level
      'zoe@example.com,Engineering,2,,', //                        line 5: unknown email
      '', //                                                       line 6: blank
      `${CAST.aiko.id},Engineering,5,,`, //                        line 7: duplicate of line 2
      `dev@example.com,Engineering,6,${CAST.dev.id},Bangalore`, // line 8: own manager, by email and ID
      `${CAST.emma.id},Marketing,2`, //                            line 9: too few fields
      `${CAST.grace.id},People,l10,,London`, //                    line 10
    );
    const callsBefore = usersListCalls();

    const first = await runCli([roster], env, dir);
    expect(first.code).toBe(2);
    expect(first.stdout.trim().split('\n')).toEqual([
      'Roster people.csv: 8 rows — 3 new, 0 updated, 0 unchanged, 5 rejected',
      'line 4: level "senior" must be a whole number from 1 to 10 (or L1–L10)',
      'line 5: no Slack user has the email zoe@example.com',
      `line 7: duplicate of line 2 (${CAST.aiko.id})`,
      'line 8: a person cannot be their own manager',
      'line 9: has 3 fields but the header has 5',
    ]);
    // The progress bar goes to stderr, rendered even though stderr is a pipe here.
    expect(first.stderr).toContain('Importing roster [========================================] 8/8 rows');
    // One page holds the whole workspace: one call for all the emails.
    expect(usersListCalls() - callsBefore).toBe(1);

    const rows = snapshot(databasePath);
    expect(rows).toEqual([
      expect.objectContaining({ id: CAST.aiko.id, email: null, department: 'Engineering', level: 4, manager_id: CAST.grace.id, location: 'Tokyo', status: 'active' }),
      expect.objectContaining({ id: CAST.bruno.id, email: 'bruno@example.com', department: 'Sales', level: 3, manager_id: CAST.aiko.id, location: 'São Paulo, BR' }),
      expect.objectContaining({ id: CAST.grace.id, email: null, department: 'People', level: 10, manager_id: null, location: 'London' }),
    ]);
    for (const row of rows as { roster_imported_at: unknown }[]) expect(row.roster_imported_at).toEqual(expect.any(Number));

    const second = await runCli([roster], env, dir);
    expect(second.code).toBe(2);
    expect(second.stdout).toContain('Roster people.csv: 8 rows — 0 new, 0 updated, 3 unchanged, 5 rejected');
    expect(snapshot(databasePath)).toEqual(rows);
  });

  it('exits 0 for a clean file of Slack IDs, without calling users.list', async () => {
    const { dir, databasePath, env, file, usersListCalls } = setup();
    const roster = file('ids.csv', HEADER, `${CAST.aiko.id},Engineering,4,${CAST.grace.id},Tokyo`, `${CAST.grace.id},People,7,,`);
    const callsBefore = usersListCalls();

    const run = await runCli([roster], env, dir);
    expect(run.code).toBe(0);
    expect(run.stdout.trim()).toBe('Roster ids.csv: 2 rows — 2 new, 0 updated, 0 unchanged, 0 rejected');
    expect(usersListCalls()).toBe(callsBefore);
    expect(snapshot(databasePath)).toHaveLength(2);
  });

  it('refuses a file without the level column, exits 1 and stores nothing', async () => {
    const { dir, databasePath, env, file } = setup();
    await runCli([file('first.csv', HEADER, `${CAST.aiko.id},Engineering,4,,Tokyo`)], env, dir);
    const before = snapshot(databasePath);

    const roster = file('no-level.csv', 'user,department,manager', `${CAST.aiko.id},Sales,`, `${CAST.bruno.id},Sales,`);
    const run = await runCli([roster], env, dir);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('Roster no-level.csv was not imported: the header is missing the required column level');
    expect(run.stdout).toBe('');
    expect(snapshot(databasePath)).toEqual(before);
  });

  it('exits 1 and stores nothing when Slack refuses the lookup', async () => {
    const { dir, databasePath, env, file } = setup();
    const roster = file('people.csv', HEADER, `${CAST.aiko.id},Engineering,4,,`, 'bruno@example.com,Sales,3,,');

    const run = await runCli([roster], { ...env, SLACK_BOT_TOKEN: 'xoxb-not-the-emulators-token' }, dir);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('nothing was stored: Slack users.list failed: An API error occurred: invalid_auth');
    expect(snapshot(databasePath)).toEqual([]);
  });

  it('prints usage without a file argument, and names a file that does not exist', async () => {
    const { dir, env } = setup();
    const usage = await runCli([], env, dir);
    expect(usage.code).toBe(1);
    expect(usage.stderr).toContain('Usage: npm run roster:import -- <roster.csv>');

    const missing = await runCli(['nowhere.csv'], env, dir);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('Cannot read nowhere.csv: no such file');
  });

  it('reports invalid configuration one problem per line, reading .env', async () => {
    const { dir, file } = setup();
    writeFileSync(join(dir, '.env'), 'SLACK_BOT_TOKEN=xoxp-user-token\nSLACK_API_URL=not a url\n');
    const run = await runCli([file('people.csv', HEADER, `${CAST.aiko.id},Engineering,4,,`)], {}, dir);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('The roster import cannot start; fix these settings (environment or .env):');
    expect(run.stderr).toMatch(/^ {2}- SLACK_BOT_TOKEN must be a bot token starting with xoxb-$/m);
    expect(run.stderr).toMatch(/^ {2}- SLACK_SIGNING_SECRET is required/m);
    expect(run.stderr).toMatch(/^ {2}- SLACK_API_URL must be an http\(s\) URL/m);
    expect(run.stderr).not.toContain('xoxp-user-token');
  });
});

describe('importRoster', () => {
  const now = new Date('2025-03-03T09:00:00Z');
  const later = new Date('2025-04-01T09:00:00Z');

  function database() {
    const opened = openDatabase(join(tempDir(), 'mentoring.db'));
    onCleanup(() => opened.close());
    return opened;
  }

  const rowsOf = (...lines: string[]) => parseRoster([HEADER, ...lines].join('\n')).rows;
  const resolverOf = (users: Record<string, string>) => vi.fn<EmailResolver>(async () => new Map(Object.entries(users)));
  const noEmails = resolverOf({});

  it('updates only the row whose department changed, bumping its stamp and leaving everything else alone', async () => {
    const { db, sqlite } = database();
    const roster = [`${CAST.aiko.id},Engineering,4,${CAST.grace.id},Tokyo`, `${CAST.bruno.id},Sales,3,,`];
    await importRoster({ db, rows: rowsOf(...roster), resolveEmails: noEmails, now });
    // Fields the roster does not own, set elsewhere by the app.
    db.update(people).set({ displayName: 'Aiko', status: 'paused', timeZone: 'Asia/Tokyo' }).where(eq(people.id, CAST.aiko.id)).run();
    const before = sqlite.prepare('select * from people order by id').all() as Record<string, unknown>[];

    const result = await importRoster({
      db,
      rows: rowsOf(`${CAST.aiko.id},Research,4,${CAST.grace.id},Tokyo`, roster[1] as string),
      resolveEmails: noEmails,
      now: later,
    });
    expect(result).toEqual({ created: 0, updated: 1, unchanged: 1, rejects: [] });
    const after = sqlite.prepare('select * from people order by id').all() as Record<string, unknown>[];
    expect(after[0]).toEqual({ ...before[0], department: 'Research', roster_imported_at: later.getTime() });
    expect(after[1]).toEqual(before[1]);
  });

  it.each([
    ['level', `${CAST.aiko.id},Engineering,5,${CAST.grace.id},Tokyo`, { level: 5 }],
    ['manager', `${CAST.aiko.id},Engineering,4,${CAST.bruno.id},Tokyo`, { managerId: CAST.bruno.id }],
    ['manager, cleared', `${CAST.aiko.id},Engineering,4,,Tokyo`, { managerId: null }],
    ['location', `${CAST.aiko.id},Engineering,4,${CAST.grace.id},Osaka`, { location: 'Osaka' }],
    ['location, cleared', `${CAST.aiko.id},Engineering,4,${CAST.grace.id},`, { location: null }],
    ['email', `aiko@example.com,Engineering,4,${CAST.grace.id},Tokyo`, { email: 'aiko@example.com' }],
  ])('counts a changed %s as an update', async (_field, line, change) => {
    const { db } = database();
    await importRoster({ db, rows: rowsOf(`${CAST.aiko.id},Engineering,4,${CAST.grace.id},Tokyo`), resolveEmails: noEmails, now });
    const result = await importRoster({ db, rows: rowsOf(line), resolveEmails: resolverOf({ 'aiko@example.com': CAST.aiko.id }), now: later });
    expect(result).toMatchObject({ created: 0, updated: 1, unchanged: 0 });
    expect(db.select().from(people).get()).toMatchObject({ ...change, rosterImportedAt: later });
  });

  it('keeps a known email when a row names the person by ID, and ignores a change of case alone', async () => {
    const { db } = database();
    const resolveEmails = resolverOf({ 'aiko@example.com': CAST.aiko.id });
    await importRoster({ db, rows: rowsOf('Aiko@Example.com,Engineering,4,,'), resolveEmails, now });
    expect(db.select().from(people).get()).toMatchObject({ email: 'aiko@example.com' });

    const byId = await importRoster({ db, rows: rowsOf(`${CAST.aiko.id},Engineering,4,,`), resolveEmails, now: later });
    const byOtherCase = await importRoster({ db, rows: rowsOf('AIKO@example.com,Engineering,4,,'), resolveEmails, now: later });
    expect([byId.unchanged, byOtherCase.unchanged]).toEqual([1, 1]);
    expect(db.select().from(people).get()).toMatchObject({ email: 'aiko@example.com', rosterImportedAt: now });
  });

  it('asks for each distinct email once, lower-cased, and not at all when there are none', async () => {
    const { db } = database();
    const resolveEmails = resolverOf({ 'aiko@example.com': CAST.aiko.id, 'grace@example.com': CAST.grace.id });
    await importRoster({ db, rows: rowsOf('Aiko@example.com,Eng,4,grace@example.com,', `${CAST.bruno.id},Eng,3,AIKO@example.com,`), resolveEmails, now });
    expect(resolveEmails).toHaveBeenCalledExactlyOnceWith(['aiko@example.com', 'grace@example.com']);

    const idsOnly = resolverOf({});
    await importRoster({ db, rows: rowsOf(`${CAST.chloe.id},Eng,4,${CAST.grace.id},`), resolveEmails: idsOnly, now });
    expect(idsOnly).not.toHaveBeenCalled();
  });

  it('rejects unresolved emails, duplicates and self-management found only after resolution', async () => {
    const { db } = database();
    const result = await importRoster({
      db,
      rows: rowsOf(
        `aiko@example.com,Eng,4,${CAST.grace.id},`, //   line 2
        `${CAST.aiko.id},Eng,5,,`, //                    line 3: aiko again, by ID
        `${CAST.bruno.id},Eng,3,bruno@example.com,`, //  line 4: own manager, by ID and email
        `${CAST.chloe.id},Eng,3,zoe@example.com,`, //    line 5: unknown manager
        'zoe@example.com,Eng,3,yan@example.com,', //     line 6: unknown person and manager
      ),
      resolveEmails: resolverOf({ 'aiko@example.com': CAST.aiko.id, 'bruno@example.com': CAST.bruno.id }),
      now,
    });
    expect(result).toEqual({
      created: 1,
      updated: 0,
      unchanged: 0,
      rejects: [
        { line: 3, reason: `duplicate of line 2 (${CAST.aiko.id})` },
        { line: 4, reason: 'a person cannot be their own manager' },
        { line: 5, reason: "no Slack user has the manager's email zoe@example.com" },
        { line: 6, reason: "no Slack user has the email zoe@example.com; no Slack user has the manager's email yan@example.com" },
      ],
    });
    expect(db.select({ id: people.id }).from(people).all()).toEqual([{ id: CAST.aiko.id }]);
  });

  it('lets the first row for a person decide, even when that row is rejected', async () => {
    const { db } = database();
    const result = await importRoster({
      db,
      rows: rowsOf(`${CAST.aiko.id},Eng,4,zoe@example.com,`, `${CAST.aiko.id},Eng,4,,`),
      resolveEmails: resolverOf({}),
      now,
    });
    expect(result.rejects).toEqual([
      { line: 2, reason: "no Slack user has the manager's email zoe@example.com" },
      { line: 3, reason: `duplicate of line 2 (${CAST.aiko.id})` },
    ]);
    expect(db.select().from(people).all()).toEqual([]);
  });

  it('reports progress for every row, rejected ones first', async () => {
    const { db } = database();
    const progress: number[] = [];
    await importRoster({
      db,
      rows: rowsOf(`${CAST.aiko.id},Eng,4,,`, 'zoe@example.com,Eng,4,,', `${CAST.bruno.id},Eng,4,,`),
      resolveEmails: resolverOf({}),
      now,
      onProgress: (done) => progress.push(done),
    });
    expect(progress).toEqual([1, 2, 3]);
  });

  it('stores nothing when the resolver fails', async () => {
    const { db } = database();
    const failing: EmailResolver = async () => {
      throw new Error('Slack users.list failed: ratelimited');
    };
    await expect(importRoster({ db, rows: rowsOf(`${CAST.aiko.id},Eng,4,,`, 'bruno@example.com,Eng,4,,'), resolveEmails: failing, now })).rejects.toThrow(
      'ratelimited',
    );
    expect(db.select().from(people).all()).toEqual([]);
  });

  it('applies all rows or none', async () => {
    const { db, sqlite } = database();
    // A trigger stands in for any failure in the middle of the batch.
    sqlite.exec(`create trigger refuse_bruno before insert on people when new.id = '${CAST.bruno.id}' begin select raise(abort, 'refused'); end`);
    await expect(
      importRoster({ db, rows: rowsOf(`${CAST.aiko.id},Eng,4,,`, `${CAST.bruno.id},Eng,4,,`), resolveEmails: noEmails, now }),
    ).rejects.toThrow('refused');
    expect(db.select().from(people).all()).toEqual([]);
  });
});

describe('slackEmailResolver', () => {
  async function workspace(users: EmulatedUser[]) {
    const emulator = await new SlackEmulator({ botToken: BOT_TOKEN, signingSecret: SIGNING_SECRET, users }).start();
    onCleanup(() => emulator.stop());
    const client = new WebClient(BOT_TOKEN, { slackApiUrl: emulator.apiUrl, retryConfig: { retries: 0 } });
    return { emulator, resolve: slackEmailResolver(client) };
  }

  // Sorted after the cast by ID, so these fill the pages after the first.
  const crowd: EmulatedUser[] = Array.from({ length: 250 }, (_, i) => ({
    id: `U9CROWD${String(i).padStart(3, '0')}`,
    name: `crowd${i}`,
    realName: `Crowd ${i}`,
    email: `crowd${i}@example.com`,
    tz: 'UTC',
  }));

  it('pages through users.list 200 at a time with the cursor, matching emails case-insensitively', async () => {
    const { emulator, resolve } = await workspace([...castUsers, ...crowd]);
    const found = await resolve(['AIKO@example.com', 'crowd249@EXAMPLE.com', 'nobody@example.com']);
    expect(found).toEqual(new Map([['aiko@example.com', CAST.aiko.id], ['crowd249@example.com', 'U9CROWD249']]));
    const calls = emulator.callsTo('users.list');
    expect(calls.map((call) => [call.args.limit, call.args.cursor])).toEqual([
      ['200', undefined],
      ['200', expect.any(String)],
    ]);
  });

  it('stops paging once every email is found', async () => {
    const { emulator, resolve } = await workspace([...castUsers, ...crowd]);
    expect(await resolve(['aiko@example.com'])).toEqual(new Map([['aiko@example.com', CAST.aiko.id]]));
    expect(emulator.callsTo('users.list')).toHaveLength(1);
  });

  it('does not resolve the emails of deactivated users or bots', async () => {
    const { resolve } = await workspace([
      { ...CAST.aiko, deleted: true },
      { id: 'U0BOT00001', name: 'bot', realName: 'Bot', email: 'bot@example.com', tz: 'UTC', isBot: true },
      CAST.bruno,
    ]);
    expect(await resolve(['aiko@example.com', 'bot@example.com', 'bruno@example.com'])).toEqual(new Map([['bruno@example.com', CAST.bruno.id]]));
  });

  it('names users.list when Slack refuses', async () => {
    const emulator = await new SlackEmulator({ botToken: BOT_TOKEN, signingSecret: SIGNING_SECRET, users: castUsers }).start();
    onCleanup(() => emulator.stop());
    const resolve = slackEmailResolver(new WebClient('xoxb-wrong', { slackApiUrl: emulator.apiUrl, retryConfig: { retries: 0 } }));
    await expect(resolve(['aiko@example.com'])).rejects.toThrow('Slack users.list failed: An API error occurred: invalid_auth');
  });
});
