import { existsSync, readFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type LocalStack, startLocalStack } from '../../demo/stack.js';
import { CAST, COORDINATOR_CHANNEL } from '../../demo/cast.js';
import type { StoredMessage } from '../../emulator/index.js';
import { exportPersonData } from '../../src/services/membership.js';
import { runJob } from '../../src/jobs/runner.js';
import { drainOutbox } from '../../src/outbox/outbox.js';
import { PERSONAL_DATA_COVERAGE } from '../../src/repos/personalData.js';
import { CHECK_IN_ACTIONS } from '../../src/views/checkInMessages.js';
import { SCHEDULE_WITH_PREFIX, SLOT_PICK_ACTION_PREFIX } from '../../src/views/sessionMessages.js';
import { RATE_ACTION, RATING_BLOCKS, RATING_CALLBACK } from '../../src/views/ratingMessages.js';
import { CIRCLE_ATTENDANCE_ACTIONS, CIRCLE_RATING_BLOCKS, CIRCLE_RATING_CALLBACK } from '../../src/views/circleFeedbackMessages.js';
import { programForm, SAMPLE_PROGRAM } from '../../demo/forms.js';
import { rowsMentioning, snapshot } from '../support/db.js';
import { rawSql } from '../support/rawSql.js';
import { join, MENTEE, MENTOR } from '../support/program.js';
import { at, DAY, HOUR, job } from '../support/virtualTime.js';

/*
 * Issue 9, "Privacy that holds": a person with a rich history, built through
 * the real flows behind the emulator, exports everything and then deletes it.
 * Afterwards nothing of theirs is left: not in any row, not in the bytes of
 * the SQLite file or its WAL, and not in Slack (their DM emptied, every other
 * message about them redrawn without them, every file naming them deleted),
 * even when Slack fails in the middle of it.
 */

const DEV = CAST.dev.id;
const CHLOE = CAST.chloe.id;
const BRUNO = CAST.bruno.id;
const AIKO = CAST.aiko.id;
const EMMA = CAST.emma.id;
const GRACE = CAST.grace.id;
/** A roster-only person (never joined, not in Slack's cast) whose manager is Dev. */
const REPORT = 'U0REPORT01';

/** Dev's own words: each is distinctive, so finding it anywhere means it survived. */
const WORDS = {
  goalAim: 'Run the Marigold ledger migration without downtime',
  goalMeasure: 'Marigold cutover finishes inside four minutes',
  declineNote: 'Saffron launch week eats my calendar, ask me in spring',
  helpNote: 'Tamarind on-call rota keeps clashing with our sessions',
  ratingComment: 'Juniper whiteboard walkthrough was pure gold',
  cohortGoal: 'Chair the Quince steering meeting without notes',
  circleComment: 'Persimmon circle retro felt honest and kind',
  heritage: 'Marmalade-coast islander heritage',
  selfDescription: 'Left-handed cellist who grew up on ferries',
} as const;
/** Everything that identifies Dev or that Dev wrote. */
const TRACES = [DEV, CAST.dev.realName, CAST.dev.email, ...Object.values(WORDS)];

// Monday 30 November 2026, 08:00 UTC: working hours in Paris and Berlin (09:00), Kolkata (13:30) and Tokyo (17:00).
const T0 = new Date('2026-11-30T08:00:00Z');
let now = T0;
let stack: LocalStack;

const sql = () => rawSql(stack.database);
/** The SQLite file's bytes are what some checks read; on PostgreSQL the server keeps its own files. */
const onPostgres = Boolean(process.env.TEST_DATABASE_URL);
const client = () => stack.mentoring.app.client;
const user = (id: string) => stack.emulator.user(id);
const ws = () => stack.emulator.workspace;
const dmOf = (id: string) => ws().imFor(id).id;

async function tickAt(when: Date, ...names: string[]): Promise<void> {
  now = when;
  for (const name of names) await runJob(job(name), stack.deps, client(), now);
  await stack.settle();
}

async function act(step: () => Promise<unknown>): Promise<void> {
  await step();
  await stack.settle();
}

/** The outbox's own drain, without real-time pacing between messages (the drain sleeps through a recorder). */
const drain = (when: Date) =>
  drainOutbox({ db: stack.deps.db, client: client(), logger: stack.logger, coordinators: stack.config.coordinatorUserIds, coordinatorChannelId: stack.config.coordinatorChannelId, sleep: async () => {} }, when);

const matchBetween = async (mentorId: string, menteeId: string) =>
  (await sql().get<{ id: number }>("select id from matches where mentor_id = ? and mentee_id = ? and status = 'active'", mentorId, menteeId))?.id;

