import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { WebClient } from '@slack/web-api';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CAST, castUsers } from '../../demo/cast.js';
import { type EmulatedUser, SlackEmulator } from '../../emulator/index.js';
import { runRosterImport } from '../../src/cli/rosterImport.js';
import { openDatabase } from '../../src/db/client.js';
import { people } from '../../src/db/schema.js';
import { parseRoster } from '../../src/domain/roster.js';
import { importRoster, type SlackUserLookup, type SlackUserState, slackUserLookup } from '../../src/services/rosterImport.js';
import { freshPostgres } from '../support/postgres.js';
import { onCleanup, runScript, tempDir as makeTempDir } from '../support/processes.js';
import { rawSql } from '../support/rawSql.js';
import { addFailingTrigger, failedWith } from '../support/triggers.js';
import { first as firstRow } from '../../src/db/query.js';

const tempDir = () => makeTempDir('mentoring-roster-');

const BOT_TOKEN = 'xoxb-roster-token';
// Only the emulator needs one; the roster import is never given it.
const SIGNING_SECRET = 'roster-signing-secret';

// Slack users who cannot take part: listed by users.list, but not people in the program.
const FORMER: EmulatedUser = { id: 'U0FORMER01', name: 'former', realName: 'Former Employee', email: 'former@example.com', tz: 'UTC', deleted: true };
const BOT: EmulatedUser = { id: 'U0BOT00001', name: 'bot', realName: 'Bot', email: 'bot@example.com', tz: 'UTC', isBot: true };

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

/** Runs the command in this process, its output gathered as the process would print it (the bar on stderr). */
async function runImport(args: string[], env: Record<string, string>): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const progress = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      stderr += chunk.toString();
      done();
    },
  });
  const code = await runRosterImport(args, env, {
    stdout: (message) => (stdout += `${message}\n`),
    stderr: (message) => (stderr += `${message}\n`),
    now: new Date(),
    progress,
  });
  return { code, stdout, stderr };
}

/** Where a run keeps its data, as the environment names it. */
interface DatabaseEnv {
  DATABASE_PATH: string;
  DATABASE_URL?: string;
}

/**
 * The SQLite file at `path`, or on a PostgreSQL run (TEST_DATABASE_URL) a
 * fresh database of its own, dropped after the test.
 */
async function databaseAt(path: string): Promise<DatabaseEnv> {
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) return { DATABASE_PATH: path };
  const fresh = await freshPostgres(adminUrl);
  onCleanup(() => fresh.drop());
  return { DATABASE_PATH: path, DATABASE_URL: fresh.url };
}

/** Every column of every person, in a stable order: what "nothing changed" is checked against. */
async function snapshot(location: DatabaseEnv): Promise<unknown[]> {
  const database = await openDatabase({ databasePath: location.DATABASE_PATH, databaseUrl: location.DATABASE_URL });
  try {
    return await rawSql(database).all('select * from people order by id');
  } finally {
    await database.close();
  }
}

const HEADER = 'user,department,level,manager,location';

