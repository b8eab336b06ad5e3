import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { type CircleFacilitator, type CircleMember, type CircleMode, formCircles, type FormationInput } from '../src/domain/circles/formation.js';
import { availableSlots, slotCalendar } from '../src/domain/circles/weeklySlots.js';
import type { WeeklyWindow } from '../src/domain/localTime.js';
import type { Participant } from '../src/domain/matching/participant.js';
import { loadTaxonomy } from '../src/taxonomy/loadTaxonomy.js';
import { prng, syntheticOrg } from './syntheticOrg.js';

/**
 * npm run bench:circles — forms group circles for 5,000 people (sizes 5–7)
 * from the seeded synthetic organisation bench:match uses (eleven offices
 * from São Paulo to Sydney), facilitated by its mentors and peer-only. The
 * circles meet fortnightly for an hour in London time over a quarter that
 * spans both March clock changes (US first, then Europe). A third of the
 * people also narrow their availability to two mornings or afternoons a
 * week, and facilitators have fewer places than circles might want, so
 * some people wait and the reasons show. Each variant runs in its own
 * process, so its peak memory is its own.
 */

const PEOPLE = 5_000;
const FACILITATORS = 300;
/** Share of people who give a narrower availability than their working hours. */
const NARROWER = 1 / 3;
const SEED = 2026;
const TARGET_MS = 5_000;

interface Row {
  mode: CircleMode;
  people: number;
  facilitators: number;
  /** Circles the facilitators could still take, all together. */
  places: number;
  slotsMs: number;
  constructionMs: number;
  localSearchMs: number;
  totalMs: number;
  circles: number;
  placed: number;
  unplaced: Record<string, number>;
  greedyFit: number;
  totalFit: number;
  upperBound: number;
  iterations: number;
  acceptedMoves: number;
  peakMb: number;
}

function runOne(mode: CircleMode): Row {
  const taxonomy = loadTaxonomy();
  const { pool } = syntheticOrg(PEOPLE, FACILITATORS, taxonomy, SEED);
  const started = performance.now();
  const calendar = slotCalendar({
    timeZone: 'Europe/London',
    cadence: 'fortnightly',
    sessionMinutes: 60,
    from: new Date('2027-03-01T00:00:00Z'),
    until: new Date('2027-06-01T00:00:00Z'),
  });
  const random = prng(SEED + 1);
  const windowsOf = (p: Participant): WeeklyWindow[] => {
    if (random() >= NARROWER) return [p.availability];
    const days = [1 + Math.floor(random() * 5), 1 + Math.floor(random() * 5)];
    const startMinute = p.availability.startMinute + 60 * Math.floor(random() * 6);
    return [p.availability, { days, startMinute, endMinute: startMinute + 180 }];
  };
  const slotsOf = (p: Participant) => availableSlots(calendar, { timeZone: p.timeZone, windows: windowsOf(p) });
  const receivers = pool.participants.filter((p) => p.wanted.length > 0);
  const givers = pool.participants.filter((p) => p.offered.length > 0);
  const members: CircleMember[] = receivers.map((p) => ({ id: p.id, slots: slotsOf(p), wants: p.wanted, department: p.department, level: p.level, location: p.location }));
  const facilitators: CircleFacilitator[] = givers.map((p) => ({
    id: p.id,
    slots: slotsOf(p),
    offers: p.offered,
    capacityLeft: p.capacity - p.load,
    department: p.department,
    level: p.level,
  }));
  const slotsMs = performance.now() - started;
  const input: FormationInput = {
    settings: { sizeMin: 5, sizeMax: 7, mode, sessionMinutes: 60, topics: taxonomy.clusters.map((c) => ({ id: c.id, name: c.name, skillIds: c.skills.map((s) => s.id) })) },
    members,
    facilitators,
  };
  const outcome = formCircles(input, { seed: SEED, clock: () => performance.now() });
  const totalMs = performance.now() - started;
  if (!outcome.ok) throw new Error(JSON.stringify(outcome.problems));
  const unplaced: Record<string, number> = {};
  for (const u of outcome.unplaced) unplaced[u.reason] = (unplaced[u.reason] ?? 0) + 1;
  return {
    mode,
    people: members.length,
    facilitators: mode === 'facilitated' ? facilitators.length : 0,
    places: mode === 'facilitated' ? facilitators.reduce((n, f) => n + f.capacityLeft, 0) : 0,
    slotsMs,
    constructionMs: outcome.stats.timings?.constructionMs ?? 0,
    localSearchMs: outcome.stats.timings?.localSearchMs ?? 0,
    totalMs,
    circles: outcome.circles.length,
    placed: outcome.circles.reduce((n, c) => n + c.memberIds.length, 0),
    unplaced,
    greedyFit: outcome.stats.greedyFit,
    totalFit: outcome.totalFit,
    upperBound: outcome.upperBound,
    iterations: outcome.stats.iterations,
    acceptedMoves: outcome.stats.acceptedMoves,
    peakMb: process.resourceUsage().maxRSS / 1024,
  };
}

function main(): void {
  const [flag, mode] = process.argv.slice(2);
  if (flag === '--one') {
    process.stdout.write(JSON.stringify(runOne(mode as CircleMode)));
    return;
  }
  const self = fileURLToPath(import.meta.url);
  const rows = (['facilitated', 'peer'] as const).map(
    (m) => JSON.parse(execFileSync(process.execPath, ['--import', 'tsx', self, '--one', m], { encoding: 'utf8' })) as Row,
  );
  const fmt = (n: number, d = 0) => n.toLocaleString('en', { minimumFractionDigits: d, maximumFractionDigits: d });
  console.log(`Circle formation benchmark (seed ${SEED}; sizes 5–7; fortnightly 60-minute sessions in Europe/London, 2027-03-01 to 06-01; one thread)\n`);
  console.log('| mode | people | facilitators (places) | slots | greedy | local search | total | peak memory | circles | placed | unplaced (reasons) | greedy fit | total fit | upper bound | steps (accepted) |');
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|');
  for (const r of rows) {
    const reasons = Object.entries(r.unplaced)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([reason, n]) => `${reason} ${fmt(n)}`)
      .join(', ');
    const unplacedTotal = Object.values(r.unplaced).reduce((a, b) => a + b, 0);
    console.log(
      `| ${r.mode} | ${fmt(r.people)} | ${r.facilitators === 0 ? '–' : `${fmt(r.facilitators)} (${fmt(r.places)})`} | ${fmt(r.slotsMs)} ms | ${fmt(r.constructionMs)} ms | ${fmt(r.localSearchMs)} ms | ${fmt(r.totalMs)} ms | ${fmt(r.peakMb)} MB | ${fmt(r.circles)} | ${fmt(r.placed)} | ${fmt(unplacedTotal)}${reasons ? ` (${reasons})` : ''} | ${fmt(r.greedyFit, 1)} | ${fmt(r.totalFit, 1)} | ${fmt(r.upperBound, 1)} | ${fmt(r.iterations)} (${fmt(r.acceptedMoves)}) |`,
    );
  }
  const slow = rows.filter((r) => r.totalMs > TARGET_MS);
  console.log(`\nTarget: under ${fmt(TARGET_MS)} ms per variant on one core${slow.length > 0 ? `; over it: ${slow.map((r) => r.mode).join(', ')}` : ''}. Informational: the bench exits 0 either way.`);
}

main();
