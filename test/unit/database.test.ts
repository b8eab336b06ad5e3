import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type OpenDatabase } from '../../src/db/client.js';
import { matches, people } from '../../src/db/schema.js';
import { connectionOf, prepared } from '../../src/db/prepared.js';
import { releaseBefore } from '../support/previousRelease.js';
import { eq, sql } from 'drizzle-orm';
import { first as firstRow } from '../../src/db/query.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'mentoring-db-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function schemaSnapshot(sqlite: OpenDatabase['sqlite']) {
  return sqlite.prepare("select type, name, sql from sqlite_master where name not like 'sqlite_%' order by name").all();
}

describe('openDatabase', () => {
  it('creates the file and its folder, in WAL mode with foreign keys and a busy timeout', async () => {
    const database = await openDatabase(join(dir, 'nested', 'mentoring.db'));
    expect(database.sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(database.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(database.sqlite.pragma('busy_timeout', { simple: true })).toBeGreaterThanOrEqual(1000);
    await database.close();
  });

  it('applies the migrations once; opening again changes nothing and keeps the data', async () => {
    const path = join(dir, 'mentoring.db');
    const first = await openDatabase(path);
    await first.db.insert(people).values({ id: 'U0AIKO0001', displayName: 'Aiko' });
    const before = schemaSnapshot(first.sqlite);
    const applied = first.sqlite.prepare('select count(*) as n from __drizzle_migrations').get();
    await first.close();

    const second = await openDatabase(path);
    expect(schemaSnapshot(second.sqlite)).toEqual(before);
    expect(second.sqlite.prepare('select count(*) as n from __drizzle_migrations').get()).toEqual(applied);
    expect(await second.db.select().from(people)).toHaveLength(1);
    await second.close();
  });

  it('creates every table of the domain', async () => {
    const database = await openDatabase(join(dir, 'mentoring.db'));
    const tables = (database.sqlite.prepare("select name from sqlite_master where type = 'table'").all() as { name: string }[]).map((t) => t.name);
    for (const table of ['people', 'profiles', 'skills', 'person_skills', 'goals', 'availability', 'matches', 'sessions', 'check_ins', 'ratings', 'job_runs', 'outbox']) {
      expect(tables).toContain(table);
    }
    await database.close();
  });

  it('enforces foreign keys and one open match per pair', async () => {
    const database = await openDatabase(join(dir, 'mentoring.db'));
    const { db } = database;
    await db.insert(people).values([{ id: 'U1' }, { id: 'U2' }]);
    const base = { mentorId: 'U1', menteeId: 'U2', kind: 'mentoring' as const, source: 'self_serve' as const, requestedAt: new Date() };
    await db.insert(matches).values({ ...base, status: 'requested' });
    await expect(db.insert(matches).values({ ...base, status: 'active' })).rejects.toThrow(/UNIQUE/);
    // An ended pairing does not block a new one.
    await db.insert(matches).values({ ...base, status: 'ended' });
    await expect(db.insert(matches).values({ ...base, mentorId: 'U9', menteeId: 'U1', status: 'requested' })).rejects.toThrow(/FOREIGN KEY/);
    // A mentee has one open request or mentorship per kind, whoever the mentor.
    await db.insert(people).values({ id: 'U3' });
    await expect(db.insert(matches).values({ ...base, mentorId: 'U3', status: 'requested' })).rejects.toThrow(/UNIQUE/);
    await db.insert(matches).values({ ...base, mentorId: 'U3', kind: 'peer', status: 'requested' });
    await expect(db.insert(matches).values({ ...base, menteeId: 'U1', status: 'requested' })).rejects.toThrow(/CHECK/);
    await database.close();
  });
});

describe('two processes on one file (replicas, `npm run job`)', () => {
  it('a transaction that reads and then writes keeps its work when another connection writes meanwhile, instead of failing with SQLITE_BUSY_SNAPSHOT', async () => {
    const path = join(dir, 'mentoring.db');
    const replica = await openDatabase(path);
    const other = await openDatabase(path);
    // In one thread the other connection cannot wait for the lock; across processes it waits for the busy timeout.
    other.sqlite.pragma('busy_timeout = 0');
    await replica.db.insert(people).values({ id: 'U0AIKO0001', displayName: 'Aiko' });
    let otherWrote: boolean | undefined;
    await replica.db.transaction(async (tx) => {
      const seen = (await tx.select().from(people)).length;
      try {
        await other.db.insert(people).values({ id: 'U0BEN00001', displayName: 'Ben' });
        otherWrote = true;
      } catch (error) {
        expect((error as { code?: string }).code).toBe('SQLITE_BUSY');
        otherWrote = false;
      }
      await tx.update(people).set({ displayName: `Aiko (saw ${seen})` }).where(eq(people.id, 'U0AIKO0001'));
    });
    // The transaction held the write lock from its start, so the other connection's write waited its turn (here: refused at once).
    expect(otherWrote).toBe(false);
    expect(await other.db.select({ name: people.displayName }).from(people)).toEqual([{ name: 'Aiko (saw 1)' }]);
    await replica.close();
    await other.close();
  });
});

describe('migrations on a database with data', () => {
  it('keep child rows when a parent table is rebuilt', async () => {
    const { default: Database } = await import('better-sqlite3');
    const { readMigrationFiles } = await import('drizzle-orm/migrator');
    const { MIGRATIONS_FOLDER } = await import('../../src/db/client.js');
    const path = join(dir, 'old.db');
    // A database as the first release left it, holding a match with a session.
    const sqlite = new Database(path);
    const [first] = readMigrationFiles({ migrationsFolder: MIGRATIONS_FOLDER });
    for (const statement of first?.sql ?? []) sqlite.exec(statement);
    sqlite.exec(`CREATE TABLE "__drizzle_migrations" (id INTEGER PRIMARY KEY AUTOINCREMENT, hash text NOT NULL, created_at numeric)`);
    sqlite.prepare('insert into "__drizzle_migrations" (hash, created_at) values (?, ?)').run(first?.hash, first?.folderMillis);
    sqlite.exec(`insert into people (id) values ('U1'), ('U2');
      insert into matches (mentor_id, mentee_id, kind, status, source, requested_at) values ('U1', 'U2', 'mentoring', 'active', 'round', 0);
      insert into sessions (match_id, starts_at, ends_at, status) values (1, 0, 1, 'held');`);
    sqlite.close();

    const upgraded = await openDatabase(path);
    expect(upgraded.sqlite.prepare('select count(*) as n from sessions').get()).toEqual({ n: 1 });
    expect(upgraded.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    await upgraded.close();
  });
});

describe('the migrations folder', () => {
  it("lists migrations in the order they were made, each later than the one before: a pending one is one newer than the database's last, and one newer than every known is a newer release's", async () => {
    const { readFileSync } = await import('node:fs');
    const { MIGRATIONS_FOLDER } = await import('../../src/db/client.js');
    const journal = JSON.parse(readFileSync(join(MIGRATIONS_FOLDER, 'meta/_journal.json'), 'utf8')) as { entries: { idx: number; tag: string; when: number }[] };
    const { entries } = journal;
    expect(entries.map((e) => e.idx)).toEqual(entries.map((_, i) => i));
    expect(entries.map((e) => e.tag)).toEqual([...entries.map((e) => e.tag)].sort());
    for (let i = 1; i < entries.length; i += 1) expect((entries[i] as { when: number }).when).toBeGreaterThan((entries[i - 1] as { when: number }).when);
  });
});

describe('upgrading a database from the previous release', () => {
  it('carries every row forward, the new delivery columns at their defaults (a row left mid-send has no lease, so the next drain looks it up first)', async () => {
    // The previous release's migrations: everything before 0005.
    const path = join(dir, 'upgrade.db');
    const old = releaseBefore('0005', dir, path);
    old.prepare("insert into people (id, display_name, status) values ('U0AIKO0001', 'Aiko', 'active')").run();
    old.prepare("insert into outbox (idempotency_key, recipient, payload, status, not_before, claimed_at) values ('k1', 'U0AIKO0001', '{\"text\":\"hi\"}', 'sending', 1, 1)").run();
    old.prepare("insert into outbox (idempotency_key, recipient, payload, status, not_before) values ('k2', 'U0AIKO0001', '{\"text\":\"later\"}', 'pending', 2)").run();
    old.close();

    const upgraded = await openDatabase(path);
    expect(upgraded.sqlite.prepare('select id, display_name from people').all()).toEqual([{ id: 'U0AIKO0001', display_name: 'Aiko' }]);
    expect(upgraded.sqlite.prepare('select idempotency_key, status, uncertain, lease_until, failing_since from outbox order by id').all()).toEqual([
      { idempotency_key: 'k1', status: 'sending', uncertain: 0, lease_until: null, failing_since: null },
      { idempotency_key: 'k2', status: 'pending', uncertain: 0, lease_until: null, failing_since: null },
    ]);
    for (const table of ['outbox_subjects', 'action_claims']) expect(upgraded.sqlite.prepare(`select count(*) as n from ${table}`).get()).toEqual({ n: 0 });
    await upgraded.close();
  });
});

describe('upgrading a database from the release before programs', () => {
  it('moves the one implicit program into program 1: every member enrolled with their roles and capacity, goals, matches and rounds in it', async () => {
    const { loadMatchingPool } = await import('../../src/repos/matchingPool.js');
    const path = join(dir, 'upgrade.db');
    const old = releaseBefore('0006', dir, path);
    const t = Date.parse('2026-10-01T09:00:00Z');
    const person = old.prepare("insert into people (id, time_zone, status, joined_at, updated_at) values (?, 'Europe/Paris', ?, ?, ?)");
    const profile = old.prepare('insert into profiles (person_id, roles, capacity_mentees, capacity_hours_per_month, consented_at) values (?, ?, ?, ?, ?)');
    person.run('U0MENTOR01', 'active', t, t);
    profile.run('U0MENTOR01', '["mentor","peer"]', 2, 6, t);
    person.run('U0MENTEE01', 'paused', t + 1, t + 1);
    profile.run('U0MENTEE01', '["mentee"]', null, null, t + 1);
    person.run('U0GONE0001', 'left', t + 2, t + 5);
    profile.run('U0GONE0001', '["mentee"]', null, null, t + 2);
    old.prepare("insert into goals (person_id, position, aim, measure, due_on) values ('U0MENTEE01', 1, 'Lead a project', 'It ships', '2027-03-01')").run();
    old.prepare("insert into matches (mentor_id, mentee_id, kind, status, source, requested_at) values ('U0MENTOR01', 'U0MENTEE01', 'mentoring', 'active', 'self_serve', ?)").run(t);
    old.prepare("insert into match_rounds (created_by, status, proposal, created_at) values ('U0ADMIN001', 'published', '{\"pairs\":[],\"unmatched\":[]}', ?)").run(t);
    old.close();

    const upgraded = await openDatabase(path);
    const q = (sql: string) => upgraded.sqlite.prepare(sql).all();
    expect(q('select id, name, modes, enrollment, channel_id, status from programs')).toEqual([{ id: 1, name: 'Mentoring', modes: '["mentoring","peer","reverse"]', enrollment: 'open', channel_id: null, status: 'active' }]);
    expect(q('select program_id, person_id, status, roles, capacity_mentees, capacity_hours_per_month, joined_at, ended_at from enrollments order by person_id')).toEqual([
      { program_id: 1, person_id: 'U0GONE0001', status: 'left', roles: '["mentee"]', capacity_mentees: null, capacity_hours_per_month: null, joined_at: t + 2, ended_at: t + 5 },
      { program_id: 1, person_id: 'U0MENTEE01', status: 'active', roles: '["mentee"]', capacity_mentees: null, capacity_hours_per_month: null, joined_at: t + 1, ended_at: null },
      { program_id: 1, person_id: 'U0MENTOR01', status: 'active', roles: '["mentor","peer"]', capacity_mentees: 2, capacity_hours_per_month: 6, joined_at: t, ended_at: null },
    ]);
    // The profile keeps what holds in every program; roles moved to the enrollment.
    expect(q('select person_id, capacity_mentees from profiles order by person_id')).toEqual([
      { person_id: 'U0GONE0001', capacity_mentees: null },
      { person_id: 'U0MENTEE01', capacity_mentees: null },
      { person_id: 'U0MENTOR01', capacity_mentees: 2 },
    ]);
    expect(q("select name from pragma_table_info('profiles') where name = 'roles'")).toEqual([]);
    expect(q('select program_id, aim from goals')).toEqual([{ program_id: 1, aim: 'Lead a project' }]);
    expect(q('select program_id, status from matches')).toEqual([{ program_id: 1, status: 'active' }]);
    expect(q('select program_id, status from match_rounds')).toEqual([{ program_id: 1, status: 'published' }]);
    // And the data works as before: the mentor is in the default program's pool with their roles and load.
    const pool = await loadMatchingPool(upgraded.db, new Date(t + 86_400_000), 6);
    expect(pool.participants.map((p) => ({ id: p.id, roles: p.roles, capacity: p.capacity, load: p.load }))).toEqual([{ id: 'U0MENTOR01', roles: ['mentor', 'peer'], capacity: 2, load: 1 }]);
    await upgraded.close();
  });
});

describe('prepared statements', () => {
  it('are shared by the database and its transactions, which run on its one session', async () => {
    const database = await openDatabase(join(dir, 'mentoring.db'));
    const { db } = database;
    // If a drizzle upgrade gave transactions their own session, each transaction would prepare again: this fails first.
    expect(connectionOf(db)).not.toBe(db);
    const find = () => prepared(db, 'test.find', (d) => d.select().from(people).where(eq(people.id, sql.placeholder('id'))).prepare());
    await db.transaction(async (tx) => {
      expect(connectionOf(tx)).toBe(connectionOf(db));
      await db.transaction(async (nested) => expect(connectionOf(nested)).toBe(connectionOf(db)));
      const insert = prepared(tx, 'test.insert', (d) => d.insert(people).values({ id: sql.placeholder('id'), displayName: 'Aiko' }).prepare());
      await insert.execute({ id: 'U0AIKO0001' });
      expect(await firstRow(find().execute({ id: 'U0AIKO0001' }))).toMatchObject({ displayName: 'Aiko' });
    });
    // Prepared inside the transaction, still right after it, and part of what it committed.
    expect(prepared(db, 'test.find', () => undefined as never)).toBe(find());
    expect(await firstRow(find().execute({ id: 'U0AIKO0001' }))).toMatchObject({ displayName: 'Aiko' });
    await database.close();
  });
});
