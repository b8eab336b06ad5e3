import Database from 'better-sqlite3';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CAST } from '../../demo/cast.js';
import { type LocalStack, startLocalStack } from '../../demo/stack.js';
import { parseConfig } from '../../src/config.js';
import { type OpenDatabase, openDatabase } from '../../src/db/client.js';
import type { Deps } from '../../src/deps.js';
import { createLogger } from '../../src/logger.js';
import { syncSkills } from '../../src/repos/profiles.js';
import { createPoolIndex, type PoolIndex } from '../../src/services/poolIndex.js';
import { poolFor } from '../../src/services/pools.js';
import { defaultProgram } from '../../src/services/programs.js';
import { suggestFor } from '../../src/services/selfServe.js';
import { DEFAULT_TAXONOMY_PATH, loadTaxonomy } from '../../src/taxonomy/loadTaxonomy.js';
import { join as joinProgram, MENTEE, MENTOR, suggestedTo } from '../support/program.js';
import { rawSql } from '../support/rawSql.js';

/*
 * The kept pool (src/services/poolIndex.ts) must answer exactly what
 * suggestFor gives on a pool loaded afresh, whatever changed in between:
 * profiles, pauses, enrollments, matches, exclusions, "busy until", managers,
 * and the clock (pauses that end, cool-downs that run out, a daylight-saving
 * week). Writes come through the app's own connection and through another
 * one, as another process or replica would make them.
 */

const taxonomy = loadTaxonomy(DEFAULT_TAXONOMY_PATH);
const SKILLS = ['typescript', 'python', 'system-design', 'people-management', 'giving-feedback', 'coaching'];
const ZONES = ['Europe/London', 'America/New_York', 'Asia/Kolkata'];
const PEOPLE = Array.from({ length: 8 }, (_, i) => `U0${i}`);
const ROLE_SETS = [['mentor'], ['mentee'], ['peer'], ['mentor', 'peer'], ['mentee', 'peer'], ['reverse_mentor'], ['reverse_mentee']];
const DAY = 86_400_000;
// Eight days before Europe leaves winter time: the scoring week crosses the change as the clock moves on.
const START = Date.parse('2026-03-21T10:17:00Z');

interface World {
  dir: string;
  deps: Deps;
  database: OpenDatabase;
  /** Another connection to the same file: another process or replica. */
  other: Database.Database;
  setNow(ms: number): void;
  now(): number;
}

async function openWorld(): Promise<World> {
  const dir = mkdtempSync(join(tmpdir(), 'mentoring-index-'));
  const path = join(dir, 'mentoring.db');
  const parsed = parseConfig({ SLACK_BOT_TOKEN: 'xoxb-local-emulator-token', SLACK_SIGNING_SECRET: 'local-emulator-signing-secret', DATABASE_PATH: path, LOG_LEVEL: 'error' });
  if (!parsed.ok) throw new Error(parsed.problems.join('; '));
  const database = await openDatabase(path);
  await syncSkills(database.db, taxonomy);
  let now = START;
  const deps: Deps = { config: parsed.config, db: database.db, clock: () => new Date(now), logger: createLogger('error'), taxonomy };
  const other = new Database(path);
  other.pragma('busy_timeout = 5000');
  return { dir, deps, database, other, setNow: (ms) => (now = ms), now: () => now };
}

async function closeWorld(world: World, index: PoolIndex): Promise<void> {
  await index.stop();
  world.other.close();
  await world.database.close();
  rmSync(world.dir, { recursive: true, force: true });
}

/** A person as intake leaves them, with every fact matching reads drawn at random. */
const arbPerson = fc.record({
  roles: fc.constantFrom(...ROLE_SETS),
  offered: fc.subarray(SKILLS),
  wanted: fc.subarray(SKILLS),
  zone: fc.constantFrom(...ZONES),
  start: fc.constantFrom(480, 540, 600),
  level: fc.option(fc.integer({ min: 1, max: 8 }), { nil: null }),
  department: fc.option(fc.constantFrom('Data', 'Sales', 'Platform'), { nil: null }),
  capacity: fc.option(fc.integer({ min: 1, max: 3 }), { nil: null }),
  goal: fc.option(fc.constantFrom('Design systems that scale', 'Coach my team', 'Learn python'), { nil: null }),
});
type PersonFacts = typeof arbPerson extends fc.Arbitrary<infer T> ? T : never;

