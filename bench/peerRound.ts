import { createRequire } from 'node:module';
import { type AssignmentInput, solveAssignment } from '../src/domain/matching/assignment.js';
import { DEFAULT_WEIGHTS, type Participant } from '../src/domain/matching/participant.js';
import { proposeRound } from '../src/domain/matching/round.js';
import { loadTaxonomy } from '../src/taxonomy/loadTaxonomy.js';
import { syntheticOrg } from './syntheticOrg.js';

/**
 * npm run bench:peer-round — a round in a peer program: the synthetic
 * organisation's people all peers, so the assignment must keep every peer
 * within their places (src/domain/matching/peerPlaces.ts). Prints how many
 * solves it took, how many got more partners than places (0 is the rule),
 * and the total fit. With one place each the exact optimum is a maximum
 * weight matching in a general graph, which the blossom algorithm finds
 * (edmonds-blossom, O(n³), so only up to 2,000 peers): the round's total
 * against it. With a fifth of the peers at two places, no exact figure.
 */

const require = createRequire(import.meta.url);
const blossom = require('edmonds-blossom') as (edges: [number, number, number][]) => number[];

const taxonomy = loadTaxonomy();
const context = { taxonomy, weights: DEFAULT_WEIGHTS, now: new Date('2026-11-30T09:00:00Z') };

console.log('| peers | places | solves | pairs | waiting | over their places | total fit | exact optimum | whole round |');
console.log('|---:|---|---:|---:|---:|---:|---:|---:|---:|');
for (const [size, mixed] of [[500, false], [2_000, false], [2_000, true], [5_000, true]] as const) {
  const org = syntheticOrg(size, 1, taxonomy, 7);
  const peers: Participant[] = org.pool.participants
    .filter((p) => p.id.startsWith('E'))
    .map((p, i) => ({ ...p, roles: ['peer'], offered: p.wanted, level: 4 + (i % 2), capacity: mixed && i % 5 === 0 ? 2 : 1, load: 0 }));
  const pool = { ...org.pool, participants: peers, managers: new Map(peers.map((p) => [p.id, null])) };
  let solves = 0;
  let candidates: AssignmentInput['scores'] = [];
  const counting = (input: AssignmentInput) => {
    solves += 1;
    if (solves === 1) candidates = input.scores;
    return solveAssignment(input);
  };
  const started = performance.now();
  const round = proposeRound(pool, context, counting);
  const ms = performance.now() - started;
  const partners = new Map<string, number>();
  for (const p of round.pairs) for (const id of [p.receiverId, p.giverId]) partners.set(id, (partners.get(id) ?? 0) + 1);
  const over = peers.filter((p) => (partners.get(p.id) ?? 0) > p.capacity).length;
  const exact = mixed ? '–' : optimum(candidates).toFixed(1);
  console.log(
    `| ${size.toLocaleString('en-GB')} | ${mixed ? 'a fifth two' : 'one each'} | ${solves} | ${round.pairs.length.toLocaleString('en-GB')} | ${round.unmatched.length.toLocaleString('en-GB')} | ${over} | ${round.total.toFixed(1)} | ${exact} | ${Math.round(ms).toLocaleString('en-GB')} ms |`,
  );
}

/** The best total of pairs in which nobody appears twice, over the same candidates (scores scaled to integers for the algorithm). */
function optimum(scores: AssignmentInput['scores']): number {
  const ids = [...new Set(scores.flatMap((s) => [s.mentee, s.mentor]))];
  const index = new Map(ids.map((id, i) => [id, i]));
  const edges = scores.filter((s) => s.score > 0).map((s): [number, number, number] => [index.get(s.mentee) as number, index.get(s.mentor) as number, Math.round(s.score * 1e6)]);
  const mate = blossom(edges);
  const weight = new Map(scores.map((s) => [`${index.get(s.mentee)}|${index.get(s.mentor)}`, s.score]));
  let total = 0;
  mate.forEach((j, i) => {
    if (j > i) total += weight.get(`${i}|${j}`) ?? weight.get(`${j}|${i}`) ?? 0;
  });
  return total;
}
