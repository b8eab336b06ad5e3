import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { type AssignmentInput, greedyAssignment, solveAssignment } from '../src/domain/matching/assignment.js';
import { DEFAULT_WEIGHTS } from '../src/domain/matching/participant.js';
import { proposeRound } from '../src/domain/matching/round.js';
import { loadTaxonomy } from '../src/taxonomy/loadTaxonomy.js';
import { syntheticOrg } from './syntheticOrg.js';

/**
 * npm run bench:match — a whole-program round (candidate scoring, pruning,
 * exact assignment) on seeded synthetic organisations, against greedy
 * best-pair-first on the same candidates. Each size runs in its own process
 * so its peak memory is its own.
 */

const SIZES = [
  [1_000, 200],
  [5_000, 1_000],
  [10_000, 2_000],
] as const;

interface Row {
  size: string;
  candidates: number;
  scoringMs: number;
  solveMs: number;
  wallMs: number;
  peakMb: number;
  pairs: number;
  total: number;
  greedyTotal: number;
  greedyPairs: number;
}

function runOne(mentees: number, mentors: number): Row {
  const taxonomy = loadTaxonomy();
  const { pool } = syntheticOrg(mentees, mentors, taxonomy, 2026);
  const context = { taxonomy, weights: DEFAULT_WEIGHTS, now: new Date('2026-11-30T09:00:00Z') };
  let captured: AssignmentInput | undefined;
  let solveMs = 0;
  const started = performance.now();
  const round = proposeRound(pool, context, (input) => {
    captured = input;
    const t = performance.now();
    const result = solveAssignment(input);
    solveMs = performance.now() - t;
    return result;
  });
  const wallMs = performance.now() - started;
  const greedy = greedyAssignment(captured as AssignmentInput);
  return {
    size: `${mentees.toLocaleString('en')} × ${mentors.toLocaleString('en')}`,
    candidates: captured?.scores.length ?? 0,
    scoringMs: wallMs - solveMs,
    solveMs,
    wallMs,
    peakMb: process.resourceUsage().maxRSS / 1024,
    pairs: round.pairs.length,
    total: round.total,
    greedyTotal: greedy.total,
    greedyPairs: greedy.pairs.length,
  };
}

async function main(): Promise<void> {
  const [mode, mentees, mentors] = process.argv.slice(2);
  if (mode === '--one') {
    process.stdout.write(JSON.stringify(runOne(Number(mentees), Number(mentors))));
    return;
  }
  const self = fileURLToPath(import.meta.url);
  const rows: Row[] = SIZES.map(([e, m]) => JSON.parse(execFileSync(process.execPath, ['--import', 'tsx', self, '--one', String(e), String(m)], { encoding: 'utf8' })) as Row);
  const fmt = (n: number, d = 0) => n.toLocaleString('en', { minimumFractionDigits: d, maximumFractionDigits: d });
  console.log(`Matching round benchmark (seed 2026; capacities 1–5; 30 candidates kept per mentee; one thread)\n`);
  console.log('| mentees × mentors | candidate pairs | scoring | exact solve | wall time | peak memory | pairs | total score | greedy total (pairs) | gain over greedy |');
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const r of rows) {
    const gain = r.greedyTotal === 0 ? 0 : ((r.total - r.greedyTotal) / r.greedyTotal) * 100;
    console.log(
      `| ${r.size} | ${fmt(r.candidates)} | ${fmt(r.scoringMs)} ms | ${fmt(r.solveMs)} ms | ${fmt(r.wallMs)} ms | ${fmt(r.peakMb)} MB | ${fmt(r.pairs)} | ${fmt(r.total, 2)} | ${fmt(r.greedyTotal, 2)} (${fmt(r.greedyPairs)}) | +${fmt(gain, 2)}% |`,
    );
    if (r.total + 1e-6 < r.greedyTotal) throw new Error(`optimum below greedy for ${r.size}`);
  }
  console.log('\nTargets: 10,000 × 2,000 under 5 s and 500 MB; never below greedy.');
}

await main();