describe('npm run roster:import', () => {
  let emulator: SlackEmulator;
  beforeAll(async () => {
    emulator = await new SlackEmulator({ botToken: BOT_TOKEN, signingSecret: SIGNING_SECRET, users: [...castUsers, FORMER, BOT] }).start();
  });
  afterAll(() => emulator.stop());

  async function setup() {
    const dir = tempDir();
    const database = await databaseAt(join(dir, 'data', 'mentoring.db'));
    // No SLACK_SIGNING_SECRET: the import never verifies a request, so it must not ask for one.
    const env = { SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_API_URL: emulator.apiUrl, ...database, LOG_LEVEL: 'error' };
    const write = (name: string, content: string | Buffer) => {
      writeFileSync(join(dir, name), content);
      return join(dir, name);
    };
    const file = (name: string, ...lines: string[]) => write(name, `${lines.join('\r\n')}\r\n`);
    const usersListCalls = () => emulator.callsTo('users.list').length;
    return { dir, database, env, write, file, usersListCalls };
  }

  // The one test of the real process: exit codes, stdout and stderr as a shell sees them, and .env.
  it('runs as its own process: exits 0, 2 or 1, the summary on stdout and problems on stderr', async () => {
    const clean = await setup();
    const partial = await setup();
    const misconfigured = await setup();
    clean.file('people.csv', HEADER, `${CAST.aiko.id},Engineering,4,${CAST.grace.id},Tokyo`);
    partial.file('people.csv', HEADER, `${CAST.aiko.id},Engineering,4,,Tokyo`, `${CAST.chloe.id},Design,senior,,Paris`);
    misconfigured.file('people.csv', HEADER, `${CAST.aiko.id},Engineering,4,,`);
    writeFileSync(join(misconfigured.dir, '.env'), 'SLACK_BOT_TOKEN=xoxp-user-token\nSLACK_API_URL=not a url\n');

    // Side by side: each is a Node start-up, the slow part.
    const [ok, some, none] = await Promise.all([
      runCli(['people.csv'], clean.env, clean.dir),
      runCli(['people.csv'], partial.env, partial.dir),
      runCli(['people.csv'], {}, misconfigured.dir),
    ]);

    expect(ok.code).toBe(0);
    expect(ok.stdout).toBe('Roster people.csv: 1 row — 1 new, 0 updated, 0 unchanged, 0 rejected\n');
    // The progress bar goes to stderr, rendered even though stderr is a pipe here.
    expect(ok.stderr).toContain('Importing roster [========================================] 1/1 rows');

    expect(some.code).toBe(2);
    expect(some.stdout.trim().split('\n')).toEqual([
      'Roster people.csv: 2 rows — 1 new, 0 updated, 0 unchanged, 1 rejected',
      'line 3: level "senior" must be a whole number from 1 to 10 (or L1–L10)',
    ]);
    expect(await snapshot(partial.database)).toHaveLength(1);

    expect(none.code).toBe(1);
    expect(none.stdout).toBe('');
    expect(none.stderr).toContain('The roster import cannot start; fix these settings (environment or .env):');
    expect(none.stderr).toMatch(/^ {2}- SLACK_BOT_TOKEN must be a bot token starting with xoxb-$/m);
    expect(none.stderr).toMatch(/^ {2}- SLACK_API_URL must be an http\(s\) URL/m);
    expect(none.stderr).not.toContain('SLACK_SIGNING_SECRET');
    expect(none.stderr).not.toContain('xoxp-user-token');
  }, 60_000);

  it('applies the good rows, reports each bad one by line, and a second run changes nothing', async () => {
    const { database, env, file, usersListCalls } = await setup();
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

    const first = await runImport([roster], env);
    expect(first.code).toBe(2);
    expect(first.stdout.trim().split('\n')).toEqual([
      `Roster ${roster}: 8 rows — 3 new, 0 updated, 0 unchanged, 5 rejected`,
      'line 4: level "senior" must be a whole number from 1 to 10 (or L1–L10)',
      'line 5: no Slack user has the email zoe@example.com',
      `line 7: duplicate of line 2 (${CAST.aiko.id})`,
      'line 8: a person cannot be their own manager',
      'line 9: has 3 fields but the header has 5',
    ]);
    expect(first.stderr).toContain('Importing roster [========================================] 8/8 rows');
    // One page holds the whole workspace: one call for all the emails and IDs.
    expect(usersListCalls() - callsBefore).toBe(1);

    const rows = await snapshot(database);
    expect(rows).toEqual([
      expect.objectContaining({ id: CAST.aiko.id, email: null, department: 'Engineering', level: 4, manager_id: CAST.grace.id, location: 'Tokyo', status: 'active' }),
      expect.objectContaining({ id: CAST.bruno.id, email: 'bruno@example.com', department: 'Sales', level: 3, manager_id: CAST.aiko.id, location: 'São Paulo, BR' }),
      expect.objectContaining({ id: CAST.grace.id, email: null, department: 'People', level: 10, manager_id: null, location: 'London' }),
    ]);
    for (const row of rows as { roster_imported_at: unknown }[]) expect(row.roster_imported_at).toEqual(expect.any(Number));

    const second = await runImport([roster], env);
    expect(second.code).toBe(2);
    expect(second.stdout).toContain(`Roster ${roster}: 8 rows — 0 new, 0 updated, 3 unchanged, 5 rejected`);
    expect(await snapshot(database)).toEqual(rows);
  });

  it('exits 0 for a clean file of Slack IDs, checking them with one users.list call', async () => {
    const { database, env, file, usersListCalls } = await setup();
    const roster = file('ids.csv', HEADER, `${CAST.aiko.id},Engineering,4,${CAST.grace.id},Tokyo`, `${CAST.grace.id},People,7,,`);
    const callsBefore = usersListCalls();

    const run = await runImport([roster], env);
    expect(run.code).toBe(0);
    expect(run.stdout.trim()).toBe(`Roster ${roster}: 2 rows — 2 new, 0 updated, 0 unchanged, 0 rejected`);
    expect(usersListCalls() - callsBefore).toBe(1);
    expect(await snapshot(database)).toHaveLength(2);
  });

  it('rejects Slack IDs that are not active Slack people, as person or manager, by line', async () => {
    const { database, env, file, usersListCalls } = await setup();
    const roster = file(
      'people.csv',
      HEADER,
      `U0TYPO9999,Engineering,4,${CAST.grace.id},Tokyo`, //     line 2
      `${CAST.aiko.id},Engineering,4,U0TYPO9999,Tokyo`, //      line 3
      `${FORMER.id},Sales,3,,`, //                              line 4
      `${CAST.bruno.id},Sales,3,${BOT.id},`, //                 line 5
      `${CAST.chloe.id},Design,2,${CAST.grace.id},Paris`, //    line 6
    );
    const callsBefore = usersListCalls();

    const run = await runImport([roster], env);
    expect(run.code).toBe(2);
    expect(run.stdout.trim().split('\n')).toEqual([
      `Roster ${roster}: 5 rows — 1 new, 0 updated, 0 unchanged, 4 rejected`,
      'line 2: no Slack user U0TYPO9999',
      'line 3: manager U0TYPO9999 is not a Slack user',
      `line 4: Slack user ${FORMER.id} is deactivated`,
      `line 5: manager ${BOT.id} is a bot, not a person`,
    ]);
    expect(usersListCalls() - callsBefore).toBe(1);
    expect(await snapshot(database)).toEqual([expect.objectContaining({ id: CAST.chloe.id, manager_id: CAST.grace.id })]);
  });

  it('needs neither a signing secret nor a bot token: IDs are stored unchecked, rows naming someone by email are rejected', async () => {
    const { database, file, usersListCalls } = await setup();
    const roster = file(
      'people.csv',
      HEADER,
      `${CAST.aiko.id},Engineering,4,${CAST.grace.id},Tokyo`, // line 2
      'bruno@example.com,Sales,3,,', //                        line 3
      `${CAST.chloe.id},Design,2,grace@example.com,Paris`, //   line 4
      `U0TYPO9999,Sales,3,${CAST.aiko.id},`, //                 line 5: cannot be caught without Slack
    );
    const callsBefore = usersListCalls();

    const run = await runImport([roster], { ...database, LOG_LEVEL: 'error' });
    expect(run.code).toBe(2);
    expect(run.stdout.trim().split('\n')).toEqual([
      `Roster ${roster}: 4 rows — 2 new, 0 updated, 0 unchanged, 2 rejected`,
      '3 Slack IDs were not checked against Slack because SLACK_BOT_TOKEN is not set',
      'line 3: the email bruno@example.com cannot be resolved: a bot token is needed to resolve emails, and SLACK_BOT_TOKEN is not set',
      "line 4: the manager's email grace@example.com cannot be resolved: a bot token is needed to resolve emails, and SLACK_BOT_TOKEN is not set",
    ]);
    expect(usersListCalls()).toBe(callsBefore);
    expect(await snapshot(database)).toEqual([
      expect.objectContaining({ id: CAST.aiko.id, manager_id: CAST.grace.id }),
      expect.objectContaining({ id: 'U0TYPO9999', manager_id: CAST.aiko.id }),
    ]);
  });

  it('keeps the stored manager and location when the file has no such columns', async () => {
    const { database, env, file } = await setup();
    await runImport([file('full.csv', HEADER, `${CAST.aiko.id},Engineering,4,${CAST.grace.id},Tokyo`, `${CAST.bruno.id},Sales,3,,`)], env);

    const run = await runImport([file('short.csv', 'user,department,level', `${CAST.aiko.id},Research,4`, `${CAST.bruno.id},Sales,3`)], env);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('0 new, 1 updated, 1 unchanged, 0 rejected');
    expect(await snapshot(database)).toEqual([
      expect.objectContaining({ id: CAST.aiko.id, department: 'Research', manager_id: CAST.grace.id, location: 'Tokyo' }),
      expect.objectContaining({ id: CAST.bruno.id, department: 'Sales', manager_id: null, location: null }),
    ]);
  });

  it.each([
    ['UTF-16', Buffer.from(`\uFEFFuser,department,level,location\r\n${CAST.aiko.id},Eng,4,Zürich\r\n`, 'utf16le'), 'the file is UTF-16 text, not UTF-8; save it as "CSV UTF-8" and import it again'],
    [
      'Latin-1',
      Buffer.from(`user,department,level,location\r\n${CAST.aiko.id},Eng,4,Tokyo\r\n${CAST.bruno.id},Eng,4,Zürich\r\n`, 'latin1'),
      'the file is not UTF-8 (perhaps Latin-1 or Windows-1252): the first byte that is not valid UTF-8 is on line 3; save it as "CSV UTF-8" and import it again',
    ],
    [
      'semicolon-separated',
      Buffer.from(`user;department;level\r\n${CAST.aiko.id};Eng;4\r\n`),
      "the header's columns are separated by semicolons (;), but the file must be comma-separated; export it again with commas as the separator",
    ],
  ])('refuses a %s file, saying why, exits 1 and stores nothing', async (_kind, content, reason) => {
    const { database, env, file, write } = await setup();
    await runImport([file('first.csv', HEADER, `${CAST.aiko.id},Engineering,4,,Tokyo`)], env);
    const before = await snapshot(database);

    const roster = write('people.csv', content);
    const run = await runImport([roster], env);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`Roster ${roster} was not imported: ${reason}`);
    expect(run.stdout).toBe('');
    expect(await snapshot(database)).toEqual(before);
  });

  it('reads UTF-8 with or without a byte order mark', async () => {
    const { database, env, write } = await setup();
    const text = `user,department,level,location\r\n${CAST.aiko.id},Eng,4,Zürich\r\n`;
    expect((await runImport([write('plain.csv', text)], env)).code).toBe(0);
    expect((await runImport([write('bom.csv', `\uFEFF${text}`)], env)).stdout).toContain('0 new, 0 updated, 1 unchanged');
    expect(await snapshot(database)).toEqual([expect.objectContaining({ id: CAST.aiko.id, location: 'Zürich' })]);
  });

  it('refuses a file without the level column, exits 1 and stores nothing', async () => {
    const { database, env, file } = await setup();
    await runImport([file('first.csv', HEADER, `${CAST.aiko.id},Engineering,4,,Tokyo`)], env);
    const before = await snapshot(database);

    const roster = file('no-level.csv', 'user,department,manager', `${CAST.aiko.id},Sales,`, `${CAST.bruno.id},Sales,`);
    const run = await runImport([roster], env);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`Roster ${roster} was not imported: the header is missing the required column level`);
    expect(run.stdout).toBe('');
    expect(await snapshot(database)).toEqual(before);
  });

  it('exits 1 and stores nothing when Slack refuses the lookup', async () => {
    const { database, env, file } = await setup();
    const roster = file('people.csv', HEADER, `${CAST.aiko.id},Engineering,4,,`, 'bruno@example.com,Sales,3,,');

    const run = await runImport([roster], { ...env, SLACK_BOT_TOKEN: 'xoxb-not-the-emulators-token' });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('nothing was stored: Slack users.list failed: An API error occurred: invalid_auth');
    expect(await snapshot(database)).toEqual([]);
  });

  it('prints usage without a file argument, and names a file that does not exist', async () => {
    const { dir, env } = await setup();
    const usage = await runImport([], env);
    expect(usage.code).toBe(1);
    expect(usage.stderr).toContain('Usage: npm run roster:import -- <roster.csv>');

    const nowhere = join(dir, 'nowhere.csv');
    const missing = await runImport([nowhere], env);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain(`Cannot read ${nowhere}: no such file`);
  });

  it('reports invalid configuration one problem per line', async () => {
    const { dir, file } = await setup();
    const run = await runImport([file('people.csv', HEADER, `${CAST.aiko.id},Engineering,4,,`)], {
      SLACK_BOT_TOKEN: 'xoxp-user-token',
      SLACK_API_URL: 'not a url',
      DATABASE_PATH: join(dir, 'mentoring.db'),
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('The roster import cannot start; fix these settings (environment or .env):');
    expect(run.stderr).toMatch(/^ {2}- SLACK_BOT_TOKEN must be a bot token starting with xoxb-$/m);
    expect(run.stderr).toMatch(/^ {2}- SLACK_API_URL must be an http\(s\) URL/m);
    expect(run.stderr).not.toContain('SLACK_SIGNING_SECRET');
    expect(run.stderr).not.toContain('xoxp-user-token');
  });
});

