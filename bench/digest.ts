import { performance } from 'node:perf_hooks';
import { validateBlocks } from '../emulator/index.js';
import { computeDigest, type DigestInput, type DigestMatch, type DigestPerson, type DigestRating, type DigestSession, type PersonSkill } from '../src/domain/digest.js';
import { buildDigest } from '../src/views/digestMessage.js';
import { prng } from './syntheticOrg.js';

/*
 * The weekly digest at the scale of a large program: 10,000 people, 50,000
 * sessions and 100,000 ratings over a year, seeded so every run sees the
 * same data. Times computeDigest (best of 5 after a warm-up) and buildDigest.
 *
 *   node --import tsx bench/digest.ts [seed]
 */

const PEOPLE = 10_000;
const SESSIONS = 50_000;
const RATINGS = 100_000;
const TARGET_MS = 500;
const DAY = 86_400_000;
const DEPARTMENTS = ['Engineering', 'Platform', 'Data', 'Security', 'Product', 'Design', 'Sales', 'Marketing', 'Support', 'Finance', 'People', 'Operations'];
const LOCATIONS = ['New York', 'San Francisco', 'São Paulo', 'London', 'Berlin', 'Paris', 'Bengaluru', 'Kathmandu', 'Singapore', 'Tokyo', 'Sydney'];
const COMMENTS = ['Very helpful, thank you', 'We ran out of time', 'Great practical advice', 'Would like more structure', 'Clear next steps'];

