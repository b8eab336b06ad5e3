import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import { formatInTimeZone } from 'date-fns-tz';
import { validateBlocks } from '../emulator/index.js';
import { type OpenDatabase, openDatabase } from '../src/db/client.js';
import { computeDigest, type Digest, type DigestInput } from '../src/domain/digest.js';
import { previousWeek } from '../src/domain/digestWeek.js';
import type { AssignmentInput } from '../src/domain/matching/assignment.js';
import { solveAssignment } from '../src/domain/matching/assignment.js';
import { DEFAULT_WEIGHTS, type Participant } from '../src/domain/matching/participant.js';
import { receivingKinds } from '../src/domain/matching/pool.js';
import { proposeRound, type RoundProposal } from '../src/domain/matching/round.js';
import type { PairKind } from '../src/domain/mentorship.js';
import { programSettings, type ProgramSettings, type WorkspaceDefaults } from '../src/domain/programs.js';
import type { Role } from '../src/domain/intake.js';
import { type DigestScope, loadDigestInputs } from '../src/repos/digestData.js';
import { loadMatchingPool } from '../src/repos/matchingPool.js';
import { syncSkills } from '../src/repos/profiles.js';
import { allPrograms } from '../src/repos/programs.js';
import { loadTaxonomy } from '../src/taxonomy/loadTaxonomy.js';
import { buildDigest, type DigestMessage } from '../src/views/digestMessage.js';
import { prng, syntheticOrg } from './syntheticOrg.js';

/*
 * npm run bench:programs — fifty programs over one organisation of 10,000
 * people, in a real SQLite file (migrations applied, the shipped taxonomy
 * synchronised), with months of matches, sessions, ratings and check-ins in
 * every program. Measures what the Monday job and a coordinator's round do
 * against it:
 *
 *   1. every program's digest: loadDigestInputs for all fifty scopes in one
 *      call, computeDigest and buildDigest for each (target: under 2 s in
 *      all), beside loading one program at a time;
 *   2. a round in a program of 2,000 mentees and 500 mentors:
 *      loadMatchingPool for its scope and proposeRound with the exact solver
 *      (target: under 1 s);
 *   3. peak RSS and heap.
 *
 * Seeded, so every run builds the same organisation. Timings are best of 3;
 * the targets are informational and the exit code is 0 either way.
 *
 *   node --import tsx bench/programs.ts [seed] [--quick]
 */

const args = process.argv.slice(2);
const SEED = Number(args.find((a) => !a.startsWith('--')) ?? 2026);
/** --quick skips the one-program-at-a-time comparison (for profiling). */
const QUICK = args.includes('--quick');
const PEOPLE = 10_000;
const GIVERS = 2_500;
const PROGRAMS = 50;
/** The round program: 2,000 mentees waiting for a mentor and 500 mentors with room, plus mentees already paired there. */
const ROUND_PROGRAM = 2;
const ROUND_RECEIVERS = 2_000;
const ROUND_GIVERS = 500;
const ROUND_BUSY = 400;
const RUNS = 3;
const DIGEST_TARGET_MS = 2_000;
const ROUND_TARGET_MS = 1_000;
const MIN_RATERS = 3;
const COOLDOWN_MONTHS = 6;
/** Monday 09:00 UTC: when the digests go out. */
const NOW = new Date('2026-11-30T09:00:00Z');
const DAY = 86_400_000;
const WEEK = 7 * DAY;
const DEFAULTS: WorkspaceDefaults = { coordinatorChannelId: 'C0COORD', digestTimeZone: 'UTC', checkInEveryDays: 14, goalCheckInEveryDays: 30 };

const TOPICS = [
  'Women in Engineering', 'New Managers', 'Data Guild', 'Security Champions', 'Product Craft', 'Design Critique', 'Sales Academy', 'Graduate Programme',
  'Leadership Circle', 'Platform Guild', 'Frontend Guild', 'Career Returners', 'Finance Partners', 'Support Leads', 'Staff+ Engineers', 'Accessibility',
  'Marketing Bootcamp', 'People Partners', 'Operations Excellence', 'Early Careers', 'ML Reading Group', 'Public Speaking', 'Writing Well', 'Open Source',
];
const COMMENTS = ['Very helpful, thank you', 'We ran out of time', 'Great practical advice', 'Would like more structure', 'Clear next steps', 'Good to talk it through', 'Came away with a plan'];
const MEASURES = ['Present it at the team demo', 'Lead one piece of work end to end', 'My manager signs it off in my review', 'Teach it to a new joiner', 'Ship it to production'];
const ZONES = [null, null, 'Europe/London', 'America/New_York', 'Asia/Kolkata', 'Europe/Berlin', 'Australia/Sydney'];