const person = fc.constantFrom(...PEOPLE);
/** Changes to who takes part and what they answered. */
const peopleSteps = [
  fc.record({ kind: fc.constant('profile' as const), who: person, facts: arbPerson }),
  fc.record({ kind: fc.constant('pause' as const), who: person, days: fc.option(fc.integer({ min: 1, max: 10 }), { nil: null }) }),
  fc.record({ kind: fc.constant('resume' as const), who: person }),
  fc.record({ kind: fc.constant('leave' as const), who: person }),
  fc.record({ kind: fc.constant('rejoin' as const), who: person }),
  fc.record({ kind: fc.constant('manager' as const), who: person, manager: fc.option(person, { nil: null }) }),
];
/** Changes to who may be paired with whom, the program's own rules included. */
const pairSteps = [
  fc.record({ kind: fc.constant('match' as const), mentor: person, mentee: person, status: fc.constantFrom('requested', 'active', 'ended', 'declined'), ageDays: fc.integer({ min: 0, max: 200 }) }),
  fc.record({ kind: fc.constant('endMatches' as const), who: person }),
  fc.record({ kind: fc.constant('exclude' as const), who: person, whom: person }),
  fc.record({ kind: fc.constant('busy' as const), who: person, days: fc.option(fc.integer({ min: 0, max: 3 }), { nil: null }) }),
  fc.record({ kind: fc.constant('program' as const), minFit: fc.option(fc.constantFrom(40, 60, 75), { nil: null }), cap: fc.option(fc.constantFrom(1, 2), { nil: null }) }),
];
const clockStep = fc.record({ kind: fc.constant('clock' as const), ms: fc.constantFrom(60_000, 40 * 60_000, 3_600_000, 5 * 3_600_000, DAY, 3 * DAY, 30 * DAY) });
const arbStep = fc.oneof(...peopleSteps, ...pairSteps, clockStep);
type Step = typeof arbStep extends fc.Arbitrary<infer T> ? T : never;

function writeProfile(db: Database.Database, id: string, p: PersonFacts, at: number): void {
  db.prepare('delete from person_skills where person_id = ?').run(id);
  db.prepare('delete from goals where person_id = ?').run(id);
  db.prepare('update people set time_zone = ?, level = ?, department = ? where id = ?').run(p.zone, p.level, p.department, id);
  db.prepare('update profiles set work_start_minute = ?, work_end_minute = ?, capacity_mentees = ? where person_id = ?').run(p.start, p.start + 480, p.capacity, id);
  db.prepare("update enrollments set roles = ?, capacity_mentees = ? where person_id = ? and program_id = 1").run(JSON.stringify(p.roles), p.capacity, id);
  for (const skill of p.offered) db.prepare("insert into person_skills (person_id, skill_id, direction) values (?, ?, 'offered')").run(id, skill);
  for (const skill of p.wanted) db.prepare("insert into person_skills (person_id, skill_id, direction) values (?, ?, 'wanted')").run(id, skill);
  if (p.goal) db.prepare("insert into goals (person_id, program_id, position, aim, measure, due_on) values (?, 1, 0, ?, 'Ship it', ?)").run(id, p.goal, new Date(at + 60 * DAY).toISOString().slice(0, 10));
}

function seed(world: World, people: readonly PersonFacts[]): void {
  const db = world.database.sqlite;
  const at = world.now();
  people.forEach((p, i) => {
    const id = PEOPLE[i] as string;
    db.prepare("insert into people (id, status, joined_at, created_at) values (?, 'active', ?, ?)").run(id, at - 90 * DAY, at - 90 * DAY);
    db.prepare("insert into profiles (person_id, format, work_days, consented_at) values (?, 'video', '[1,2,3,4,5]', ?)").run(id, at - 90 * DAY);
    db.prepare("insert into enrollments (program_id, person_id, status, roles, applied_at, decided_at, joined_at) values (1, ?, 'active', '[]', ?, ?, ?)").run(id, at, at, at);
    writeProfile(db, id, p, at);
  });
}