describe('importRoster', () => {
  const now = new Date('2025-03-03T09:00:00Z');
  const later = new Date('2025-04-01T09:00:00Z');

  async function database() {
    const location = await databaseAt(join(tempDir(), 'mentoring.db'));
    const opened = await openDatabase({ databasePath: location.DATABASE_PATH, databaseUrl: location.DATABASE_URL });
    onCleanup(() => opened.close());
    return opened;
  }

  const rowsOf = (...lines: string[]) => parseRoster([HEADER, ...lines].join('\n')).rows;
  const castIds = new Set<string>(castUsers.map((user) => user.id));
  /** Slack as a lookup: the cast are active people, `others` says who else is listed, and only `emails` resolve. */
  const lookupOf = (emails: Record<string, string>, others: Record<string, SlackUserState> = {}) =>
    vi.fn<SlackUserLookup>(async (wanted) => ({
      ids: new Map(wanted.ids.flatMap((id) => {
        const state = castIds.has(id) ? 'active' : others[id];
        return state ? [[id, state] as const] : [];
      })),
      idsByEmail: new Map(wanted.emails.flatMap((email) => (emails[email] ? [[email, emails[email]] as const] : []))),
    }));
  const noEmails = lookupOf({});

  it('updates only the row whose department changed, bumping its stamp and leaving everything else alone', async () => {
    const opened = await database();
    const { db } = opened;
    const roster = [`${CAST.aiko.id},Engineering,4,${CAST.grace.id},Tokyo`, `${CAST.bruno.id},Sales,3,,`];
    await importRoster({ db, rows: rowsOf(...roster), lookUpUsers: noEmails, now });
    // Fields the roster does not own, set elsewhere by the app.
    await db.update(people).set({ displayName: 'Aiko', status: 'paused', timeZone: 'Asia/Tokyo' }).where(eq(people.id, CAST.aiko.id));
    const before = await rawSql(opened).all('select * from people order by id');

    const result = await importRoster({
      db,
      rows: rowsOf(`${CAST.aiko.id},Research,4,${CAST.grace.id},Tokyo`, roster[1] as string),
      lookUpUsers: noEmails,
      now: later,
    });
    expect(result).toEqual({ created: 0, updated: 1, unchanged: 1, rejects: [], uncheckedIds: 0 });
    const after = await rawSql(opened).all('select * from people order by id');
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
    const { db } = await database();
    await importRoster({ db, rows: rowsOf(`${CAST.aiko.id},Engineering,4,${CAST.grace.id},Tokyo`), lookUpUsers: noEmails, now });
    const result = await importRoster({ db, rows: rowsOf(line), lookUpUsers: lookupOf({ 'aiko@example.com': CAST.aiko.id }), now: later });
    expect(result).toMatchObject({ created: 0, updated: 1, unchanged: 0 });
    expect(await firstRow(db.select().from(people))).toMatchObject({ ...change, rosterImportedAt: later });
  });

  it.each([
    ['manager and location', 'user,department,level', `${CAST.aiko.id},Engineering,4`],
    ['manager', 'user,department,level,location', `${CAST.aiko.id},Engineering,4,Tokyo`],
    ['location', 'user,department,level,manager', `${CAST.aiko.id},Engineering,4,${CAST.grace.id}`],
  ])('leaves the stored value alone when the file has no %s column', async (_absent, header, line) => {
    const { db } = await database();
    await importRoster({ db, rows: rowsOf(`${CAST.aiko.id},Engineering,4,${CAST.grace.id},Tokyo`), lookUpUsers: noEmails, now });
    const result = await importRoster({ db, rows: parseRoster(`${header}\n${line}\n`).rows, lookUpUsers: noEmails, now: later });
    expect(result).toMatchObject({ created: 0, updated: 0, unchanged: 1 });
    expect(await firstRow(db.select().from(people))).toMatchObject({ managerId: CAST.grace.id, location: 'Tokyo', rosterImportedAt: now });
  });

  it('takes over values someone typed themselves when HR gives the same, so the form stops asking', async () => {
    // Reproduced on main: the row counted as unchanged and was never stamped, so the person's later edit overrode HR.
    const { db } = await database();
    await db.insert(people).values({ id: CAST.aiko.id, department: 'Engineering', level: 4, managerId: CAST.grace.id, location: 'Tokyo', status: 'active', joinedAt: now });
    const result = await importRoster({ db, rows: rowsOf(`${CAST.aiko.id},Engineering,4,${CAST.grace.id},Tokyo`), lookUpUsers: noEmails, now: later });
    expect(result).toMatchObject({ created: 0, updated: 1, unchanged: 0 });
    expect(await firstRow(db.select().from(people))).toMatchObject({ department: 'Engineering', rosterImportedAt: later });
    // And a second run of the same file changes nothing.
    expect(await importRoster({ db, rows: rowsOf(`${CAST.aiko.id},Engineering,4,${CAST.grace.id},Tokyo`), lookUpUsers: noEmails, now })).toMatchObject({ updated: 0, unchanged: 1 });
  });

  it('stores someone new from a file without manager or location columns as having none', async () => {
    const { db } = await database();
    await importRoster({ db, rows: parseRoster(`user,department,level\n${CAST.aiko.id},Engineering,4\n`).rows, lookUpUsers: noEmails, now });
    expect(await firstRow(db.select().from(people))).toMatchObject({ managerId: null, location: null });
  });

  it('keeps a known email when a row names the person by ID, and ignores a change of case alone', async () => {
    const { db } = await database();
    const lookUpUsers = lookupOf({ 'aiko@example.com': CAST.aiko.id });
    await importRoster({ db, rows: rowsOf('Aiko@Example.com,Engineering,4,,'), lookUpUsers, now });
    expect(await firstRow(db.select().from(people))).toMatchObject({ email: 'aiko@example.com' });

    const byId = await importRoster({ db, rows: rowsOf(`${CAST.aiko.id},Engineering,4,,`), lookUpUsers, now: later });
    const byOtherCase = await importRoster({ db, rows: rowsOf('AIKO@example.com,Engineering,4,,'), lookUpUsers, now: later });
    expect([byId.unchanged, byOtherCase.unchanged]).toEqual([1, 1]);
    expect(await firstRow(db.select().from(people))).toMatchObject({ email: 'aiko@example.com', rosterImportedAt: now });
  });

  it('asks Slack once, for each distinct email lower-cased and each distinct ID, and checks IDs even when there are no emails', async () => {
    const { db } = await database();
    const lookUpUsers = lookupOf({ 'aiko@example.com': CAST.aiko.id, 'grace@example.com': CAST.grace.id });
    await importRoster({ db, rows: rowsOf('Aiko@example.com,Eng,4,grace@example.com,', `${CAST.bruno.id},Eng,3,AIKO@example.com,`), lookUpUsers, now });
    expect(lookUpUsers).toHaveBeenCalledExactlyOnceWith({ ids: [CAST.bruno.id], emails: ['aiko@example.com', 'grace@example.com'] });

    const idsOnly = lookupOf({});
    await importRoster({ db, rows: rowsOf(`${CAST.chloe.id},Eng,4,${CAST.grace.id},`, `${CAST.dev.id},Eng,4,${CAST.grace.id},`), lookUpUsers: idsOnly, now });
    expect(idsOnly).toHaveBeenCalledExactlyOnceWith({ ids: [CAST.chloe.id, CAST.grace.id, CAST.dev.id], emails: [] });
  });

  it('rejects unresolved emails, duplicates and self-management found only after resolution', async () => {
    const { db } = await database();
    const result = await importRoster({
      db,
      rows: rowsOf(
        `aiko@example.com,Eng,4,${CAST.grace.id},`, //   line 2
        `${CAST.aiko.id},Eng,5,,`, //                    line 3: aiko again, by ID
        `${CAST.bruno.id},Eng,3,bruno@example.com,`, //  line 4: own manager, by ID and email
        `${CAST.chloe.id},Eng,3,zoe@example.com,`, //    line 5: unknown manager
        'zoe@example.com,Eng,3,yan@example.com,', //     line 6: unknown person and manager
      ),
      lookUpUsers: lookupOf({ 'aiko@example.com': CAST.aiko.id, 'bruno@example.com': CAST.bruno.id }),
      now,
    });
    expect(result).toEqual({
      created: 1,
      updated: 0,
      unchanged: 0,
      uncheckedIds: 0,
      rejects: [
        { line: 3, reason: `duplicate of line 2 (${CAST.aiko.id})` },
        { line: 4, reason: 'a person cannot be their own manager' },
        { line: 5, reason: "no Slack user has the manager's email zoe@example.com" },
        { line: 6, reason: "no Slack user has the email zoe@example.com; no Slack user has the manager's email yan@example.com" },
      ],
    });
    expect(await db.select({ id: people.id }).from(people)).toEqual([{ id: CAST.aiko.id }]);
  });

  it('rejects Slack IDs that are unknown, deactivated or bots, as person or manager', async () => {
    const { db } = await database();
    const result = await importRoster({
      db,
      rows: rowsOf(
        `U0TYPO9999,Eng,4,${CAST.grace.id},`, //         line 2
        `${CAST.aiko.id},Eng,4,U0TYPO9999,`, //          line 3
        'U0GONE0001,Eng,4,,', //                         line 4
        `${CAST.bruno.id},Eng,4,U0GONE0001,`, //         line 5
        'U0BOT00001,Eng,4,,', //                         line 6
        `${CAST.chloe.id},Eng,4,U0BOT00001,`, //         line 7
        'U0TYPO8888,Eng,4,U0TYPO9999,', //               line 8
      ),
      lookUpUsers: lookupOf({}, { U0GONE0001: 'deactivated', U0BOT00001: 'bot' }),
      now,
    });
    expect(result.rejects).toEqual([
      { line: 2, reason: 'no Slack user U0TYPO9999' },
      { line: 3, reason: 'manager U0TYPO9999 is not a Slack user' },
      { line: 4, reason: 'Slack user U0GONE0001 is deactivated' },
      { line: 5, reason: 'manager U0GONE0001 is a deactivated Slack user' },
      { line: 6, reason: 'Slack user U0BOT00001 is a bot, not a person' },
      { line: 7, reason: 'manager U0BOT00001 is a bot, not a person' },
      { line: 8, reason: 'no Slack user U0TYPO8888; manager U0TYPO9999 is not a Slack user' },
    ]);
    expect(await db.select().from(people)).toEqual([]);
  });

  it('without Slack, stores IDs unchecked and counts them, and rejects every row naming someone by email', async () => {
    const { db } = await database();
    const result = await importRoster({
      db,
      rows: rowsOf(
        `${CAST.aiko.id},Eng,4,${CAST.grace.id},`, //   line 2
        `${CAST.grace.id},Eng,7,,`, //                  line 3
        'bruno@example.com,Eng,3,grace@example.com,', // line 4
        `${CAST.chloe.id},Eng,3,${CAST.aiko.id},`, //   line 5
      ),
      lookUpUsers: null,
      now,
    });
    expect(result).toEqual({
      created: 3,
      updated: 0,
      unchanged: 0,
      // aiko, grace and chloe: each counted once however often they appear.
      uncheckedIds: 3,
      rejects: [
        {
          line: 4,
          reason:
            'the email bruno@example.com cannot be resolved: a bot token is needed to resolve emails, and SLACK_BOT_TOKEN is not set; ' +
            "the manager's email grace@example.com cannot be resolved: a bot token is needed to resolve emails, and SLACK_BOT_TOKEN is not set",
        },
      ],
    });
  });

  it('lets the first row for a person decide, even when that row is rejected', async () => {
    const { db } = await database();
    const result = await importRoster({
      db,
      rows: rowsOf(`${CAST.aiko.id},Eng,4,zoe@example.com,`, `${CAST.aiko.id},Eng,4,,`),
      lookUpUsers: lookupOf({}),
      now,
    });
    expect(result.rejects).toEqual([
      { line: 2, reason: "no Slack user has the manager's email zoe@example.com" },
      { line: 3, reason: `duplicate of line 2 (${CAST.aiko.id})` },
    ]);
    expect(await db.select().from(people)).toEqual([]);
  });

  it('reports progress for every row, rejected ones first', async () => {
    const { db } = await database();
    const progress: number[] = [];
    await importRoster({
      db,
      rows: rowsOf(`${CAST.aiko.id},Eng,4,,`, 'zoe@example.com,Eng,4,,', `${CAST.bruno.id},Eng,4,,`),
      lookUpUsers: lookupOf({}),
      now,
      onProgress: (done) => progress.push(done),
    });
    expect(progress).toEqual([1, 2, 3]);
  });

  it('stores nothing when the lookup fails', async () => {
    const { db } = await database();
    const failing: SlackUserLookup = async () => {
      throw new Error('Slack users.list failed: ratelimited');
    };
    await expect(importRoster({ db, rows: rowsOf(`${CAST.aiko.id},Eng,4,,`, 'bruno@example.com,Eng,4,,'), lookUpUsers: failing, now })).rejects.toThrow(
      'ratelimited',
    );
    expect(await db.select().from(people)).toEqual([]);
  });

  it('applies all rows or none', async () => {
    const opened = await database();
    const { db } = opened;
    // A trigger stands in for any failure in the middle of the batch.
    await addFailingTrigger(opened, { name: 'refuse_bruno', table: 'people', on: 'before insert', when: `new.id = '${CAST.bruno.id}'`, message: 'refused' });
    await expect(
      importRoster({ db, rows: rowsOf(`${CAST.aiko.id},Eng,4,,`, `${CAST.bruno.id},Eng,4,,`), lookUpUsers: noEmails, now }),
    ).rejects.toSatisfy(failedWith('refused'));
    expect(await db.select().from(people)).toEqual([]);
  });
});

