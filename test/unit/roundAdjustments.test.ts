import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { syntheticOrg } from '../../bench/syntheticOrg.js';
import { solveAssignment } from '../../src/domain/matching/assignment.js';
import { solveAssignmentReference } from '../../src/domain/matching/assignmentReference.js';
import { DEFAULT_WEIGHTS } from '../../src/domain/matching/participant.js';
import { proposeRound, shortlistRound } from '../../src/domain/matching/round.js';
import { adjust, adjustmentsWithout, noAdjustments, type PairRef } from '../../src/domain/matching/roundAdjustments.js';
import type { ScoringContext } from '../../src/domain/matching/scoring.js';
import { loadTaxonomy } from '../../src/taxonomy/loadTaxonomy.js';

/*
 * A round re-solved around a coordinator's pins and removals: pinned pairs
 * stay, removed pairs never come back, and everyone else is placed
 * optimally, which the reference solver checks on the rest of the program.
 */

const taxonomy = loadTaxonomy();
const context: ScoringContext = { taxonomy, weights: DEFAULT_WEIGHTS, now: new Date('2026-03-09T12:00:00Z') };
const at = new Date('2026-03-09T12:00:00Z');

describe('a round re-solved around pins and removals', () => {
  it('keeps every pin, never proposes a removed pair, and is optimal for everyone else', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000 }), fc.array(fc.nat(), { minLength: 1, maxLength: 6 }), (seed, picks) => {
        const { pool } = syntheticOrg(24, 10, taxonomy, seed);
        const first = proposeRound(pool, context, solveAssignment);
        fc.pre(first.pairs.length >= 2);
        // Each pick pins, removes or swaps one of the first proposal's pairs (to one of the mentee's shortlisted mentors).
        let adjustments = noAdjustments(first.total);
        for (const [i, n] of picks.entries()) {
          const pair = first.pairs[n % first.pairs.length]!;
          const ref: PairRef = { receiverId: pair.receiverId, giverId: pair.giverId, kind: pair.kind };
          const other = shortlistRound(pool, context, 5, [pair.receiverId]).find((c) => c.giverId !== pair.giverId);
          const action = i % 3 === 0 ? 'pin' : i % 3 === 1 || !other ? 'remove' : 'swap';
          adjustments = action === 'swap' && other ? adjust(adjustments, { action, pair: ref, to: { receiverId: other.receiverId, giverId: other.giverId, kind: other.kind } }, 'U0GRACE001', at) : adjust(adjustments, { action: action === 'swap' ? 'remove' : action, pair: ref }, 'U0GRACE001', at);
        }
        const round = proposeRound(pool, context, solveAssignment, { adjustments });
        const placed = new Map(round.pairs.map((p) => [p.receiverId, p]));
        for (const pin of round.adjustments?.pinned ?? []) expect(placed.get(pin.receiverId)).toMatchObject({ giverId: pin.giverId, pinned: true });
        for (const r of adjustments.removed) if (!adjustments.pinned.some((p) => p.receiverId === r.receiverId && p.giverId === r.giverId)) expect(placed.get(r.receiverId)?.giverId).not.toBe(r.giverId);

        // The rest is the optimum of the program without the pinned mentees and with the pins' places taken.
        const pinned = round.pairs.filter((p) => p.pinned);
        const taken = new Map<string, number>();
        for (const p of pinned) taken.set(p.giverId, (taken.get(p.giverId) ?? 0) + 1);
        const removed = new Set(adjustments.removed.map((r) => `${r.receiverId}|${r.giverId}`));
        const pinnedIds = new Set(pinned.map((p) => p.receiverId));
        const shortlists = shortlistRound(pool, context).filter((c) => !pinnedIds.has(c.receiverId) && !removed.has(`${c.receiverId}|${c.giverId}`));
        const givers = pool.participants.filter((p) => p.capacity - p.load - (taken.get(p.id) ?? 0) > 0);
        const open = new Set(givers.map((g) => g.id));
        const reference = solveAssignmentReference({
          mentors: givers.map((g) => ({ id: g.id, capacity: g.capacity - g.load - (taken.get(g.id) ?? 0) })),
          mentees: [...new Set(shortlists.map((c) => c.receiverId))].map((id) => ({ id })),
          scores: shortlists.filter((c) => open.has(c.giverId)).map((c) => ({ mentee: c.receiverId, mentor: c.giverId, score: c.score })),
        });
        const pinScores = pinned.reduce((sum, p) => sum + p.score, 0);
        expect(round.total).toBeCloseTo(pinScores + reference.total, 6);
        expect(first.total).toBeGreaterThanOrEqual(round.total - 1e-9);
      }),
      { numRuns: 15 },
    );
  });

  it('records who did what, and a swap is a removal and a pin', () => {
    const a: PairRef = { receiverId: 'U0E1', giverId: 'U0M1', kind: 'mentoring' };
    const b: PairRef = { receiverId: 'U0E1', giverId: 'U0M2', kind: 'mentoring' };
    const swapped = adjust(adjust(noAdjustments(3), { action: 'pin', pair: a }, 'U0GRACE001', at), { action: 'swap', pair: a, to: b }, 'U0GRACE001', at);
    expect(swapped.pinned).toEqual([b]);
    expect(swapped.removed).toEqual([a]);
    expect(swapped.log.map((e) => e.action)).toEqual(['pin', 'swap']);
    expect(swapped.log[1]).toMatchObject({ by: 'U0GRACE001', receiverId: 'U0E1', giverId: 'U0M1', newGiverId: 'U0M2', at: at.toISOString() });
    // Pinning a removed pair brings it back.
    expect(adjust(swapped, { action: 'pin', pair: a }, 'U0GRACE001', at)).toMatchObject({ pinned: [a], removed: [] });
  });

  it('forgets a person who erased their data, and unnames an erased coordinator', () => {
    const a: PairRef = { receiverId: 'U0E1', giverId: 'U0M1', kind: 'mentoring' };
    const b: PairRef = { receiverId: 'U0E2', giverId: 'U0M2', kind: 'mentoring' };
    const both = adjust(adjust(noAdjustments(3), { action: 'pin', pair: a }, 'U0GRACE001', at), { action: 'remove', pair: b }, 'U0HANA0001', at);
    const withoutM1 = adjustmentsWithout(both, 'U0M1', 'deleted');
    expect(withoutM1.pinned).toEqual([]);
    expect(JSON.stringify(withoutM1)).not.toContain('U0M1');
    expect(adjustmentsWithout(both, 'U0HANA0001', 'deleted').log[1]?.by).toBe('deleted');
  });
});