/** Applies one step; constraint refusals (a second open match for a pair) change nothing, as in the app. */
function apply(world: World, db: Database.Database, step: Step): void {
  const at = world.now();
  const run = (sql: string, ...params: unknown[]) => {
    try {
      db.prepare(sql).run(...params);
    } catch (error) {
      if (!String((error as { code?: string }).code).startsWith('SQLITE_CONSTRAINT')) throw error;
    }
  };
  switch (step.kind) {
    case 'profile':
      return writeProfile(db, step.who, step.facts, at);
    case 'pause':
      return run("update people set status = 'paused', paused_until = ? where id = ?", step.days === null ? null : at + step.days * DAY, step.who);
    case 'resume':
      return run("update people set status = 'active', paused_until = null where id = ?", step.who);
    case 'leave':
      return run("update enrollments set status = 'left' where person_id = ?", step.who);
    case 'rejoin':
      return run("update enrollments set status = 'active' where person_id = ?", step.who);
    case 'match': {
      const decided = at - step.ageDays * DAY;
      return run(
        "insert into matches (program_id, mentor_id, mentee_id, kind, status, source, requested_at, decided_at, ended_at) values (1, ?, ?, 'mentoring', ?, 'self_serve', ?, ?, ?)",
        step.mentor,
        step.mentee,
        step.status,
        decided - DAY,
        step.status === 'requested' ? null : decided,
        step.status === 'ended' ? decided : null,
      );
    }
    case 'endMatches':
      return run("update matches set status = 'ended', ended_at = ? where (mentor_id = ? or mentee_id = ?) and status in ('requested', 'active', 'paused')", at, step.who, step.who);
    case 'exclude':
      return run("insert into match_exclusions (person_id, excluded_id, added_by, created_at) values (?, ?, ?, ?)", step.who, step.whom, step.who, at);
    case 'busy':
      return run('update profiles set busy_until = ? where person_id = ?', step.days === null ? null : new Date(at + step.days * DAY).toISOString().slice(0, 10), step.who);
    case 'program':
      return run('update programs set min_fit = ?, max_mentees_per_mentor = ? where id = 1', step.minFit, step.cap);
    case 'manager':
      return run('update people set manager_id = ? where id = ?', step.manager === step.who ? null : step.manager, step.who);
    case 'clock':
      return world.setNow(at + step.ms);
  }
}

/** Every person's answer from the kept pool, beside suggestFor on a pool loaded afresh now. */
async function compare(world: World, index: PoolIndex): Promise<void> {
  const program = await defaultProgram(world.deps);
  const fresh = await poolFor(world.deps, program);
  for (const id of PEOPLE) {
    const kept = await index.suggest(id, program);
    expect(kept, `${id} at ${new Date(world.now()).toISOString()}`).toEqual(await suggestFor(world.deps, id, program, fresh));
  }
}

/**
 * A program of eight, then a few changes, each made here or (when
 * `elsewhere`) through another connection, then (`later`) only time passing.
 */
const scenario = (step: fc.Arbitrary<Step>, options: { elsewhere?: boolean; later?: fc.Arbitrary<Step> } = {}) =>
  fc.record({
    people: fc.array(arbPerson, { minLength: PEOPLE.length, maxLength: PEOPLE.length }),
    steps: fc.array(fc.record({ step, elsewhere: options.elsewhere ? fc.boolean() : fc.constant(false) }), { minLength: 1, maxLength: 6 }),
    later: options.later ? fc.array(options.later, { minLength: 1, maxLength: 6 }) : fc.constant<Step[]>([]),
  });
// Each property stays well under a second or two: a run reloads the pool after nearly every step.
const RUNS = { numRuns: 6 };

async function check(world: World, index: PoolIndex, { people, steps, later }: { people: PersonFacts[]; steps: { step: Step; elsewhere: boolean }[]; later: Step[] }): Promise<void> {
  const db = world.database.sqlite;
  for (const table of ['match_exclusions', 'matches', 'goals', 'person_skills', 'enrollments', 'profiles', 'people']) db.exec(`delete from ${table}`);
  db.exec('update programs set min_fit = null, max_mentees_per_mentor = null where id = 1');
  world.setNow(START);
  seed(world, people);
  await compare(world, index);
  for (const { step, elsewhere } of steps) {
    apply(world, elsewhere ? world.other : db, step);
    await compare(world, index);
  }
  for (const step of later) {
    apply(world, db, step);
    await compare(world, index);
  }
}