interface Plan {
  id: number;
  name: string;
  size: number;
  modes: PairKind[];
  timeZone: string | null;
  matchingMode: 'self_serve' | 'rounds';
  maxMenteesPerMentor: number | null;
}

const fmt = (n: number, d = 0) => n.toLocaleString('en', { minimumFractionDigits: d, maximumFractionDigits: d });
const ms = (n: number) => `${fmt(n, n < 100 ? 1 : 0)} ms`;
const mb = (bytes: number) => `${fmt(bytes / 1024 / 1024)} MB`;

let heapPeak = 0;
const sampleHeap = () => {
  heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed);
};

/** Times `fn` to the end of its work: a promise it returns is awaited inside the measurement. */
async function time<T>(fn: () => T | Promise<T>): Promise<{ ms: number; result: T }> {
  const start = performance.now();
  const result = await fn();
  const elapsed = performance.now() - start;
  sampleHeap();
  return { ms: elapsed, result };
}

/** Builds the organisation in the database; returns what the bench needs to know about it. */
export function populate(sqlite: OpenDatabase['sqlite'], taxonomy: ReturnType<typeof loadTaxonomy>) {
  const random = prng(SEED);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const between = (from: number, to: number) => from + random() * (to - from);
  const shuffle = <T>(items: T[]): T[] => {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [items[i], items[j]] = [items[j] as T, items[i] as T];
    }
    return items;
  };

  // People: skills, zones, hours, levels and reporting lines from the synthetic organisation.
  const org = syntheticOrg(PEOPLE - GIVERS, GIVERS, taxonomy, SEED);
  const everyone = org.pool.participants;
  const isGiver = (p: Participant) => p.capacity > 0;
  const status = new Map<string, { status: 'active' | 'paused' | 'left'; pausedUntil: number | null; joinedAt: number }>();
  for (const p of everyone) {
    const r = random();
    status.set(p.id, {
      status: r < 0.03 ? 'left' : r < 0.06 ? 'paused' : 'active',
      // Half the pauses have lapsed by themselves.
      pausedUntil: r >= 0.03 && r < 0.06 ? NOW.getTime() + (random() < 0.5 ? -1 : 1) * between(1, 60) * DAY : null,
      joinedAt: NOW.getTime() - between(14, 420) * DAY,
    });
  }

  // Programs: the default one and the round program large, a few medium, a long tail of small ones.
  const plans: Plan[] = [];
  const tail = Array.from({ length: PROGRAMS - 5 }, (_, i) => Math.round(420 * Math.pow(40 / 420, i / (PROGRAMS - 6))));
  const sizes = [3_500, ROUND_GIVERS + ROUND_RECEIVERS + ROUND_BUSY, 1_500, 1_000, 700, ...tail];
  for (let id = 1; id <= PROGRAMS; id++) {
    const r = random();
    const modes: PairKind[] =
      id === 1 ? ['mentoring', 'peer', 'reverse'] : id === ROUND_PROGRAM ? ['mentoring'] : r < 0.7 ? ['mentoring'] : r < 0.85 ? ['mentoring', 'peer'] : r < 0.95 ? ['mentoring', 'reverse'] : ['peer'];
    plans.push({
      id,
      name: id === 1 ? 'Mentoring' : id === ROUND_PROGRAM ? 'Engineering Cohort 2026' : `${TOPICS[(id - 3) % TOPICS.length]}${id - 3 >= TOPICS.length ? ` ${Math.floor((id - 3) / TOPICS.length) + 1}` : ''}`,
      size: sizes[id - 1] as number,
      modes,
      timeZone: id <= 2 ? null : pick(ZONES),
      matchingMode: id === ROUND_PROGRAM || random() < 0.3 ? 'rounds' : 'self_serve',
      maxMenteesPerMentor: id > 2 && random() < 0.25 ? 2 : null,
    });
  }

  // Enrollments: the round program's members first, then everyone else in one to three programs.
  const memberships = new Map<string, Set<number>>(everyone.map((p) => [p.id, new Set<number>()]));
  const activeMentors = shuffle(everyone.filter((p) => isGiver(p) && p.roles.includes('mentor') && status.get(p.id)?.status === 'active'));
  const activeMentees = shuffle(everyone.filter((p) => !isGiver(p) && p.roles.includes('mentee') && status.get(p.id)?.status === 'active'));
  const roundGivers = activeMentors.slice(0, ROUND_GIVERS);
  const roundWaiting = activeMentees.slice(0, ROUND_RECEIVERS);
  const roundBusy = activeMentees.slice(ROUND_RECEIVERS, ROUND_RECEIVERS + ROUND_BUSY);
  for (const p of [...roundGivers, ...roundWaiting, ...roundBusy]) memberships.get(p.id)?.add(ROUND_PROGRAM);
  const slots = shuffle(plans.filter((p) => p.id !== ROUND_PROGRAM).flatMap((p) => Array.from({ length: p.size }, () => p.id)));
  const unplaced = shuffle(everyone.filter((p) => memberships.get(p.id)?.size === 0));
  let s = 0;
  for (const p of unplaced) memberships.get(p.id)?.add(slots[s++] as number);
  for (; s < slots.length; s++) {
    const program = slots[s] as number;
    for (let attempt = 0; attempt < 20; attempt++) {
      const set = memberships.get(pick(everyone).id) as Set<number>;
      if (set.size < 3 && !set.has(program)) {
        set.add(program);
        break;
      }
    }
  }

  const t0 = performance.now();
  const insert = {
    program: sqlite.prepare(
      'insert into programs (id, name, name_key, purpose, modes, tracks, enrollment, time_zone, seats, max_mentees_per_mentor, matching_mode, status, created_by, created_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    ),
    updateDefault: sqlite.prepare('update programs set matching_mode = ? where id = 1'),
    person: sqlite.prepare(
      'insert into people (id, email, display_name, time_zone, department, level, manager_id, location, roster_imported_at, status, paused_until, joined_at, created_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    ),
    profile: sqlite.prepare(
      "insert into profiles (person_id, format, capacity_mentees, capacity_hours_per_month, work_days, work_start_minute, work_end_minute, consented_at, created_at) values (?, 'video', ?, ?, ?, ?, ?, ?, ?)",
    ),
    availability: sqlite.prepare('insert into availability (person_id, weekday, start_minute, end_minute) values (?, ?, ?, ?)'),
    skill: sqlite.prepare('insert or ignore into person_skills (person_id, skill_id, direction) values (?, ?, ?)'),
    enrollment: sqlite.prepare(
      'insert into enrollments (program_id, person_id, status, roles, capacity_mentees, applied_at, decided_at, joined_at, ended_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    ),
    goal: sqlite.prepare('insert into goals (person_id, program_id, position, aim, measure, due_on) values (?, ?, ?, ?, ?, ?)'),
    round: sqlite.prepare("insert into match_rounds (program_id, created_by, status, proposal, created_at, decided_at, decided_by) values (?, 'UCOORD', 'published', '{}', ?, ?, 'UCOORD')"),
    match: sqlite.prepare(
      'insert into matches (program_id, mentor_id, mentee_id, kind, status, source, round_id, score, requested_at, decided_at, ended_at, end_reason) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    ),
    session: sqlite.prepare('insert into sessions (match_id, starts_at, ends_at, status, created_at) values (?, ?, ?, ?, ?)'),
    rating: sqlite.prepare(
      'insert into ratings (session_id, rater_id, happened, usefulness, clarity, applicability, comment, created_at) values (?, ?, ?, ?, ?, ?, ?, ?)',
    ),
    checkIn: sqlite.prepare('insert into check_ins (match_id, person_id, kind, due_at, sent_at, answer, answered_at) values (?, ?, ?, ?, ?, ?, ?)'),
  };
  const counts = { enrollments: 0, goals: 0, matches: 0, sessions: 0, ratings: 0, checkIns: 0, availability: 0, skills: 0 };

  sqlite.exec('BEGIN');
  insert.updateDefault.run('self_serve');
  for (const plan of plans) {
    if (plan.id === 1) continue;
    const tracks = JSON.stringify(taxonomy.clusters.slice(plan.id % 3, (plan.id % 3) + 2).map((c) => c.id));
    insert.program.run(
      plan.id, plan.name, plan.name.toLowerCase().replace(/\s+/g, ' '), `Mentoring for ${plan.name}`, JSON.stringify(plan.modes), tracks,
      plan.id === ROUND_PROGRAM ? 'application' : 'open', plan.timeZone, null, plan.maxMenteesPerMentor, plan.matchingMode, 'active', 'UCOORD',
      NOW.getTime() - 400 * DAY,
    );
  }
  for (const p of everyone) {
    const st = status.get(p.id) as { status: string; pausedUntil: number | null; joinedAt: number };
    insert.person.run(
      p.id, `${p.id.toLowerCase()}@example.com`, `Person ${p.id}`, p.timeZone, p.department, p.level, p.managerId, p.location,
      random() < 0.95 ? NOW.getTime() - 30 * DAY : null, st.status, st.pausedUntil, st.joinedAt, st.joinedAt,
    );
    insert.profile.run(p.id, isGiver(p) ? p.capacity : null, isGiver(p) ? 4 * p.capacity : null, JSON.stringify(p.availability.days), p.availability.startMinute, p.availability.endMinute, st.joinedAt, st.joinedAt);
    for (const day of p.availability.days) {
      insert.availability.run(p.id, day, p.availability.startMinute, p.availability.endMinute);
      counts.availability++;
    }
    for (const id of p.offered) counts.skills += insert.skill.run(p.id, id, 'offered').changes;
    for (const id of p.wanted) counts.skills += insert.skill.run(p.id, id, 'wanted').changes;
  }

  // Each person's roles in each of their programs, within the kinds the program offers.
  const rolesIn = new Map<string, Role[]>();
  const key = (programId: number, personId: string) => `${programId}|${personId}`;
  const roundWaitingIds = new Set(roundWaiting.map((p) => p.id));
  const roundBusyIds = new Set(roundBusy.map((p) => p.id));
  for (const p of everyone) {
    const st = status.get(p.id) as { status: string; joinedAt: number };
    for (const programId of memberships.get(p.id) as Set<number>) {
      const plan = plans[programId - 1] as Plan;
      const giver = isGiver(p);
      const reverse = p.roles.includes('reverse_mentor') || p.roles.includes('reverse_mentee');
      const roles: Role[] = [];
      if (plan.modes.includes('reverse') && reverse) roles.push(giver ? 'reverse_mentor' : 'reverse_mentee');
      else if (plan.modes.includes('mentoring')) roles.push(giver ? 'mentor' : 'mentee');
      if (plan.modes.includes('peer') && (roles.length === 0 || random() < 0.15)) roles.push('peer');
      rolesIn.set(key(programId, p.id), roles);
      const inRound = programId === ROUND_PROGRAM;
      const r = random();
      const enrollmentStatus = inRound || st.status === 'active' ? (inRound || r < 0.93 ? 'active' : r < 0.96 ? 'left' : r < 0.98 ? 'waitlisted' : 'applied') : st.status === 'left' ? 'left' : 'active';
      const joined = roundWaitingIds.has(p.id) ? NOW.getTime() - between(1, 21) * DAY : Math.max(st.joinedAt, NOW.getTime() - between(7, 300) * DAY);
      const current = enrollmentStatus === 'active' || enrollmentStatus === 'left';
      insert.enrollment.run(
        programId, p.id, enrollmentStatus, JSON.stringify(roles), giver && !inRound && random() < 0.2 ? Math.min(p.capacity, 1 + Math.floor(random() * 3)) : null,
        joined - 2 * DAY, current ? joined : null, current ? joined : null, enrollmentStatus === 'left' ? NOW.getTime() - between(1, 60) * DAY : null,
      );
      counts.enrollments++;
      if (!giver) {
        const goals = 1 + Math.floor(random() * 2);
        for (let g = 0; g < goals; g++) {
          const skill = taxonomy.skills.get(p.wanted[g % p.wanted.length] as string)?.name.toLowerCase() ?? 'my craft';
          const due = new Date(NOW.getTime() + between(30, 180) * DAY).toISOString().slice(0, 10);
          insert.goal.run(p.id, programId, g, `Get confident at ${skill}`, pick(MEASURES), due);
          counts.goals++;
        }
      }
    }
  }

  // Matches, with their sessions, ratings and check-ins, program by program.
  const capacityOf = new Map(everyone.map((p) => [p.id, p.capacity]));
  const roundGiverIds = new Set(roundGivers.map((p) => p.id));
  const openLoad = new Map<string, number>();
  const openPairs = new Set<string>();
  const roundIds = new Map<number, number>();
  for (const plan of plans) {
    if (plan.matchingMode !== 'rounds') continue;
    const at = NOW.getTime() - between(14, 120) * DAY;
    roundIds.set(plan.id, Number(insert.round.run(plan.id, at, at + DAY).lastInsertRowid));
  }
  // Round-program mentors keep a place free, so the round has all 500 of them.
  const room = (id: string) => (openLoad.get(id) ?? 0) < (capacityOf.get(id) ?? 0) - (roundGiverIds.has(id) ? 1 : 0);
  const KIND_OF: Record<string, [PairKind, Role]> = { mentee: ['mentoring', 'mentor'], reverse_mentee: ['reverse', 'reverse_mentor'], peer: ['peer', 'peer'] };

  const addMatch = (plan: Plan, menteeId: string, kind: PairKind, giverRole: Role, givers: readonly string[], forceOpen: boolean, olderThan?: number) => {
    const r = random();
    const st = forceOpen ? (r < 0.8 ? 'active' : r < 0.9 ? 'paused' : 'requested') : olderThan !== undefined ? (r < 0.7 ? 'ended' : 'declined') : r < 0.55 ? 'active' : r < 0.6 ? 'paused' : r < 0.65 ? 'requested' : r < 0.82 ? 'ended' : r < 0.92 ? 'declined' : 'expired';
    const open = st === 'active' || st === 'paused' || st === 'requested';
    let mentorId: string | undefined;
    for (let attempt = 0; attempt < (forceOpen ? givers.length * 2 : 12) && mentorId === undefined; attempt++) {
      const g = pick(givers);
      if (g === menteeId || (kind === 'peer' && g < menteeId) || (open && (!room(g) || openPairs.has(`${g}|${menteeId}`)))) continue;
      if (!rolesIn.get(key(plan.id, g))?.includes(giverRole)) continue;
      mentorId = g;
    }
    if (mentorId === undefined) return;
    if (open) {
      openLoad.set(mentorId, (openLoad.get(mentorId) ?? 0) + 1);
      openPairs.add(`${mentorId}|${menteeId}`);
    }
    const latest = olderThan ?? NOW.getTime() - DAY;
    const decidedAt = st === 'requested' ? null : st === 'active' || st === 'paused' ? NOW.getTime() - between(1, 36 * 7) * DAY : Math.min(latest, NOW.getTime() - between(2, 40 * 7) * DAY);
    const requestedAt = st === 'requested' ? NOW.getTime() - between(0.2, 6) * DAY : (decidedAt as number) - between(0.1, 5) * DAY;
    const endedAt = st === 'ended' ? Math.min(NOW.getTime() - DAY, (decidedAt as number) + between(4, 24) * WEEK) : null;
    const source = plan.matchingMode === 'rounds' ? 'round' : 'self_serve';
    const matchId = Number(
      insert.match.run(plan.id, mentorId, menteeId, kind, st, source, source === 'round' ? (roundIds.get(plan.id) ?? null) : null, 0.4 + random() * 0.5, requestedAt, decidedAt, endedAt, st === 'ended' ? 'completed' : null)
        .lastInsertRowid,
    );
    counts.matches++;
    if (decidedAt === null || (st !== 'active' && st !== 'paused' && st !== 'ended')) return;

    // Sessions every one to three weeks; a quiet pair stopped meeting weeks ago; a paused one stopped when it paused.
    const quiet = st === 'active' && random() < 0.08 ? NOW.getTime() - between(5, 12) * WEEK : null;
    const stop = endedAt ?? quiet ?? (st === 'paused' ? NOW.getTime() - between(1, 8) * WEEK : NOW.getTime() + 14 * DAY);
    const quality = 2 + random() * 3;
    for (let at = decidedAt + between(3, 10) * DAY; at < stop; at += between(7, 21) * DAY) {
      const startsAt = Math.floor(at / 1_800_000) * 1_800_000;
      const future = startsAt > NOW.getTime();
      const sessionStatus = future ? 'booked' : random() < 0.9 ? 'held' : 'cancelled';
      const endsAt = startsAt + (random() < 0.5 ? 45 : 60) * 60_000;
      const sessionId = Number(insert.session.run(matchId, startsAt, endsAt, sessionStatus, startsAt - between(1, 10) * DAY).lastInsertRowid);
      counts.sessions++;
      if (future) break;
      if (sessionStatus !== 'held') continue;
      for (const [rater, chance] of [[menteeId, 0.75], [mentorId, 0.45]] as const) {
        if (random() >= chance) continue;
        const createdAt = endsAt + between(0.01, 3) * DAY;
        if (createdAt >= NOW.getTime()) continue;
        const score = () => (random() < 0.08 ? null : Math.max(1, Math.min(5, Math.round(quality + random() * 2 - 1))));
        insert.rating.run(sessionId, rater, random() < 0.97 ? 1 : 0, score(), score(), score(), random() < 0.15 ? pick(COMMENTS) : null, createdAt);
        counts.ratings++;
      }
    }
    // Fortnightly mentor check-ins and monthly goal check-ins while the pair is open.
    if (st === 'ended') return;
    for (const [kind, every, who] of [['mentor', 14, mentorId], ['mentee_goals', 30, menteeId]] as const) {
      for (let due = decidedAt + every * DAY; due <= NOW.getTime(); due += every * DAY) {
        const answered = (quiet === null || due < quiet) && random() < 0.7;
        const sentAt = due + between(0, 0.5) * DAY;
        insert.checkIn.run(matchId, who, kind, due, sentAt, answered ? 'going_well' : null, answered ? sentAt + between(0.05, 2) * DAY : null);
        counts.checkIns++;
      }
    }
  };

  for (const plan of plans) {
    const members = everyone.filter((p) => memberships.get(p.id)?.has(plan.id));
    const byRole = new Map<Role, string[]>();
    for (const p of members) for (const role of rolesIn.get(key(plan.id, p.id)) ?? []) byRole.set(role, [...(byRole.get(role) ?? []), p.id]);
    for (const p of members) {
      if (status.get(p.id)?.status === 'left' && random() < 0.5) continue;
      for (const role of rolesIn.get(key(plan.id, p.id)) ?? []) {
        const kindRole = KIND_OF[role];
        if (!kindRole) continue;
        const [kind, giverRole] = kindRole;
        const givers = byRole.get(giverRole) ?? [];
        if (givers.length === 0) continue;
        if (plan.id === ROUND_PROGRAM) {
          // The waiting mentees have at most an old pairing there; the busy ones are paired now.
          if (roundBusyIds.has(p.id)) addMatch(plan, p.id, kind, giverRole, givers, true);
          else if (roundWaitingIds.has(p.id) && random() < 0.15) addMatch(plan, p.id, kind, giverRole, givers, false, NOW.getTime() - 4 * WEEK);
          continue;
        }
        if (random() < 0.2) addMatch(plan, p.id, kind, giverRole, givers, false, NOW.getTime() - 20 * WEEK);
        if (random() < 0.7) addMatch(plan, p.id, kind, giverRole, givers, false);
      }
    }
  }
  sqlite.exec('COMMIT');
  return { plans, counts, setupMs: performance.now() - t0 };
}

interface DigestRun {
  loadMs: number;
  computeMs: number;
  buildMs: number;
  totalMs: number;
  digests: { program: ProgramSettings; digest: Digest; message: DigestMessage }[];
}

/** What services/digest.ts programDigests does, timed step by step. */
async function digestsAtOnce(db: OpenDatabase['db'], programs: readonly ProgramSettings[]): Promise<DigestRun> {
  const started = performance.now();
  const scopes: DigestScope[] = programs.map((p) => ({ programId: p.id, week: previousWeek(NOW, p.zone), timeZone: p.zone, rhythm: p.rhythm }));
  const load = await time(() => loadDigestInputs(db, NOW, scopes, MIN_RATERS));
  let computeMs = 0;
  let buildMs = 0;
  const digests: DigestRun['digests'] = [];
  for (const [i, program] of programs.entries()) {
    const { week } = scopes[i] as DigestScope;
    const c = await time(() => computeDigest(load.result.get(program.id) as DigestInput));
    const b = await time(() => {
      const weekLabel = `${formatInTimeZone(week.start, program.zone, 'd MMM')} – ${formatInTimeZone(new Date(week.end.getTime() - 1), program.zone, 'd MMM yyyy')}`;
      return buildDigest(c.result, { timeZone: program.zone, weekLabel, programName: program.name });
    });
    computeMs += c.ms;
    buildMs += b.ms;
    digests.push({ program, digest: c.result, message: b.result });
  }
  return { loadMs: load.ms, computeMs, buildMs, totalMs: performance.now() - started, digests };
}

/** The alternative: one loadDigestInputs per program. */
async function digestsOneByOne(db: OpenDatabase['db'], programs: readonly ProgramSettings[]): Promise<{ loadMs: number; totalMs: number }> {
  const started = performance.now();
  let loadMs = 0;
  for (const program of programs) {
    const week = previousWeek(NOW, program.zone);
    const load = await time(() => loadDigestInputs(db, NOW, [{ programId: program.id, week, timeZone: program.zone, rhythm: program.rhythm }], MIN_RATERS));
    loadMs += load.ms;
    const digest = computeDigest(load.result.get(program.id) as DigestInput);
    buildDigest(digest, { timeZone: program.zone, weekLabel: 'week', programName: program.name });
  }
  return { loadMs, totalMs: performance.now() - started };
}

interface RoundRun {
  loadMs: number;
  proposeMs: number;
  solveMs: number;
  totalMs: number;
  receivers: number;
  givers: number;
  candidates: number;
  proposal: RoundProposal;
}

async function roundOnce(db: OpenDatabase['db'], program: ProgramSettings, taxonomy: ReturnType<typeof loadTaxonomy>): Promise<RoundRun> {
  const started = performance.now();
  const pool = await time(() => loadMatchingPool(db, NOW, COOLDOWN_MONTHS, MIN_RATERS, { programId: program.id, modes: program.modes, maxMenteesPerMentor: program.maxMenteesPerMentor }));
  // The context services/selfServe.ts scoringContext gives a round.
  const context = { taxonomy, weights: DEFAULT_WEIGHTS, now: NOW };
  let solveMs = 0;
  let input: AssignmentInput | undefined;
  const propose = await time(() =>
    proposeRound(pool.result, context, (i) => {
      input = i;
      const t = performance.now();
      const result = solveAssignment(i);
      solveMs = performance.now() - t;
      return result;
    }),
  );
  return {
    loadMs: pool.ms,
    proposeMs: propose.ms,
    solveMs,
    totalMs: performance.now() - started,
    receivers: pool.result.participants.filter((p) => receivingKinds(p, pool.result.busyReceivers).length > 0).length,
    givers: input?.mentors.length ?? 0,
    candidates: input?.scores.length ?? 0,
    proposal: propose.result,
  };
}

const best = <T extends { totalMs: number }>(runs: readonly T[]): T => runs.reduce((a, b) => (b.totalMs < a.totalMs ? b : a));
const spread = (runs: readonly { totalMs: number }[]) => runs.map((r) => fmt(r.totalMs)).join(' / ');

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-programs-'));
  try {
    const taxonomy = loadTaxonomy();
    const database = await openDatabase(join(dir, 'bench.db'));
    await syncSkills(database.db, taxonomy);
    const { plans, counts, setupMs } = populate(database.sqlite, taxonomy);
    sampleHeap();
    const programs = (await allPrograms(database.db)).map((p) => programSettings(p, DEFAULTS));
    const sizes = plans.map((p) => p.size).sort((a, b) => b - a);

    console.log(`# Programs benchmark (seed ${SEED}; ${fmt(PEOPLE)} people in ${programs.length} programs; one SQLite file)\n`);
    console.log(
      `Built in ${fmt(setupMs / 1000, 1)} s: ${fmt(counts.enrollments)} enrollments (programs of ${sizes.slice(0, 5).map((n) => fmt(n)).join(', ')} … ${fmt(sizes[sizes.length - 1] as number)} people), ` +
        `${fmt(counts.skills)} skills chosen, ${fmt(counts.availability)} availability rows, ${fmt(counts.goals)} goals, ${fmt(counts.matches)} matches, ` +
        `${fmt(counts.sessions)} sessions, ${fmt(counts.ratings)} ratings, ${fmt(counts.checkIns)} check-ins.\n`,
    );

    // 1. Every program's digest.
    // One run after another, so that no run times another's queries.
    const runs: DigestRun[] = [];
    for (let i = 0; i < RUNS; i += 1) runs.push(await digestsAtOnce(database.db, programs));
    const d = best(runs);
    const oneByOne = QUICK ? undefined : await digestsOneByOne(database.db, programs);
    const errors = d.digests.reduce((n, x) => n + validateBlocks(x.message.blocks).length, 0);
    const withAverage = d.digests.filter((x) => x.digest.ratings.overall.value !== null).length;
    const sum = (f: (x: Digest) => number) => d.digests.reduce((n, x) => n + f(x.digest), 0);
    console.log(`## All ${programs.length} digests (best of ${RUNS}; runs ${spread(runs)} ms)\n`);
    console.log('| step | time |');
    console.log('|---|---:|');
    console.log(`| loadDigestInputs, all ${programs.length} scopes in one call | ${ms(d.loadMs)} |`);
    console.log(`| computeDigest × ${programs.length} | ${ms(d.computeMs)} |`);
    console.log(`| buildDigest × ${programs.length} | ${ms(d.buildMs)} |`);
    console.log(`| **total** | **${ms(d.totalMs)}** |`);
    if (oneByOne) console.log(`| for comparison: ${programs.length} separate loadDigestInputs calls (+ compute + build; one run) | ${ms(oneByOne.totalMs)} (load ${ms(oneByOne.loadMs)}) |`);
    console.log(
      `\nContent: ${fmt(sum((x) => x.headline.activeParticipants.value))} active participants, ${fmt(sum((x) => x.sessions.held))} sessions held last week, ` +
        `${fmt(sum((x) => x.ratings.overall.n))} raters (${withAverage} of ${programs.length} digests show an average), ${fmt(sum((x) => x.stalledPairs.length))} stalled pairs, ` +
        `${fmt(sum((x) => x.lowRatedPairs.length))} low-rated pairs, ${fmt(sum((x) => x.milestones.length))} milestones; ` +
        `${fmt(d.digests.reduce((n, x) => n + x.message.blocks.length, 0))} blocks, ${errors === 0 ? 'all valid Block Kit' : `${errors} Block Kit errors`}.\n`,
    );

    // 2. A round in the 2,000 × 500 program.
    const program = programs.find((p) => p.id === ROUND_PROGRAM) as ProgramSettings;
    const rounds: RoundRun[] = [];
    for (let i = 0; i < RUNS; i += 1) rounds.push(await roundOnce(database.db, program, taxonomy));
    const r = best(rounds);
    console.log(`## A round in "${program.name}": ${fmt(r.receivers)} receivers × ${fmt(r.givers)} givers with room (best of ${RUNS}; runs ${spread(rounds)} ms)\n`);
    console.log('| step | time |');
    console.log('|---|---:|');
    console.log(`| loadMatchingPool (program scope) | ${ms(r.loadMs)} |`);
    console.log(`| proposeRound: shortlists, reasons, fairness | ${ms(r.proposeMs - r.solveMs)} |`);
    console.log(`| proposeRound: exact solve (${fmt(r.candidates)} candidate pairs) | ${ms(r.solveMs)} |`);
    console.log(`| **total** | **${ms(r.totalMs)}** |`);
    console.log(`\nProposal: ${fmt(r.proposal.pairs.length)} pairs, total score ${fmt(r.proposal.total, 2)}, ${fmt(r.proposal.unmatched.length)} unmatched.\n`);

    // 3. Memory.
    sampleHeap();
    const rss = process.resourceUsage().maxRSS * 1024;
    console.log(`## Memory\n\nPeak RSS ${mb(rss)}; heap used at most ${mb(heapPeak)} (sampled after each step).\n`);

    const verdict = (ok: boolean) => (ok ? 'PASS' : 'MISS');
    console.log(`${verdict(d.totalMs < DIGEST_TARGET_MS)}: all ${programs.length} digests in ${ms(d.totalMs)} (target < ${fmt(DIGEST_TARGET_MS)} ms)`);
    console.log(`${verdict(r.totalMs < ROUND_TARGET_MS)}: a round at ${fmt(r.receivers)} × ${fmt(r.givers)} in ${ms(r.totalMs)} (target < ${fmt(ROUND_TARGET_MS)} ms)`);
    await database.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// Runs when started as a script; other scripts may import populate() to build the same organisation.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
