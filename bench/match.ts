import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { type AssignmentInput, type AssignmentResult, greedyAssignment, solveAssignment } from '../src/domain/matching/assignment.js';
import { solveAssignmentReference } from '../src/domain/matching/assignmentReference.js';
import { DEFAULT_WEIGHTS } from '../src/domain/matching/participant.js';
import { proposeRound } from '../src/domain/matching/round.js';
import { loadTaxonomy } from '../src/taxonomy/loadTaxonomy.js';
import { SHAPES, type ShapeName, shapeInput } from './assignmentShapes.js';
import { syntheticOrg } from './syntheticOrg.js';

/**
 * npm run bench:match [-- --full] — a whole-program round (candidate
 * scoring, pruning, exact assignment) on seeded synthetic organisations,
 * against greedy best-pair-first and the reference solver on the same
 * candidates; then the exact solve alone on the shapes that are hard for an
 * exact solver (bench/assignmentShapes.ts), against the reference solver
 * where it finishes in reasonable time (all of them with --full). Each row
 * runs in its own process, so its time and peak memory are its own.
 */

const SIZES = [
  [1_000, 200],
  [5_000, 1_000],
  [10_000, 2_000],
] as const;

/** Shape, mentees, mentors, and whether the reference solver runs without --full. */
const HARD: readonly [ShapeName, number, number, boolean][] = [
  ['popular', 10_000, 2_000, false],
  ['popular', 5_000, 1_000, true],
  ['unit', 10_000, 2_000, true],
  ['equal', 10_000, 2_000, true],
  ['ties', 10_000, 2_000, true],
  ['ties-real', 10_000, 2_000, true],
  ['exact-fit', 10_000, 2_000, true],
  ['random-cut', 10_000, 2_000, true],
];
const CANDIDATES = 30;

interface RoundRow {
  size: string;
  candidates: number;
  scoringMs: number;
  solveMs: number;
  referenceMs: number;
  agree: boolean;
  wallMs: number;
  peakMb: number;
  pairs: number;
  total: number;
  greedyTotal: number;
  greedyPairs: number;
}

interface ShapeRow {
  shape: ShapeName;
  size: string;
  candidates: number;
  seats: number;
  solveMs: number;
  referenceMs: number | null;
  pairs: number;
  total: number;
  /** The reference's total less ours, when it ran. */
  difference: number | null;
  agree: boolean | null;
}

const size = (mentees: number, mentors: number) => `${mentees.toLocaleString('en')} × ${mentors.toLocaleString('en')}`;

function timed<T>(run: () => T): [T, number] {
  const started = performance.now();
  const result = run();
  return [result, performance.now() - started];
}

/**
 * Both solvers are exact on their own grid of rounded scores (the
 * reference's is 1e-12 of the largest score, ours at most nodes / 2^50), so
 * their totals may differ by twice the coarser step per pair, no more.
 */
function agree(input: AssignmentInput, ours: AssignmentResult, theirs: AssignmentResult): boolean {
  const nodes = input.mentors.length + input.mentees.length + 2;
  const largest = input.scores.reduce((max, s) => Math.max(max, s.score), 0);
  const step = Math.max(1e-12, nodes / 2 ** 50) * largest;
  return Math.abs(ours.total - theirs.total) <= 2 * step * Math.max(ours.pairs.length, theirs.pairs.length) + 1e-12;
}

function runRound(mentees: number, mentors: number): RoundRow {
  const taxonomy = loadTaxonomy();
  const { pool } = syntheticOrg(mentees, mentors, taxonomy, 2026);
  const context = { taxonomy, weights: DEFAULT_WEIGHTS, now: new Date('2026-11-30T09:00:00Z') };
  let captured: [AssignmentInput, AssignmentResult] | undefined;
  let solveMs = 0;
  const started = performance.now();
  const round = proposeRound(pool, context, (input) => {
    const [result, ms] = timed(() => solveAssignment(input));
    captured = [input, result];
    solveMs = ms;
    return result;
  });
  const wallMs = performance.now() - started;
  const [input, ours] = captured as [AssignmentInput, AssignmentResult];
  const [reference, referenceMs] = timed(() => solveAssignmentReference(input));
  const greedy = greedyAssignment(input);
  return {
    size: size(mentees, mentors),
    candidates: input.scores.length,
    scoringMs: wallMs - solveMs,
    solveMs,
    referenceMs,
    agree: agree(input, ours, reference),
    wallMs,
    peakMb: process.resourceUsage().maxRSS / 1024,
    pairs: round.pairs.length,
    total: round.total,
    greedyTotal: greedy.total,
    greedyPairs: greedy.pairs.length,
  };
}