describe('the kept pool', () => {
  describe('on the main thread', () => {
    let world: World;
    let index: PoolIndex;
    beforeAll(async () => {
      world = await openWorld();
      index = createPoolIndex(world.deps);
    });
    afterAll(() => closeWorld(world, index));

    it('follows profiles, pauses, enrollments and reporting lines', async () => {
      await fc.assert(fc.asyncProperty(scenario(fc.oneof(...peopleSteps)), (s) => check(world, index, s)), RUNS);
    });

    it('follows matches, exclusions, "busy until" and the program\'s own rules', async () => {
      await fc.assert(fc.asyncProperty(scenario(fc.oneof(...pairSteps)), (s) => check(world, index, s)), RUNS);
    });

    it('follows the clock: pauses that end, cool-downs that run out, busy dates that pass, a daylight-saving week', async () => {
      const [pause] = peopleSteps.slice(1, 2);
      const [match, , , busy] = pairSteps;
      const timed = fc.oneof(pause as fc.Arbitrary<Step>, match as fc.Arbitrary<Step>, busy as fc.Arbitrary<Step>);
      // Nothing is written while the clock moves: only the kept pool's own deadlines can tell it to reload.
      await fc.assert(fc.asyncProperty(scenario(timed, { later: clockStep }), (s) => check(world, index, s)), RUNS);
    });

    it('follows writes made through another connection, as by another process or replica', async () => {
      await fc.assert(fc.asyncProperty(scenario(arbStep, { elsewhere: true }), (s) => check(world, index, s)), RUNS);
    });
  });

  describe('in the worker thread', () => {
    let world: World;
    let index: PoolIndex;
    beforeAll(async () => {
      world = await openWorld();
      index = createPoolIndex(world.deps, { workerFrom: 0 });
      // Starting a worker under tsx compiles its modules: done once here, not inside a test.
      seed(world, fc.sample(arbPerson, { numRuns: PEOPLE.length, seed: 7 }));
      await index.suggest(PEOPLE[0] as string, await defaultProgram(world.deps));
    });
    afterAll(() => closeWorld(world, index));

    it('answers the same, whichever connection wrote', async () => {
      await fc.assert(fc.asyncProperty(scenario(arbStep, { elsewhere: true }), (s) => check(world, index, s)), RUNS);
    });
  });
});

describe('/mentor match, answered from the kept pool', () => {
  let stack: LocalStack;
  let now = new Date('2026-11-30T08:00:00Z');
  beforeAll(async () => {
    stack = await startLocalStack({ clock: () => now });
    await joinProgram(stack, CAST.aiko.id, { ...MENTEE, timeZone: 'Asia/Tokyo', department: 'Product', level: '3', skillsWanted: ['system-design', 'public-speaking'] });
    await joinProgram(stack, CAST.bruno.id, { ...MENTOR, timeZone: 'America/Sao_Paulo', department: 'Platform', level: '7', skillsOffered: ['system-design', 'coaching'], capacityMentees: '1' });
    await joinProgram(stack, CAST.chloe.id, { ...MENTOR, timeZone: 'Europe/Paris', department: 'Engineering', level: '6', skillsOffered: ['public-speaking', 'system-design'], capacityMentees: '2' });
  });
  afterAll(() => stack.stop());

  const match = async () => {
    // A minute apart: each DM is keyed by its moment, so two in the same millisecond would be one.
    now = new Date(now.getTime() + 60_000);
    const before = suggestedTo(stack, CAST.aiko.id).length;
    await stack.emulator.user(CAST.aiko.id).slash('/mentor match');
    await stack.settle();
    return { dm: suggestedTo(stack, CAST.aiko.id).slice(before), fresh: await suggestFor(stack.deps, CAST.aiko.id, await defaultProgram(stack.deps)) };
  };
  const giversOf = (fresh: Awaited<ReturnType<typeof suggestFor>>) => (fresh.ok ? fresh.cards.map((c) => c.giverId) : []);

  it('never offers someone a change has just ruled out: an exclusion, a "busy until", a pause', async () => {
    const first = await match();
    expect(first.dm).toEqual([CAST.chloe.id, CAST.bruno.id]);

    const sql = rawSql(stack.database);
    await sql.run('insert into match_exclusions (person_id, excluded_id, added_by, created_at) values (?, ?, ?, ?)', CAST.aiko.id, CAST.chloe.id, CAST.aiko.id, now.getTime());
    const excluded = await match();
    expect(excluded.dm).toEqual([CAST.bruno.id]);
    expect(excluded.dm).toEqual(giversOf(excluded.fresh));

    await sql.run("update profiles set busy_until = '2026-12-02' where person_id = ?", CAST.bruno.id);
    const busy = await match();
    expect(busy.dm).toEqual([]);
    expect(busy.fresh.ok).toBe(false);
    expect(stack.emulator.user(CAST.aiko.id).lastMessage()?.text).toContain("We couldn't find anyone to suggest right now");

    // Three days on, in São Paulo too, Bruno is free again with nothing written.
    now = new Date('2026-12-03T12:00:00Z');
    const free = await match();
    expect(free.dm).toEqual([CAST.bruno.id]);
    expect(free.dm).toEqual(giversOf(free.fresh));

    await sql.run("update people set status = 'paused', paused_until = ? where id = ?", now.getTime() + 86_400_000, CAST.bruno.id);
    expect((await match()).dm).toEqual([]);
  });
});
