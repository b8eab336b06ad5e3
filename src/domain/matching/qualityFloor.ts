import type { Taxonomy } from '../taxonomy.js';
import { KIND_ROLES, type PairKind, type Participant } from './participant.js';
import { type MatchingPool, receivingKinds } from './pool.js';
import { skillsMentioned } from './scoring.js';

/*
 * The quality floor: a pair is proposed only when there is something to
 * learn in it. A score alone cannot promise that (shared hours, close zones
 * and a different department add up to 40% for two people with nothing in
 * common), so the floor is a hard rule, checked with the others in
 * `exclusion`, in every kind of matching: rounds, automatic rounds,
 * self-serve suggestions and requests.
 *
 * Common ground, for a giver and the person they would help:
 * - the giver offers a skill the receiver wants, or another skill of the same
 *   taxonomy cluster (the pairs skill fit already gives half credit: a
 *   "Strong in the same area" reason), or
 * - the giver offers a skill the receiver's goals name (goal relevance's own
 *   reading of the goal text). Only the skill itself counts here: a goal
 *   that mentions one technical skill is not met by every technical skill.
 * Peers learn from each other, so a peer pair has common ground when either
 * of them meets the other's wants as above, when both want the same skill,
 * or when their goals name the same skill.
 *
 * On top of the floor a program may set a minimum fit (0–100): pairs scoring
 * below it are neither proposed nor suggested.
 */

/** The word `exclusion` gives for a pair below the floor. */
export const NO_COMMON_GROUND = 'no common ground';

interface Ground {
  offered: ReadonlySet<string>;
  offeredClusters: ReadonlySet<string>;
  wanted: readonly string[];
  goalSkills: readonly string[];
}

/** Per taxonomy, per participant: a round's reasons for the unmatched ask about the same people many times. */
const grounds = new WeakMap<Taxonomy, WeakMap<Participant, Ground>>();

function groundOf(p: Participant, taxonomy: Taxonomy): Ground {
  let byPerson = grounds.get(taxonomy);
  if (!byPerson) grounds.set(taxonomy, (byPerson = new WeakMap()));
  let ground = byPerson.get(p);
  if (!ground) {
    const clusters = p.offered.map((id) => taxonomy.skills.get(id)?.clusterId).filter((c): c is string => c !== undefined);
    ground = { offered: new Set(p.offered), offeredClusters: new Set(clusters), wanted: p.wanted, goalSkills: skillsMentioned(p.goals, taxonomy) };
    byPerson.set(p, ground);
  }
  return ground;
}

/** Whether what `giver` offers meets something `receiver` wants or aims at. */
function meets(receiver: Ground, giver: Ground, taxonomy: Taxonomy): boolean {
  for (const id of receiver.wanted) {
    if (giver.offered.has(id)) return true;
    const cluster = taxonomy.skills.get(id)?.clusterId;
    if (cluster !== undefined && giver.offeredClusters.has(cluster)) return true;
  }
  return receiver.goalSkills.some((id) => giver.offered.has(id));
}

const shares = (a: readonly string[], b: readonly string[]) => a.some((id) => b.includes(id));

/** The quality floor for one pair in one kind of pairing. */
export function hasCommonGround(receiver: Participant, giver: Participant, kind: PairKind, taxonomy: Taxonomy): boolean {
  const r = groundOf(receiver, taxonomy);
  const g = groundOf(giver, taxonomy);
  if (meets(r, g, taxonomy)) return true;
  if (kind !== 'peer') return false;
  return meets(g, r, taxonomy) || shares(r.wanted, g.wanted) || shares(r.goalSkills, g.goalSkills);
}

/** What a pair's common ground is, told the way the receiver sees it (skill ids). */
export type GroundFacts =
  /** Skills the receiver wants that the giver offers. */
  | { match: 'exact'; skills: string[] }
  /** Skills the receiver wants whose cluster the giver offers. */
  | { match: 'near'; skills: string[] }
  /** Skills the receiver's goals name that the giver offers. */
  | { match: 'goal'; skills: string[] };

/** The strongest common ground the giver meets the receiver on (a wanted skill, then its cluster, then a goal), or null below the floor. */
export function groundFacts(receiver: Participant, giver: Participant, taxonomy: Taxonomy): GroundFacts | null {
  const r = groundOf(receiver, taxonomy);
  const g = groundOf(giver, taxonomy);
  const exact = r.wanted.filter((id) => g.offered.has(id));
  if (exact.length > 0) return { match: 'exact', skills: [...new Set(exact)] };
  const near = r.wanted.filter((id) => {
    const cluster = taxonomy.skills.get(id)?.clusterId;
    return cluster !== undefined && g.offeredClusters.has(cluster);
  });
  if (near.length > 0) return { match: 'near', skills: [...new Set(near)] };
  const goals = r.goalSkills.filter((id) => g.offered.has(id));
  return goals.length > 0 ? { match: 'goal', skills: goals } : null;
}

/** Whether anyone in the pool who gives in one of these kinds has common ground with the receiver. */
export function belowFloor(receiver: Participant, givers: readonly Participant[], kinds: readonly PairKind[], taxonomy: Taxonomy): boolean {
  return !givers.some((g) => g.id !== receiver.id && kinds.some((k) => g.roles.includes(KIND_ROLES[k].giver) && hasCommonGround(receiver, g, k, taxonomy)));
}

/**
 * What a receiver below the floor is waiting for: the skills they want that
 * nobody in the pool who gives in a kind they want offers, by name, in the
 * order they chose them.
 */
export function unofferedWants(receiver: Participant, pool: MatchingPool, taxonomy: Taxonomy): string[] {
  const kinds = receivingKinds(receiver, pool.busyReceivers);
  const offered = new Set(pool.participants.filter((g) => g.id !== receiver.id && kinds.some((k) => g.roles.includes(KIND_ROLES[k].giver))).flatMap((g) => g.offered));
  return [...new Set(receiver.wanted)].filter((id) => !offered.has(id)).map((id) => skillName(id, taxonomy));
}

export const skillName = (id: string, taxonomy: Taxonomy): string => taxonomy.skills.get(id)?.name ?? id;

/** The lowest score a pair may have in the pool's program, or -Infinity when it sets no minimum fit. */
export function minimumScore(pool: Pick<MatchingPool, 'minFit'>): number {
  return pool.minFit === null || pool.minFit === undefined ? Number.NEGATIVE_INFINITY : pool.minFit / 100;
}