/** What Slack holds, as text a person could read or a search could find. */
const visibleText = (m: StoredMessage) => JSON.stringify({ text: m.text, blocks: m.blocks ?? [], files: (m.files ?? []).map((f) => ({ name: f.name, title: f.title, content: f.content.toString('utf8') })) });
const tracesIn = (text: string) => TRACES.filter((t) => text.includes(t));

/** Raw bytes of the database file and its WAL. */
function bytesOnDisk(): { file: string; bytes: Buffer }[] {
  const path = stack.config.databasePath;
  return [path, `${path}-wal`].filter((p) => existsSync(p)).map((file) => ({ file, bytes: readFileSync(file) }));
}
const tracesOnDisk = () => bytesOnDisk().flatMap(({ file, bytes }) => TRACES.filter((t) => bytes.includes(Buffer.from(t, 'utf8'))).map((t) => `${file.endsWith('-wal') ? 'WAL' : 'database'}: ${t}`));

/** Each trace of Dev still in some row, with the rows it is in. */
async function tracesInRows(): Promise<Record<string, Record<string, unknown[]>>> {
  const found: Record<string, Record<string, unknown[]>> = {};
  for (const t of TRACES) {
    const hits = await rowsMentioning(stack, t);
    if (Object.keys(hits).length > 0) found[t] = hits;
  }
  return found;
}

/**
 * Dev's history, all through the real flows: they join with distinctive goals,
 * decline Aiko's request with a note, accept Bruno, are accepted by Chloé,
 * book and rate a session, ask the coordinators for help at a check-in, have
 * a second session ahead, offer times to a paused Bruno (still queued), appear
 * in a round preview, manage someone on the roster and export their data.
 */
