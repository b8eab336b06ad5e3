import type { AssignmentInput, AssignmentResult, PairScore } from './assignment.js';

/*
 * A peer partnership is mutual: it takes one place of each peer. The
 * assignment sees givers and receivers as two sides, so on its own it lets
 * a peer receive from one peer and give to another beyond their places (for
 * five peers of one place each it chained A–B, B–C, C–D, D–E). After each
 * solve, the weakest peer pair of everyone over their places is taken out
 * and the round solved again, until everyone fits. Mentoring and reverse
 * pairs are never taken out: only a peer pair takes a receiver's place.
 */

export interface PlacesRule {
  /** Places left per person: capacity less what they give already, and less one for a peer partner they already have. */
  places: ReadonlyMap<string, number>;
  isPeer: (pair: { mentee: string; mentor: string }) => boolean;
  /** Pairs kept whatever the solve finds (a coordinator's pins): they count, and are never taken out. */
  fixed: readonly { mentee: string; mentor: string }[];
}

/** Enough for every round seen in practice; past it, the weakest pairs over their places are dropped without solving again. */
const MAX_SOLVES = 25;

export function solveWithinPlaces(solve: (input: AssignmentInput) => AssignmentResult, input: AssignmentInput, rule: PlacesRule): AssignmentResult {
  const first = solve(input);
  if (weakestOverPlaces(first.pairs, rule).size === 0) return first;
  let scores = oriented(input.scores, first.pairs, rule);
  const mentors = withPlaceToReceive(input, rule);
  for (let solves = 2; ; solves += 1) {
    const result = solve({ ...input, mentors, scores });
    const over = weakestOverPlaces(result.pairs, rule);
    if (over.size === 0) return result;
    if (solves === MAX_SOLVES) return dropUntilWithin(result, rule);
    scores = scores.filter((s) => !over.has(key(s)));
  }
}

/**
 * Taking out one pair at a time converges slowly on long chains, so the
 * first solve's chains of one-place peers settle each peer's side instead:
 * along a chain, peers alternate between giving and receiving, whichever
 * way keeps more of the chain's score. A peer pair is then allowed only from
 * a receiving peer to a giving one, and no one-place peer in a chain can be
 * on both sides again. Peers outside every chain keep both sides.
 */
function oriented(scores: readonly PairScore[], firstPairs: readonly PairScore[], rule: PlacesRule): PairScore[] {
  const onePlace = (id: string) => (rule.places.get(id) ?? 0) <= 1;
  const links = new Map<string, PairScore[]>();
  for (const p of firstPairs) {
    if (!rule.isPeer(p) || !onePlace(p.mentee) || !onePlace(p.mentor)) continue;
    for (const id of [p.mentee, p.mentor]) links.set(id, [...(links.get(id) ?? []), p]);
  }
  const gives = new Map<string, boolean>();
  for (const start of [...links.keys()].sort()) {
    if (gives.has(start)) continue;
    // Two colours along the chain (a cycle of odd length leaves one clash for the loop to settle).
    const colour = new Map<string, boolean>([[start, true]]);
    const chain: PairScore[] = [];
    for (const queue = [start]; queue.length > 0; ) {
      const id = queue.shift() as string;
      for (const p of links.get(id) ?? []) {
        const other = p.mentee === id ? p.mentor : p.mentee;
        if (!chain.includes(p)) chain.push(p);
        if (colour.has(other)) continue;
        colour.set(other, !colour.get(id));
        queue.push(other);
      }
    }
    const kept = (giverColour: boolean) => chain.filter((p) => colour.get(p.mentor) === giverColour && colour.get(p.mentee) !== giverColour).reduce((sum, p) => sum + p.score, 0);
    const giverColour = kept(true) >= kept(false);
    for (const [id, c] of colour) gives.set(id, c === giverColour);
  }
  // A one-place peer the first solve left alone receives: that is how a peer who found nobody gets a partner.
  const givesNow = (id: string) => gives.get(id) ?? !onePlace(id);
  return scores.filter((s) => !rule.isPeer(s) || (givesNow(s.mentor) && !(gives.get(s.mentee) ?? false)));
}

const key = (p: { mentee: string; mentor: string }) => `${p.mentee}|${p.mentor}`;

/** A peer of several places who may also receive a peer keeps one place for it, so giving never crowds it out. */
function withPlaceToReceive(input: AssignmentInput, rule: PlacesRule): AssignmentInput['mentors'] {
  const receivesPeer = new Set(input.scores.filter((s) => rule.isPeer(s)).map((s) => s.mentee));
  return input.mentors.map((m) => {
    const places = rule.places.get(m.id) ?? 0;
    return receivesPeer.has(m.id) && places > 1 ? { ...m, capacity: Math.min(m.capacity, places - 1) } : m;
  });
}

/** How many places each person's pairs take: every pair they give in, and every peer pair they receive in. */
function placesTaken(pairs: readonly PairScore[], rule: PlacesRule): Map<string, PairScore[]> {
  const taking = new Map<string, PairScore[]>();
  const add = (id: string, p: PairScore) => taking.set(id, [...(taking.get(id) ?? []), p]);
  for (const p of pairs) {
    add(p.mentor, p);
    if (rule.isPeer(p)) add(p.mentee, p);
  }
  return taking;
}

/** For each person over their places, their weakest peer pair that is not fixed. */
function weakestOverPlaces(pairs: readonly PairScore[], rule: PlacesRule): Set<string> {
  const fixed = new Set(rule.fixed.map(key));
  const fixedTaken = placesTaken(rule.fixed.map((p) => ({ ...p, score: 0 })), rule);
  const out = new Set<string>();
  for (const [id, taken] of placesTaken(pairs, rule)) {
    const places = rule.places.get(id) ?? 0;
    if (taken.length + (fixedTaken.get(id)?.length ?? 0) <= places) continue;
    const weakest = taken.filter((p) => rule.isPeer(p) && !fixed.has(key(p))).sort((a, b) => a.score - b.score || key(a).localeCompare(key(b)))[0];
    if (weakest) out.add(key(weakest));
  }
  return out;
}

function dropUntilWithin(result: AssignmentResult, rule: PlacesRule): AssignmentResult {
  let pairs = result.pairs;
  for (let over = weakestOverPlaces(pairs, rule); over.size > 0; over = weakestOverPlaces(pairs, rule)) pairs = pairs.filter((p) => !over.has(key(p)));
  return { pairs, total: pairs.reduce((sum, p) => sum + p.score, 0) };
}