describe('slackUserLookup', () => {
  async function workspace(users: EmulatedUser[]) {
    const emulator = await new SlackEmulator({ botToken: BOT_TOKEN, signingSecret: SIGNING_SECRET, users }).start();
    onCleanup(() => emulator.stop());
    const client = new WebClient(BOT_TOKEN, { slackApiUrl: emulator.apiUrl, retryConfig: { retries: 0 } });
    return { emulator, lookUp: slackUserLookup(client) };
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
    const { emulator, lookUp } = await workspace([...castUsers, ...crowd]);
    const found = await lookUp({ ids: [], emails: ['AIKO@example.com', 'crowd249@EXAMPLE.com', 'nobody@example.com'] });
    expect(found.idsByEmail).toEqual(new Map([['aiko@example.com', CAST.aiko.id], ['crowd249@example.com', 'U9CROWD249']]));
    const calls = emulator.callsTo('users.list');
    expect(calls.map((call) => [call.args.limit, call.args.cursor])).toEqual([
      ['200', undefined],
      ['200', expect.any(String)],
    ]);
  });

  it('stops paging once every email is found', async () => {
    const { emulator, lookUp } = await workspace([...castUsers, ...crowd]);
    expect((await lookUp({ ids: [], emails: ['aiko@example.com'] })).idsByEmail).toEqual(new Map([['aiko@example.com', CAST.aiko.id]]));
    expect(emulator.callsTo('users.list')).toHaveLength(1);
  });

  it('answers IDs and emails in the same pass, paging until every ID is seen, and leaves out IDs Slack does not list', async () => {
    const { emulator, lookUp } = await workspace([...castUsers, ...crowd]);
    const found = await lookUp({ ids: [CAST.aiko.id, 'U9CROWD249'], emails: ['bruno@example.com'] });
    expect(found).toEqual({
      ids: new Map([[CAST.aiko.id, 'active'], ['U9CROWD249', 'active']]),
      idsByEmail: new Map([['bruno@example.com', CAST.bruno.id]]),
    });
    expect(emulator.callsTo('users.list')).toHaveLength(2);

    const typo = await lookUp({ ids: ['U0TYPO9999'], emails: [] });
    expect(typo.ids).toEqual(new Map());
  });

  it('does not ask Slack when there is nothing to look up', async () => {
    const { emulator, lookUp } = await workspace(castUsers);
    expect(await lookUp({ ids: [], emails: [] })).toEqual({ ids: new Map(), idsByEmail: new Map() });
    expect(emulator.callsTo('users.list')).toHaveLength(0);
  });

  it('does not resolve the emails of deactivated users or bots, and says which IDs they are', async () => {
    const { lookUp } = await workspace([
      { ...CAST.aiko, deleted: true },
      { id: 'U0BOT00001', name: 'bot', realName: 'Bot', email: 'bot@example.com', tz: 'UTC', isBot: true },
      CAST.bruno,
    ]);
    const found = await lookUp({ ids: [CAST.aiko.id, 'U0BOT00001', CAST.bruno.id], emails: ['aiko@example.com', 'bot@example.com', 'bruno@example.com'] });
    expect(found.idsByEmail).toEqual(new Map([['bruno@example.com', CAST.bruno.id]]));
    expect(found.ids).toEqual(new Map([[CAST.aiko.id, 'deactivated'], ['U0BOT00001', 'bot'], [CAST.bruno.id, 'active']]));
  });

  it('names users.list when Slack refuses', async () => {
    const emulator = await new SlackEmulator({ botToken: BOT_TOKEN, signingSecret: SIGNING_SECRET, users: castUsers }).start();
    onCleanup(() => emulator.stop());
    const lookUp = slackUserLookup(new WebClient('xoxb-wrong', { slackApiUrl: emulator.apiUrl, retryConfig: { retries: 0 } }));
    await expect(lookUp({ ids: [], emails: ['aiko@example.com'] })).rejects.toThrow('Slack users.list failed: An API error occurred: invalid_auth');
  });
});