async function buildHistory(): Promise<void> {
  now = T0;
  stack = await startLocalStack({ clock: () => now });
  await join(stack, CHLOE, { ...MENTOR, timeZone: 'Europe/Paris', department: 'Engineering', level: '7', skillsOffered: ['system-design', 'public-speaking'], capacityMentees: '2' });
  await join(stack, DEV, {
    roles: ['mentor', 'mentee'],
    skillsOffered: ['negotiation', 'coaching'],
    skillsWanted: ['system-design'],
    goal1Aim: WORDS.goalAim,
    goal1Measure: WORDS.goalMeasure,
    timeZone: 'Asia/Kolkata',
    department: 'Support',
    level: '5',
    capacityMentees: '2',
  });
  await join(stack, AIKO, { ...MENTEE, timeZone: 'Asia/Tokyo', department: 'Product', level: '2', skillsWanted: ['negotiation'] });
  await join(stack, BRUNO, { ...MENTEE, timeZone: 'Europe/Berlin', department: 'Platform', level: '2', skillsWanted: ['negotiation', 'coaching'] });
  await join(stack, EMMA, { ...MENTEE, timeZone: 'Europe/Paris', department: 'Sales', level: '3', skillsWanted: ['negotiation'] });

  // Aiko asks Dev, who declines with a note: Aiko is told, note quoted.
  await act(() => user(AIKO).slash('/mentor match'));
  await act(() => user(AIKO).click(`request:${DEV}`));
  await act(() => user(DEV).click('request_decline'));
  await act(() => user(DEV).submit({ note: { note: WORDS.declineNote } }));
  // Bruno asks Dev, who accepts: an intro in their group DM.
  await act(() => user(BRUNO).slash('/mentor match'));
  await act(() => user(BRUNO).click(`request:${DEV}`));
  await act(() => user(DEV).click('request_accept'));
  // Dev asks Chloé (the request quotes Dev's goals); she accepts (so does the intro).
  await act(() => user(DEV).slash('/mentor match'));
  await act(() => user(DEV).click(`request:${CHLOE}`));
  await act(() => user(CHLOE).click('request_accept'));
  const devBruno = await matchBetween(DEV, BRUNO);
  const chloeDev = await matchBetween(CHLOE, DEV);
  if (!devBruno || !chloeDev) throw new Error('the pairs did not form');

  // Chloé offers times, Dev picks one: confirmations and calendar files (names and emails) for both.
  await act(() => user(CHLOE).slash('/mentor schedule'));
  await act(() => user(DEV).click(`${SLOT_PICK_ACTION_PREFIX}0`));
  const first = (await sql().get<{ id: number; ends_at: number }>("select id, ends_at from sessions where status = 'booked'"))!;
  // Once it has ended it is held, and both are asked to rate it (inside their hours); Dev rates with a comment.
  await tickAt(new Date(first.ends_at), 'rating-prompts');
  for (let hour = 1; hour <= 72 && !user(DEV).messages().some((m) => JSON.stringify(m.blocks ?? []).includes(RATE_ACTION)); hour += 1) await tickAt(at(new Date(first.ends_at), hour * HOUR), 'outbox');
  await act(() => user(DEV).click(RATE_ACTION));
  if (user(DEV).modal()?.view.callback_id !== RATING_CALLBACK) throw new Error('no rating form');
  await act(() =>
    user(DEV).submit({
      [RATING_BLOCKS.happened]: { [RATING_BLOCKS.happened]: 'yes' },
      [RATING_BLOCKS.usefulness]: { [RATING_BLOCKS.usefulness]: '5' },
      [RATING_BLOCKS.clarity]: { [RATING_BLOCKS.clarity]: '4' },
      [RATING_BLOCKS.applicability]: { [RATING_BLOCKS.applicability]: '4' },
      [RATING_BLOCKS.comment]: { [RATING_BLOCKS.comment]: WORDS.ratingComment },
    }),
  );

  // Two weeks in: mentor check-ins. Dev asks for help with a note; the coordinators get it quoted.
  await tickAt(at(T0, 14 * DAY), 'check-ins');
  await act(() => user(DEV).click(CHECK_IN_ACTIONS.needHelp));
  await act(() => user(DEV).submit({ note: { note: WORDS.helpNote } }));
  // Dev sits in a peer circle of the program, proposed for it by a formation (both made with SQL: circles are formed
  // elsewhere), and hosts its first session; once it has ended Dev says they were there and rates it with a comment.
  const formation = (
    await sql().run(
      "insert into circle_formations (program_id, created_by, status, proposal, created_at, decided_by, decided_at) values (1, ?, 'published', ?, ?, ?, ?) returning id",
      GRACE,
      JSON.stringify({ circles: [{ topic: 'leadership', weekday: 1, minuteOfDay: 600, facilitatorId: null, members: [{ id: DEV, fit: 0.8, reasons: ['wants leadership'] }, { id: EMMA, fit: 0.7, reasons: [] }] }], unplaced: [{ id: AIKO, reason: 'no_slot' }] }),
      now.getTime(),
      GRACE,
      now.getTime(),
    )
  ).lastId;
  const circle = (
    await sql().run(
      `insert into circles (program_id, topic, style, size_min, size_max, cadence, session_minutes, slot_weekday, slot_minute, zone, starts_on, channel_name, formation_id, created_by, created_at)
       values (1, 'leadership', 'peer', 3, 6, 'weekly', 60, 1, 420, 'UTC', '2026-12-14', 'circle-mentoring-leadership', ?, ?, ?) returning id`,
      formation,
      GRACE,
      now.getTime(),
    )
  ).lastId;
  for (const person of [DEV, EMMA]) await sql().run("insert into circle_members (circle_id, person_id, status, reasons, asked_at, joined_at) values (?, ?, 'member', '[\"wants leadership\"]', ?, ?)", circle, person, at(now, -DAY).getTime(), at(now, -DAY).getTime());
  // …and holds its calendar file, as the circles job records it.
  await sql().run("insert into circle_calendars (circle_id, person_id, rhythm, sequence, covers_until, sent_at) values (?, ?, '0:2026-12-14:1:420', 0, ?, ?)", circle, DEV, at(now, 365 * DAY).getTime(), now.getTime());
  await sql().run("insert into circle_sessions (circle_id, seq, starts_at, ends_at, host_id, status) values (?, 0, ?, ?, ?, 'planned')", circle, at(now, -2 * HOUR).getTime(), at(now, -HOUR).getTime(), DEV);
  await tickAt(now, 'circle-feedback');
  await act(() => user(DEV).click(CIRCLE_ATTENDANCE_ACTIONS.attended));
  if (user(DEV).modal()?.view.callback_id !== CIRCLE_RATING_CALLBACK) throw new Error('no circle rating form');
  await act(() =>
    user(DEV).submit({
      [CIRCLE_RATING_BLOCKS.usefulness]: { [CIRCLE_RATING_BLOCKS.usefulness]: '5' },
      [CIRCLE_RATING_BLOCKS.clarity]: { [CIRCLE_RATING_BLOCKS.clarity]: '4' },
      [CIRCLE_RATING_BLOCKS.applicability]: { [CIRCLE_RATING_BLOCKS.applicability]: '5' },
      [CIRCLE_RATING_BLOCKS.comment]: { [CIRCLE_RATING_BLOCKS.comment]: WORDS.circleComment },
    }),
  );
  // A second session, still ahead when Dev deletes their data (booked as picking a time leaves it; the flow is exercised above).
  await sql().run("insert into sessions (match_id, starts_at, ends_at, status) values (?, ?, ?, 'booked')", chloeDev, at(now, 3 * DAY).getTime(), at(now, 3 * DAY + 45 * 60_000).getTime());
  // Dev's pair with Bruno had paused for a fortnight once (made with SQL: the pause flow is exercised elsewhere).
  await sql().run('insert into match_pauses (match_id, paused_at, ended_at) values (?, ?, ?)', devBruno, at(now, -20 * DAY).getTime(), at(now, -6 * DAY).getTime());
  // Dev took a break of their own once, and came back.
  await act(() => user(DEV).slash('/mentor pause 2'));
  await act(() => user(DEV).slash('/mentor resume'));
  // Bruno pauses; Dev offers him times, which wait in the outbox for his return.
  await act(() => user(BRUNO).slash('/mentor pause'));
  await act(() => user(DEV).slash('/mentor schedule'));
  await act(() => user(DEV).click(`${SCHEDULE_WITH_PREFIX}${devBruno}`));
  // Grace previews a round (not published) with Dev in the pool.
  await act(() => user(GRACE).slash('/mentor round'));
  // On the roster, Dev manages someone.
  await sql().run('insert into people (id, department, level, manager_id, roster_imported_at) values (?, ?, ?, ?, ?)', REPORT, 'Support', 2, DEV, now.getTime());
  // Chloé's and Bruno's Home tabs list Dev.
  await act(() => user(CHLOE).openHome());
  await act(() => user(BRUNO).openHome());
  // Grace starts a cohort with Dev among its coordinators; Dev joins it too and rates a starting point on its tracks.
  await act(() => user(GRACE).slash('/mentor program new'));
  const created = await user(GRACE).submit(
    programForm({ ...SAMPLE_PROGRAM, name: 'Winter cohort', tracks: ['leadership', 'communication'], startsOn: '2027-01-04', endsOn: '2027-03-29', coordinators: [DEV, GRACE], channel: COORDINATOR_CHANNEL.id, demographics: ['ethnicity', 'in_own_words'] }),
  );
  if (created.errors) throw new Error(`the cohort was refused: ${JSON.stringify(created.errors)}`);
  await stack.settle();
  const cohort = (await sql().get<{ id: number }>("select id from programs where name = 'Winter cohort'"))!;
  await act(() => user(DEV).slash('/mentor programs'));
  await act(() => user(DEV).click(`program_join:${cohort.id}`, { value: String(cohort.id) }));
  const joined = await user(DEV).submit({ roles: { roles: ['mentee'] }, goal1Aim: { goal1Aim: WORDS.cohortGoal }, goal1Measure: { goal1Measure: 'My team says so' }, goal1Due: { goal1Due: '2027-03-01' } });
  if (joined.errors) throw new Error(`joining was refused: ${JSON.stringify(joined.errors)}`);
  await stack.settle();
  await act(() => user(DEV).click('cohort_self_rate'));
  await act(() => user(DEV).submit({ 'track:leadership': { 'track:leadership': '2' }, 'track:communication': { 'track:communication': '4' } }));
  // The cohort asks for self-described demographics: Dev answers, with the separate consent.
  await act(() => user(DEV).slash('/mentor about-me'));
  const described = await user(DEV).submit({ ethnicity: { ethnicity: WORDS.heritage }, in_own_words: { in_own_words: WORDS.selfDescription }, consent: { consent: ['yes'] } });
  if (described.errors) throw new Error(`the self-description was refused: ${JSON.stringify(described.errors)}`);
  await stack.settle();
  // From their profile, Dev privately asks never to be matched with Aiko; Grace keeps Dev and Emma apart, with a reason.
  await act(() => user(DEV).slash('/mentor profile'));
  await act(() => user(DEV).click('exclusions_edit'));
  await act(() => user(DEV).submit({ not_with: { not_with: [AIKO] } }));
  await act(() => user(GRACE).slash('/mentor exclude'));
  await act(() => user(GRACE).submit({ first: { first: DEV }, second: { second: EMMA }, reason: { reason: 'A known conflict on the Support rota' } }));
  // Dev asks for their data: a file in their DM.
  await act(() => user(DEV).slash('/mentor export-my-data'));
}