function runShape(shape: ShapeName, mentees: number, mentors: number, withReference: boolean): ShapeRow {
  const input = shapeInput(shape, { mentees, mentors, perMentee: CANDIDATES });
  const [ours, solveMs] = timed(() => solveAssignment(input));
  const row: ShapeRow = {
    shape,
    size: size(mentees, mentors),
    candidates: input.scores.length,
    seats: input.mentors.reduce((sum, m) => sum + m.capacity, 0),
    solveMs,
    referenceMs: null,
    pairs: ours.pairs.length,
    total: ours.total,
    difference: null,
    agree: null,
  };
  if (!withReference) return row;
  const [reference, referenceMs] = timed(() => solveAssignmentReference(input));
  return { ...row, referenceMs, difference: reference.total - ours.total, agree: agree(input, ours, reference) };
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args[0] === '--round') {
    process.stdout.write(JSON.stringify(runRound(Number(args[1]), Number(args[2]))));
    return;
  }
  if (args[0] === '--shape') {
    process.stdout.write(JSON.stringify(runShape(args[1] as ShapeName, Number(args[2]), Number(args[3]), args[4] === 'reference')));
    return;
  }
  const full = args.includes('--full');
  const self = fileURLToPath(import.meta.url);
  const child = <T>(...rest: string[]) => JSON.parse(execFileSync(process.execPath, ['--import', 'tsx', self, ...rest], { encoding: 'utf8', maxBuffer: 1 << 24 })) as T;
  const fmt = (n: number, d = 0) => n.toLocaleString('en', { minimumFractionDigits: d, maximumFractionDigits: d });

  const rounds = SIZES.map(([e, m]) => child<RoundRow>('--round', String(e), String(m)));
  console.log(`Matching round benchmark (seed 2026; capacities 1–5; 30 candidates kept per mentee; one thread)\n`);
  console.log('| mentees × mentors | candidate pairs | scoring | exact solve | reference solve | wall time | peak memory | pairs | total score | greedy total (pairs) | gain over greedy |');
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const r of rounds) {
    const gain = r.greedyTotal === 0 ? 0 : ((r.total - r.greedyTotal) / r.greedyTotal) * 100;
    console.log(
      `| ${r.size} | ${fmt(r.candidates)} | ${fmt(r.scoringMs)} ms | ${fmt(r.solveMs)} ms | ${fmt(r.referenceMs)} ms | ${fmt(r.wallMs)} ms | ${fmt(r.peakMb)} MB | ${fmt(r.pairs)} | ${fmt(r.total, 2)} | ${fmt(r.greedyTotal, 2)} (${fmt(r.greedyPairs)}) | +${fmt(gain, 2)}% |`,
    );
    if (r.total + 1e-6 < r.greedyTotal) throw new Error(`optimum below greedy for ${r.size}`);
    if (!r.agree) throw new Error(`the solvers' optimum totals differ for ${r.size}`);
  }
  console.log('\nTargets: 10,000 × 2,000 under 5 s and 500 MB; never below greedy; the same optimum as the reference solver.\n');

  console.log(`Exact solve alone on hard shapes (seed 2026; ${CANDIDATES} candidates per mentee)\n`);
  console.log('| shape | mentees × mentors | candidate pairs | seats | exact solve | reference solve | pairs | total score | same optimum |');
  console.log('|---|---|---:|---:|---:|---:|---:|---:|---|');
  for (const [shape, e, m, reference] of HARD) {
    const r = child<ShapeRow>('--shape', shape, String(e), String(m), reference || full ? 'reference' : '');
    const referenceCell = r.referenceMs === null ? 'skipped (16–25 s; --full)' : `${fmt(r.referenceMs)} ms`;
    const agreeCell = r.agree === null ? '—' : r.agree ? `yes (Δ ${r.difference!.toExponential(0)})` : `NO (Δ ${r.difference!.toExponential(2)})`;
    console.log(`| ${shape} | ${r.size} | ${fmt(r.candidates)} | ${fmt(r.seats)} | ${fmt(r.solveMs)} ms | ${referenceCell} | ${fmt(r.pairs)} | ${fmt(r.total, 2)} | ${agreeCell} |`);
    if (r.agree === false) throw new Error(`the solvers' optimum totals differ on ${shape} ${r.size}`);
  }
  console.log('\nShapes:');
  for (const [shape, text] of Object.entries(SHAPES)) console.log(`- ${shape}: ${text}`);
  console.log('\nTarget: every exact solve at 10,000 × 2,000 under 2 s.');
}

await main();
