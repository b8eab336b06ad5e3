import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { fairSolver } from '../src/domain/matching/fairnessTarget.js';
import { fairnessGroupsOf } from '../src/domain/matching/fairnessGroups.js';
import { DEFAULT_WEIGHTS } from '../src/domain/matching/participant.js';
import { proposeRound, shortlistRound } from '../src/domain/matching/round.js';
import { loadTaxonomy } from '../src/taxonomy/loadTaxonomy.js';
import { syntheticOrg } from './syntheticOrg.js';

/**
 * node --import tsx bench/fairness.ts — the fairness target on the
 * 10,000 × 2,000 synthetic organisation (bench/syntheticOrg.ts, seed 2026):
 * the round's exact solve without a target, then with targets of 20, 10, 5
 * and 2 points (groups of at least 5), each in its own process. Prints the
 * solve time, how many solves it took, the groups below the target before
 * and after, and what it cost in total fit.
 */

const TARGETS = [20, 10, 5, 2] as const;
const MIN_GROUP = 5;
const MENTEES = 10_000;
const MENTORS = 2_000;

interface Row {
  target: number | null;
  solveMs: number;
  solves: number;
  below: number;
  belowAfter: number;
  worstBefore: string;
  worstAfter: string;
  pairs: number;
  total: number;
  cost: number;
  costPercent: number;
  met: boolean;
}

function run(target: number | null): Row {
  const taxonomy = loadTaxonomy();
  const { pool } = syntheticOrg(MENTEES, MENTORS, taxonomy, 2026);
  const context = { taxonomy, weights: DEFAULT_WEIGHTS, now: new Date('2026-11-30T09:00:00Z') };
  const shortlists = shortlistRound(pool, context);
  const fair = fairSolver(fairnessGroupsOf(pool), { targetPoints: target, minGroupSize: MIN_GROUP });
  let solveMs = 0;
  const round = proposeRound(pool, context, (input) => {
    const started = performance.now();
    const result = fair.solve(input);
    solveMs = performance.now() - started;
    return result;
  }, { shortlists });
  const report = fair.report();
  const pts = (overall: number, rate: number) => `${((overall - rate) * 100).toFixed(1)}`;
  const worst = (groups: { group: string; before: number; after: number }[], overall: number, key: 'before' | 'after') => {
    const g = [...groups].sort((a, b) => a[key] - b[key])[0];
    return g ? `${g.group} ${pts(overall, g[key])} pts` : '—';
  };
  return {
    target,
    solveMs,
    solves: report?.solves ?? 1,
    below: report ? report.lifted.length + report.unmet.length : 0,
    belowAfter: report?.unmet.length ?? 0,
    worstBefore: report ? worst([...report.lifted, ...report.unmet], report.overallBefore, 'before') : '—',
    worstAfter: report ? worst(report.unmet, report.overallAfter, 'after') : '—',
    pairs: round.pairs.length,
    total: round.total,
    cost: report?.cost ?? 0,
    costPercent: report?.costPercent ?? 0,
    met: report?.met ?? true,
  };
}

function main(): void {
  const args = process.argv.slice(2);
  if (args[0] === '--one') {
    process.stdout.write(JSON.stringify(run(args[1] === 'none' ? null : Number(args[1]))));
    return;
  }
  const self = fileURLToPath(import.meta.url);
  const child = (target: string) => JSON.parse(execFileSync(process.execPath, ['--import', 'tsx', self, '--one', target], { encoding: 'utf8', maxBuffer: 1 << 24 })) as Row;
  const fmt = (n: number, d = 0) => n.toLocaleString('en', { minimumFractionDigits: d, maximumFractionDigits: d });
  console.log(`Fairness target on ${fmt(MENTEES)} × ${fmt(MENTORS)} (seed 2026; groups: department, level, location of at least ${MIN_GROUP}; one thread)\n`);
  console.log('| target | solve | solves | groups below before → after | widest gap before | widest gap after | pairs | total fit | cost |');
  console.log('|---|---:|---:|---|---|---|---:|---:|---:|');
  const plain = child('none');
  console.log(`| none | ${fmt(plain.solveMs)} ms | 1 | — | — | — | ${fmt(plain.pairs)} | ${fmt(plain.total, 2)} | — |`);
  for (const target of TARGETS) {
    const r = child(String(target));
    console.log(`| ${target} points | ${fmt(r.solveMs)} ms | ${r.solves} | ${r.below} → ${r.belowAfter}${r.met ? '' : ' (not met)'} | ${r.worstBefore} | ${r.worstAfter} | ${fmt(r.pairs)} | ${fmt(r.total, 2)} | ${fmt(r.cost, 2)} (${fmt(r.costPercent, 2)}%) |`);
    if (r.cost < 0 || r.total > plain.total + 1e-6) throw new Error(`the fair total beats the optimum at ${target} points`);
  }
}

main();