function generate(seed: number): DigestInput {
  const random = prng(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const week = { start: new Date('2026-03-02T00:00:00Z'), end: new Date('2026-03-09T00:00:00Z') };
  const yearAgo = week.end.getTime() - 365 * DAY;
  const at = (from: number, to: number) => new Date(from + random() * (to - from));

  const people: DigestPerson[] = [];
  const roster = [];
  const mentors: string[] = [];
  const mentees: string[] = [];
  for (let i = 0; i < PEOPLE; i++) {
    const id = `U${String(i).padStart(6, '0')}`;
    const giver = random() < 0.3;
    const entry = { department: pick(DEPARTMENTS), level: 1 + Math.floor(random() * 9), location: pick(LOCATIONS) };
    roster.push(entry);
    (giver ? mentors : mentees).push(id);
    people.push({
      id,
      ...entry,
      joinedAt: at(yearAgo, week.end.getTime()),
      status: random() < 0.05 ? 'left' : random() < 0.05 ? 'paused' : 'active',
      pausedUntil: null,
      roles: giver ? (random() < 0.2 ? ['mentor', 'mentee'] : ['mentor']) : random() < 0.1 ? ['mentee', 'peer'] : ['mentee'],
      capacity: giver ? 1 + Math.floor(random() * 5) : null,
    });
  }
  // The roster also holds people who never joined.
  for (let i = 0; i < PEOPLE * 2; i++) roster.push({ department: pick(DEPARTMENTS), level: 1 + Math.floor(random() * 9), location: pick(LOCATIONS) });

  const matches: DigestMatch[] = [];
  const STATUSES: DigestMatch['status'][] = ['active', 'active', 'active', 'active', 'paused', 'ended', 'ended', 'declined', 'expired', 'requested'];
  for (let i = 0; i < 8_000; i++) {
    const requestedAt = at(yearAgo, week.end.getTime() - DAY);
    const status = pick(STATUSES);
    const decidedAt = status === 'requested' ? null : new Date(requestedAt.getTime() + random() * 7 * DAY);
    matches.push({
      id: i + 1,
      mentorId: pick(mentors),
      menteeId: pick(mentees),
      kind: random() < 0.8 ? 'mentoring' : random() < 0.5 ? 'peer' : 'reverse',
      status,
      requestedAt,
      decidedAt,
      endedAt: status === 'ended' && decidedAt ? new Date(decidedAt.getTime() + random() * 90 * DAY) : null,
    });
  }
  const accepted = matches.filter((m) => m.status === 'active' || m.status === 'paused' || m.status === 'ended');

  const sessions: DigestSession[] = [];
  for (let i = 0; i < SESSIONS; i++) {
    const m = pick(accepted);
    const startsAt = at((m.decidedAt as Date).getTime(), week.end.getTime() + 14 * DAY);
    const future = startsAt.getTime() >= week.end.getTime();
    sessions.push({
      id: i + 1,
      matchId: m.id,
      startsAt,
      endsAt: new Date(startsAt.getTime() + 3_600_000),
      status: future ? 'booked' : random() < 0.9 ? 'held' : 'cancelled',
    });
  }
  const held = sessions.filter((s) => s.status === 'held');
  const matchOf = new Map(matches.map((m) => [m.id, m]));
  const ratings: DigestRating[] = [];
  for (let i = 0; ratings.length < RATINGS; i++) {
    const s = held[i % held.length] as DigestSession;
    const m = matchOf.get(s.matchId) as DigestMatch;
    const raterId = i < held.length ? m.menteeId : m.mentorId;
    const base = 1 + Math.floor(random() * 5);
    const score = () => (random() < 0.1 ? null : Math.max(1, Math.min(5, base + Math.round(random() * 2 - 1))));
    ratings.push({
      sessionId: s.id,
      raterId,
      usefulness: score(),
      clarity: score(),
      applicability: score(),
      happened: random() < 0.97,
      comment: random() < 0.15 ? pick(COMMENTS) : null,
      createdAt: new Date(s.endsAt.getTime() + random() * 3 * DAY),
    });
  }

  const wanted: PersonSkill[] = [];
  const offered: PersonSkill[] = [];
  for (const p of people) {
    const n = 1 + Math.floor(random() * 3);
    for (let k = 0; k < n; k++) {
      const skillId = `skill-${Math.floor(Math.pow(random(), 2) * 60)}`;
      (p.capacity === null ? wanted : offered).push({ personId: p.id, skillId });
    }
  }
  const skillNames = Object.fromEntries(Array.from({ length: 60 }, (_, i) => [`skill-${i}`, `Skill ${i}`]));
  const stalled = accepted
    .filter((m) => m.status === 'active')
    .slice(0, 40)
    .map((m, i) => ({ matchId: m.id, weeksQuiet: 4 + (i % 6) }));

  return { now: week.end, week, timeZone: 'UTC', people, roster, matches, sessions, ratings, wanted, offered, skillNames, stalled };
}

function time<T>(fn: () => T): { ms: number; result: T } {
  const start = performance.now();
  const result = fn();
  return { ms: performance.now() - start, result };
}

const seed = Number(process.argv[2] ?? 42);
const generated = time(() => generate(seed));
const input = generated.result;
computeDigest(input); // warm-up
let best = Number.POSITIVE_INFINITY;
let digest = computeDigest(input);
for (let i = 0; i < 5; i++) {
  const run = time(() => computeDigest(input));
  best = Math.min(best, run.ms);
  digest = run.result;
}
const view = time(() => buildDigest(digest, { timeZone: 'UTC', weekLabel: 'week of 2 March 2026' }));
const errors = validateBlocks(view.result.blocks);

const ok = (ms: number) => (ms < TARGET_MS ? '✅' : '❌');
console.log(`# Weekly digest benchmark (seed ${seed})\n`);
console.log(`${input.people.length.toLocaleString('en-US')} people, ${input.matches.length.toLocaleString('en-US')} matches, ${input.sessions.length.toLocaleString('en-US')} sessions, ${input.ratings.length.toLocaleString('en-US')} ratings; generated in ${generated.ms.toFixed(0)} ms\n`);
console.log('| Step | Time | Target | |');
console.log('| --- | ---: | ---: | --- |');
console.log(`| computeDigest (best of 5) | ${best.toFixed(1)} ms | < ${TARGET_MS} ms | ${ok(best)} |`);
console.log(`| buildDigest | ${view.ms.toFixed(1)} ms | < ${TARGET_MS} ms | ${ok(view.ms)} |`);
console.log(
  `\nDigest: ${digest.headline.activeParticipants.value} active, ${digest.sessions.held} sessions held this week, average ${digest.ratings.overall.value ?? '—'} from ${digest.ratings.overall.n} raters; ${view.result.blocks.length} blocks, ${errors.length === 0 ? 'valid Block Kit' : `${errors.length} Block Kit errors`}.`,
);
if (errors.length > 0 || best >= TARGET_MS) process.exitCode = 1;