describe('Dev, with a rich history', () => {
  beforeAll(buildHistory, 20_000);
  afterAll(() => stack?.stop());

  describe('the history is what the tests below rely on', () => {
    it('has Dev everywhere: in Slack and in the queue', async () => {
      const elsewhere = ws().messages.filter((m) => !m.visibleTo && m.user === undefined && m.channel !== dmOf(DEV));
      const about = (fragment: string) => elsewhere.filter((m) => visibleText(m).includes(fragment));
      expect(about(WORDS.declineNote).map((m) => m.channel)).toEqual([dmOf(AIKO)]);
      expect(about(WORDS.helpNote).map((m) => m.channel)).toEqual([dmOf(GRACE)]);
      // The intro with Chloé quotes Dev's goals (her copy of the request now says she accepted).
      expect(about(WORDS.goalAim).length).toBeGreaterThanOrEqual(1);
      expect(about(DEV).some((m) => m.channel === COORDINATOR_CHANNEL.id)).toBe(true);
      // The calendar files of the first session (to Chloé and to Dev) and the export carry Dev's email.
      expect([...ws().files.values()].filter((f) => f.content.toString('utf8').includes(CAST.dev.email)).map((f) => f.name).sort()).toEqual(['mentoring-session.ics', 'mentoring-session.ics', 'my-mentoring-data.json']);
      expect(user(DEV).messages().some((m) => m.files?.some((f) => f.name === 'my-mentoring-data.json'))).toBe(true);
      // Still queued for Bruno, who is paused: Dev's offer of times.
      expect(await sql().get("select count(*) as n from outbox where status = 'pending' and recipient = ? and idempotency_key like 'proposal:%'", BRUNO)).toEqual({ n: 1 });
      expect(await sql().get("select count(*) as n from sessions where status = 'booked' and starts_at > ?", now.getTime())).toEqual({ n: 1 });
    });
  });

  describe('export-my-data is complete', () => {
    /** The schema's tables (the snapshot has every one, and only ours: not the engine's, nor the migrations ledger). */
    const tables = async () => Object.keys(await snapshot(stack));

    it('accounts for every table in the schema, and names only real tables and real export sections', async () => {
      const coverage = PERSONAL_DATA_COVERAGE as Record<string, { export?: readonly string[]; notPersonal?: string }>;
      const schema = await tables();
      const unaccounted = schema.filter((t) => !(t in coverage) || (!coverage[t]?.export?.length && !coverage[t]?.notPersonal));
      expect(unaccounted, 'tables neither exported nor declared not personal in PERSONAL_DATA_COVERAGE').toEqual([]);
      expect(Object.keys(coverage).filter((t) => !schema.includes(t)), 'coverage entries for tables that do not exist').toEqual([]);
      const sections = Object.keys(await exportPersonData(stack.deps, DEV) ?? {});
      const named = Object.values(coverage).flatMap((c) => c.export ?? []);
      expect(named.filter((s) => !sections.includes(s)), 'export sections the coverage names but the export lacks').toEqual([]);
    });

    /** How a row shows in the export: by its id, or, for tables without one, by what identifies it there. */
    async function identify(table: string, row: Record<string, unknown>): Promise<string[]> {
      switch (table) {
        case 'people':
          return [JSON.stringify(row.id)];
        case 'profiles':
        case 'self_descriptions':
          return [`"personId":${JSON.stringify(row.person_id)}`];
        case 'person_skills': {
          const skill = (await sql().get<{ name: string; cluster: string }>('select name, cluster from skills where id = ?', row.skill_id))!;
          return [JSON.stringify({ skill: skill.name, cluster: skill.cluster, direction: row.direction })];
        }
        case 'match_rounds':
          return [`"roundId":${String(row.id)}`];
        case 'outbox_subjects':
          return [`"id":${String(row.outbox_id)}`];
        case 'self_ratings':
          return [JSON.stringify({ programId: (await sql().get<{ program_id: number }>('select program_id from enrollments where id = ?', row.enrollment_id))!.program_id, track: row.track, phase: row.phase, level: row.level }).slice(0, -1)];
        case 'programs':
          return [`"programId":${String(row.id)}`];
        case 'program_coordinators':
          return [`"programId":${String(row.program_id)}`];
        case 'circle_formations':
          return [`"formationId":${String(row.id)}`];
        default:
          return [`"id":${String(row.id)}`];
      }
    }
    /** The export's own file was queued after the export was taken. */
    const ownExportIds = async () => (await sql().all<{ id: number }>("select id from outbox where idempotency_key like 'export:' || ? || ':%'", DEV)).map((r) => r.id);

    it('the file Dev received holds every row about them, from every covered table', async () => {
      const file = user(DEV)
        .messages()
        .flatMap((m) => m.files ?? [])
        .find((f) => f.name === 'my-mentoring-data.json');
      const data = JSON.parse(file?.content.toString('utf8') ?? '{}') as Record<string, unknown>;
      const coverage = PERSONAL_DATA_COVERAGE as Record<string, { export?: readonly string[] }>;
      const matchIds = (await sql().all<{ id: number }>('select id from matches where mentor_id = ? or mentee_id = ?', DEV, DEV)).map((r) => r.id);
      const inList = (column: string, ids: number[]) => (ids.length ? `${column} in (${ids.join(',')})` : '1 = 0');
      const ownExport = await ownExportIds();
      const isOwnExport = (table: string, row: Record<string, unknown>) => (table === 'outbox' && ownExport.includes(row.id as number)) || (table === 'outbox_subjects' && ownExport.includes(row.outbox_id as number));
      // Rows about Dev that carry no trace of them themselves, found through their matches.
      const linked: Record<string, string> = {
        sessions: inList('match_id', matchIds),
        session_proposals: inList('match_id', matchIds),
        match_pauses: inList('match_id', matchIds),
        self_ratings: `enrollment_id in (select id from enrollments where person_id = '${DEV}')`,
        programs: `id in (select program_id from program_coordinators where person_id = '${DEV}') or created_by = '${DEV}'`,
        circles: `id in (select circle_id from circle_members where person_id = '${DEV}') or facilitator_id = '${DEV}' or created_by = '${DEV}'`,
        circle_sessions: `circle_id in (select circle_id from circle_members where person_id = '${DEV}') or host_id = '${DEV}'`,
      };
      const missing: string[] = [];
      const seeded: Record<string, number> = {};
      for (const table of await tables()) {
        const sections = coverage[table]?.export;
        if (!sections) continue;
        const all = await sql().all(`select * from "${table}"`);
        // The same row read twice is the same text, column for column.
        const linkedRows = linked[table] ? new Set((await sql().all(`select * from "${table}" where ${linked[table]}`)).map((r) => JSON.stringify(r))) : new Set<string>();
        const about = all.filter((row) => linkedRows.has(JSON.stringify(row)) || tracesIn(JSON.stringify(row)).length > 0);
        seeded[table] = about.length;
        const exported = JSON.stringify(sections.map((s) => data[s]));
        for (const row of about) {
          if (isOwnExport(table, row)) continue;
          if (!(await identify(table, row)).every((k) => exported.includes(k))) missing.push(`${table} ${JSON.stringify(row).slice(0, 200)}`);
        }
      }
      // Every covered table really holds something about Dev, so each was checked.
      expect(Object.entries(seeded).filter(([, n]) => n === 0).map(([t]) => t), 'covered tables with nothing about Dev to check').toEqual([]);
      expect(missing, 'rows about Dev missing from their export').toEqual([]);
    });
  });

  describe('delete-my-data leaves no trace', () => {
    /** Dev's traces in the bytes of the SQLite file and its WAL, read before the deletion, once it is done and once the take-backs are; the test after this one checks them. */
    const onDisk: { before?: string[]; deleted?: string[]; takenBack?: string[] } = {};

    it('in the database and in Slack, through an outage', async () => {
      const namingFiles = [...ws().files.values()].filter((f) => tracesIn(f.content.toString('utf8')).length > 0).map((f) => f.id);
      onDisk.before = tracesOnDisk();
      const takeBacks = ['chat.delete', 'chat.update', 'files.delete'] as const;
      const callsBefore = Object.fromEntries(takeBacks.map((m) => [m, stack.emulator.callsTo(m).length]));
      // Slack has an outage as the deletion runs: its first five take-back calls (chat.delete among them) answer 503.
      let failures = 5;
      const outage = () => (failures-- > 0 ? { status: 503 as const } : undefined);
      for (const method of takeBacks) stack.emulator.setFaultPolicy(method, outage);

      now = at(now, HOUR);
      await act(() => user(DEV).slash('/mentor delete-my-data'));
      await act(() => user(DEV).click('delete_confirm'));
      expect(user(DEV).lastMessage()?.text).toContain('Your mentoring data is deleted');

      // The database part is done at once: no row anywhere has any trace of Dev.
      expect(await tracesInRows()).toEqual({});
      expect(await sql().get('select manager_id from people where id = ?', REPORT)).toEqual({ manager_id: null });
      onDisk.deleted = tracesOnDisk();

      // Slack failed, so some take-backs wait: Dev's DM still shows messages for now.
      const failed = () => takeBacks.flatMap((m) => stack.emulator.callsTo(m).slice(callsBefore[m]).filter((c) => c.status === 503));
      expect(failed().length).toBeGreaterThan(0);
      /** Take-backs in the outbox in one of these states (the kind is read from the payload's JSON, which each engine stores its own way). */
      const takeBacksIn = async (...statuses: string[]) =>
        (await sql().all<{ key: string; error: string | null; payload: string }>(`select idempotency_key as key, last_error as error, payload from outbox where status in (${statuses.map(() => '?').join(', ')}) order by id`, ...statuses))
          .filter((row) => ['delete', 'redact', 'file_delete'].includes(String((JSON.parse(row.payload) as { kind?: unknown }).kind)))
          .map(({ key, error }) => ({ key, error }));
      const pendingTakeBacks = async () => ({ n: (await takeBacksIn('pending', 'sending')).length });
      expect((await pendingTakeBacks()).n).toBeGreaterThan(0);

      // Later drains, as the outbox job would run them, finish the work.
      for (let i = 1; i <= 12 && (await pendingTakeBacks()).n > 0; i += 1) await drain(at(now, i * HOUR));
      expect(await pendingTakeBacks()).toEqual({ n: 0 });
      expect(failed()).toHaveLength(5);
      for (const method of takeBacks) stack.emulator.setFaultPolicy(method, undefined);
      expect(await takeBacksIn('failed')).toEqual([]);

      // In Slack: every message the bot posted in Dev's DM is gone.
      const devDm = ws().messages.filter((m) => m.channel === dmOf(DEV) && !m.visibleTo && m.user === undefined);
      expect(devDm.length).toBeGreaterThan(5);
      expect(devDm.filter((m) => !m.deleted && !m.files).map((m) => m.text)).toEqual([]);
      // A file's share message cannot be deleted by ts (Slack does not return one for an upload), but its file is gone and it names nothing.
      expect(devDm.filter((m) => !m.deleted && m.files).map((m) => ({ files: m.files?.length, traces: tracesIn(visibleText(m)) }))).toEqual(
        devDm.filter((m) => !m.deleted && m.files).map(() => ({ files: 0, traces: [] })),
      );
      // Everywhere else, nothing the bot posted names or quotes Dev. (Ephemeral replies, such as Aiko's "Request sent
      // to <@Dev>", are not kept by Slack and cannot be deleted through the Web API, so they are not counted.)
      const elsewhere = ws()
        .messages.filter((m) => m.channel !== dmOf(DEV) && !m.deleted && !m.visibleTo && m.user === undefined)
        .map((m) => ({ channel: m.channel, traces: tracesIn(visibleText(m)), text: m.text }))
        .filter((m) => m.traces.length > 0);
      expect(elsewhere).toEqual([]);
      // No file Slack still holds carries Dev's name, email or words.
      const files = [...ws().files.values()].filter((f) => tracesIn(f.content.toString('utf8')).length > 0).map((f) => f.name);
      expect(files).toEqual([]);
      expect(namingFiles.filter((id) => !ws().deletedFiles.has(id))).toEqual([]);
      // Nor do other people's Home tabs.
      const homes = [...ws().homes.values()].filter((h) => h.userId !== DEV && tracesIn(JSON.stringify(h.view)).length > 0).map((h) => h.userId);
      expect(homes).toEqual([]);
      // The round preview is still there, re-drawn without Dev and still publishable.
      const preview = stack.emulator.channelMessages(COORDINATOR_CHANNEL.id).find((m) => m.text.startsWith('Matching round'));
      expect(JSON.stringify(preview?.blocks)).toContain('round_publish');

      // What was queued for others about Dev never arrives: Bruno comes back and hears only that the mentorship ended.
      await act(() => user(BRUNO).slash('/mentor resume'));
      await drain(at(now, 13 * HOUR));
      const bruno = user(BRUNO).messages().filter((m) => !m.visibleTo).map(visibleText).join('\n');
      expect(tracesIn(bruno)).toEqual([]);
      expect(user(BRUNO).messages().some((m) => m.text.includes('One of your mentorships has ended'))).toBe(true);

      // Once the take-backs are done, not even Dev's DM's ID is left in the queue.
      expect(await rowsMentioning(stack, DEV.slice(1))).toEqual({});
      onDisk.takenBack = tracesOnDisk();
      expect(Object.fromEntries(takeBacks.map((m) => [m, stack.emulator.callsTo(m).length - (callsBefore[m] ?? 0) > 0]))).toEqual({ 'chat.delete': true, 'chat.update': true, 'files.delete': true });
    });

    it.skipIf(onPostgres)('nor in the bytes of the SQLite file or its WAL, at once and after the take-backs (SQLite only: a PostgreSQL server keeps its files to itself)', () => {
      // Not vacuous: before the deletion, every one of Dev's strings could be found in the raw bytes.
      expect(onDisk.before).toBeDefined();
      expect(TRACES.filter((t) => !onDisk.before?.some((hit) => hit.endsWith(`: ${t}`)))).toEqual([]);
      expect(onDisk.deleted).toEqual([]);
      expect(onDisk.takenBack).toEqual([]);
    });
  });
});

