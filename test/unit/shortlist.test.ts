import { describe, expect, it } from 'vitest';
import { prng, syntheticOrg } from '../../bench/syntheticOrg.js';
import { compilePool, exclusion } from '../../src/domain/matching/candidates.js';
import { type Candidate, type MatchingPool, receivingKinds } from '../../src/domain/matching/pool.js';
import { DEFAULT_WEIGHTS, type PairKind } from '../../src/domain/matching/participant.js';
import { shortlistRound } from '../../src/domain/matching/round.js';
import { type ScoringContext, scorePair } from '../../src/domain/matching/scoring.js';
import { loadTaxonomy } from '../../src/taxonomy/loadTaxonomy.js';

const taxonomy = loadTaxonomy();
const context: ScoringContext = { taxonomy, weights: DEFAULT_WEIGHTS, now: new Date('2026-03-09T12:00:00Z') };

/** The slow, obvious shortlist: every pair through `exclusion` and `scorePair`. */
function reference(pool: MatchingPool, limit: number): Candidate[] {
  const compiled = compilePool(pool, context);
  const out: Candidate[] = [];
  for (const r of pool.participants) {
    const kinds = receivingKinds(r, pool.busyReceivers);
    if (kinds.length === 0) continue;
    const list: Candidate[] = [];
    for (const g of pool.participants) {
      let best: Candidate | undefined;
      for (const kind of kinds as PairKind[]) {
        if (exclusion(r, g, kind, pool, context) !== null) continue;
        const score = scorePair(compiled.get(r.id)!, compiled.get(g.id)!, kind, context).score;
        if (!best || score > best.score) best = { receiverId: r.id, giverId: g.id, kind, score };
      }
      // A program's minimum fit leaves out a pair whose best kind falls below it.
      if (best && (pool.minFit === null || pool.minFit === undefined || best.score >= pool.minFit / 100)) list.push(best);
    }
    list.sort((a, b) => b.score - a.score || a.giverId.localeCompare(b.giverId));
    out.push(...list.slice(0, limit));
  }
  return out;
}

function shuffleRoles(pool: MatchingPool, seed: number): MatchingPool {
  // Mix in peers, mentors who also want mentors, and reporting lines between givers.
  const random = prng(seed);
  const participants = pool.participants.map((original) => {
    // Some mentors have a rating history; most do not.
    const p = { ...original, rating: random() < 0.3 ? 1 + random() * 4 : null };
    const r = random();
    if (r < 0.15) return { ...p, roles: ['peer' as const], capacity: 2, level: p.level };
    if (r < 0.25) return { ...p, roles: [...p.roles, 'mentee' as const], wanted: p.wanted.length ? p.wanted : ['coaching'] };
    return p;
  });
  const managers = new Map(pool.managers);
  for (const p of participants) if (random() < 0.1) managers.set(p.id, participants[Math.floor(random() * participants.length)]?.id ?? null);
  return { ...pool, participants, managers };
}

describe('the round shortlist', () => {
  it.each([1, 2, 3])('matches the obvious per-pair computation on random program %i', (seed) => {
    const { pool } = syntheticOrg(60, 25, taxonomy, seed);
    const mixed = shuffleRoles(pool, seed);
    const fast = shortlistRound(mixed, context, 5);
    const slow = reference(mixed, 5);
    expect(fast.length).toBeGreaterThan(100);
    // Same pairs, same kinds, the very same scores: one formula, one order of addition.
    expect(fast).toEqual(slow);
  });

  it.each([[4, 60], [5, 70], [6, 0]])('still matches it under a minimum fit, on random program %i (minimum %i%%)', (seed, minFit) => {
    const { pool } = syntheticOrg(60, 25, taxonomy, seed);
    const mixed = { ...shuffleRoles(pool, seed), minFit };
    const fast = shortlistRound(mixed, context, 5);
    expect(fast.every((c) => c.score >= minFit / 100)).toBe(true);
    expect(fast).toEqual(reference(mixed, 5));
  });
});