describe('delete-my-data by someone who also coordinates', () => {
  beforeEach(async () => {
    now = T0;
    stack = await startLocalStack({ clock: () => now, env: { COORDINATOR_USER_IDS: `${GRACE},${DEV}` } });
  });
  afterEach(() => stack?.stop());

  const channel = () => stack.emulator.channelMessages(COORDINATOR_CHANNEL.id);

  /**
   * Dev, on the roster and a coordinator, publishes one round and cancels the
   * next, then deletes their data. `meanwhile` runs just before they confirm
   * and returns what to do once the take-backs are out.
   */
  async function decideRoundsThenErase(meanwhile: () => () => void = () => () => undefined): Promise<void> {
    // Dev is on the roster (that is data held about them) and coordinates; no need to join for that.
    await sql().run('insert into people (id, email, display_name, department, roster_imported_at) values (?, ?, ?, ?, ?)', DEV, CAST.dev.email, CAST.dev.realName, 'Support', now.getTime());
    ws().channels.get(COORDINATOR_CHANNEL.id)?.members.push(DEV);
    // Dev publishes one round and cancels the next (Grace's round preview is the test above).
    await act(() => user(DEV).slash('/mentor round'));
    await act(() => user(DEV).click('round_publish'));
    now = at(now, HOUR);
    await act(() => user(DEV).slash('/mentor round'));
    await act(() => user(DEV).click('round_cancel'));
    expect(channel().map((m) => m.text)).toEqual([`Published by <@${DEV}>: 0 intros sent, 0 people told why they are waiting.`, `Cancelled by <@${DEV}>. Nothing was sent.`]);

    now = at(now, HOUR);
    await act(() => user(DEV).slash('/mentor delete-my-data'));
    const done = meanwhile();
    try {
      await act(() => user(DEV).click('delete_confirm'));
      await drain(at(now, HOUR));
    } finally {
      done();
    }

    expect(await tracesInRows()).toEqual({});
    expect(channel().map((m) => ({ text: m.text, traces: tracesIn(visibleText(m)) })).filter((m) => m.traces.length > 0)).toEqual([]);
    expect(channel()).toHaveLength(2);
  }

  it('leaves no decided round in the coordinators’ channel saying who decided it', () => decideRoundsThenErase());

  it.skipIf(onPostgres)('nor old pages of the SQLite file on disk that a reader held as the deletion ran (SQLite only: a reader of the file, its WAL and pragmas)', async () => {
    await decideRoundsThenErase(() => {
      // Meanwhile another process (`npm run job -- outbox --status`, a backup) reads an older snapshot, and finishes while the take-backs go out (the first call to Slack).
      const reader = new Database(stack.config.databasePath, { readonly: true });
      reader.exec('begin');
      reader.prepare('select count(*) from people').get();
      stack.emulator.once('call', () => reader.exec('commit'));
      stack.database.sqlite.pragma('busy_timeout = 20');
      return () => {
        reader.close();
        stack.database.sqlite.pragma('busy_timeout = 5000');
      };
    });
    // The reader kept the old pages on disk at first; once it was done they went too.
    expect(tracesOnDisk()).toEqual([]);
  });

  it('leaves no trace of a coordinator in the applications they decided', async () => {
    // Reproduced on main: enrollments.decided_by kept Dev's ID after "delete my data", and a stale
    // Approve on that application would have named them.
    await sql().run('insert into people (id, email, display_name, roster_imported_at) values (?, ?, ?, ?)', DEV, CAST.dev.email, CAST.dev.realName, now.getTime());
    await sql().run('insert into people (id, display_name) values (?, ?)', BRUNO, CAST.bruno.realName);
    await sql().run("insert into enrollments (program_id, person_id, status, roles, applied_at, decided_at, decided_by, decision_note) values (1, ?, 'active', '[\"mentee\"]', ?, ?, ?, 'Welcome')", BRUNO, now.getTime(), now.getTime(), DEV);
    await act(() => user(DEV).slash('/mentor delete-my-data'));
    await act(() => user(DEV).click('delete_confirm'));
    await drain(at(now, HOUR));
    expect(await rowsMentioning(stack, DEV)).toEqual({});
    expect(await sql().get('select decided_at is not null as decided, decided_by as by from enrollments where person_id = ? and program_id = 1', BRUNO)).toEqual({ decided: 1, by: null });
  });
});
