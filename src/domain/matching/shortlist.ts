import { PAIR_KINDS } from '../mentorship.js';
import { indexOf, type Candidate, type MatchingPool, receivingKinds } from './pool.js';
import { KIND_ROLES, mayReceive, type PairKind } from './participant.js';
import { hasCommonGround, minimumScore } from './qualityFloor.js';
import { calendarPart, capacityFactor, ratingFactor, combine, type CompiledParticipant, NO_GOAL_VALUE, seniorityValue } from './scoring.js';
import { formatValue, type Pace, paceValue } from './workingStyle.js';
import type { Format } from '../intake.js';

const KINDS: readonly PairKind[] = PAIR_KINDS;

/**
 * Every receiver's best few givers. A round scores every eligible pair of the
 * program (20 million for 10,000 × 2,000), so the givers are laid out as
 * flat columns (skills as bit sets, levels, loads, calendars) and a
 * receiver's pass over them reads contiguous memory and allocates nothing.
 *
 * It applies exactly the rules of `exclusion` (the quality floor included)
 * and the score of `scorePair`, and leaves out pairs below the program's
 * minimum fit; test/unit/shortlist.test.ts holds it to the plain per-pair
 * computation on random programs.
 */
export class Shortlister {
  private readonly givers: readonly CompiledParticipant[];
  /** For each skill and each cluster, the givers who offer it: credit is summed along these lists. */
  private readonly bySkill = new Map<number, Int32Array>();
  private readonly byCluster = new Map<number, Int32Array>();
  /** Scratch per receiver: exact hits, exact hits on clustered skills, and cluster hits, per giver. */
  private readonly exact: Float64Array;
  private readonly exactClustered: Float64Array;
  private readonly clusterHits: Float64Array;
  private readonly wantedCredit: Float64Array;
  private readonly goalCredit: Float64Array;
  /** Scratch per receiver: 1 where the giver offers a skill the receiver's goals name (the floor's goal half). */
  private readonly goalHit: Uint8Array;
  private readonly minScore: number;
  private readonly calendar: Int32Array;
  private readonly department: Int32Array;
  private readonly level: Float64Array;
  private readonly capacityValue: Float64Array;
  private readonly ratingValue: Float64Array;
  private readonly format: (Format | null)[];
  private readonly pace: (Pace | null)[];
  private readonly location: Int32Array;
  private readonly kinds: Uint8Array;
  private readonly ids: string[];
  private readonly position = new Map<string, number>();
  /** For a manager, the givers who report to them (at any depth): a giver never mentors someone above them. */
  private readonly reportsTo = new Map<string, number[]>();
  /** Scratch per receiver: givers ruled out by the pair rules that do not depend on kind. */
  private readonly ruledOut: Uint8Array;
  private readonly calendars: number[];
  /** Scratch for one pair's factors (all but the calendar's two, which come per calendar). */
  private readonly factors = new Float64Array(10);

  constructor(
    givers: readonly CompiledParticipant[],
    private readonly pool: MatchingPool,
    private readonly weights: Float64Array,
  ) {
    // Givers without room never enter a shortlist.
    this.givers = givers.filter((g) => g.p.load < g.p.capacity);
    const n = this.givers.length;
    this.exact = new Float64Array(n);
    this.exactClustered = new Float64Array(n);
    this.clusterHits = new Float64Array(n);
    this.wantedCredit = new Float64Array(n);
    this.goalCredit = new Float64Array(n);
    this.goalHit = new Uint8Array(n);
    this.minScore = minimumScore(pool);
    const postings = (lists: Map<number, number[]>, bits: Uint32Array, j: number) => {
      for (const code of members(bits)) lists.set(code, [...(lists.get(code) ?? []), j]);
    };
    const skillLists = new Map<number, number[]>();
    const clusterLists = new Map<number, number[]>();
    this.calendar = new Int32Array(n);
    this.department = new Int32Array(n);
    this.level = new Float64Array(n);
    this.capacityValue = new Float64Array(n);
    this.ratingValue = new Float64Array(n);
    this.kinds = new Uint8Array(n);
    this.format = this.givers.map((g) => g.p.format ?? null);
    this.pace = this.givers.map((g) => g.p.pace ?? null);
    this.location = Int32Array.from(this.givers, (g) => g.location);
    const lines = indexOf(pool).ancestors;
    this.ids = this.givers.map((g) => g.p.id);
    this.ids.forEach((id, j) => {
      this.position.set(id, j);
      for (const manager of lines.get(id) ?? []) this.reportsTo.set(manager, [...(this.reportsTo.get(manager) ?? []), j]);
    });
    this.ruledOut = new Uint8Array(n);
    this.givers.forEach((g, j) => {
      postings(skillLists, g.offeredBits, j);
      postings(clusterLists, g.offeredClusterBits, j);
      this.calendar[j] = g.calendar;
      this.department[j] = g.department;
      this.level[j] = g.p.level ?? Number.NaN;
      this.capacityValue[j] = capacityFactor(g.p);
      this.ratingValue[j] = ratingFactor(g.p);
      this.kinds[j] = KINDS.reduce((bits, kind, k) => (g.p.roles.includes(KIND_ROLES[kind].giver) ? bits | (1 << k) : bits), 0);
    });
    for (const [code, list] of skillLists) this.bySkill.set(code, Int32Array.from(list));
    for (const [code, list] of clusterLists) this.byCluster.set(code, Int32Array.from(list));
    this.calendars = [...new Set(this.givers.map((g) => g.calendar))];
  }

  /**
   * Every giver's average credit for a list of wanted skills, summed along
   * the offer lists rather than pair by pair: a wanted skill a giver offers
   * counts 1; otherwise one whose cluster the giver offers counts ½. The sums
   * are whole and half numbers, so the result is bit-for-bit what scoring a
   * single pair gives.
   */
  private credits(skills: Int32Array, clusters: Int32Array, out: Float64Array): void {
    const { exact, exactClustered, clusterHits } = this;
    exact.fill(0);
    exactClustered.fill(0);
    clusterHits.fill(0);
    for (let i = 0; i < skills.length; i += 1) {
      const cluster = clusters[i] as number;
      const offering = this.bySkill.get(skills[i] as number);
      if (offering) {
        for (let k = 0; k < offering.length; k += 1) {
          const j = offering[k] as number;
          exact[j] = (exact[j] as number) + 1;
          if (cluster >= 0) exactClustered[j] = (exactClustered[j] as number) + 1;
        }
      }
      const near = cluster >= 0 ? this.byCluster.get(cluster) : undefined;
      if (near) for (let k = 0; k < near.length; k += 1) clusterHits[near[k] as number] = (clusterHits[near[k] as number] as number) + 1;
    }
    for (let j = 0; j < out.length; j += 1) out[j] = ((exact[j] as number) + 0.5 * ((clusterHits[j] as number) - (exactClustered[j] as number))) / skills.length;
  }

  /** The receiver's best `limit` givers, best first, ties by giver ID. */
  shortlist(receiver: CompiledParticipant, limit: number): Candidate[] {
    const r = receiver.p;
    const kindCodes = receivingKinds(r, this.pool.busyReceivers)
      .filter((kind) => mayReceive(r, kind))
      .map((kind) => KINDS.indexOf(kind));
    if (kindCodes.length === 0 || limit <= 0) return [];
    // Givers this receiver may not have whatever the kind: themselves, blocked
    // pairs, and anyone in their management line, either way up.
    const index = indexOf(this.pool);
    const ruledOut: number[] = [];
    const rule = (j: number | undefined) => {
      if (j !== undefined && this.ruledOut[j] === 0) {
        this.ruledOut[j] = 1;
        ruledOut.push(j);
      }
    };
    rule(this.position.get(r.id));
    for (const id of index.blocked.get(r.id) ?? []) rule(this.position.get(id));
    for (const id of index.ancestors.get(r.id) ?? []) rule(this.position.get(id));
    for (const j of this.reportsTo.get(r.id) ?? []) rule(j);
    const w = this.weights;
    const space = receiver.space;
    // The calendar-pair factors, once per calendar rather than once per giver.
    const byCalendar = new Float64Array(Math.max(0, ...this.calendars) + 1);
    for (const c of this.calendars) byCalendar[c] = calendarPart(space, space.cell(receiver.calendar, c), w);
    const noGoals = receiver.goalSkills.length === 0;
    const noWanted = receiver.wanted.length === 0;
    if (!noWanted) this.credits(receiver.wanted, receiver.wantedClusters, this.wantedCredit);
    if (!noGoals) {
      this.credits(receiver.goalSkills, receiver.goalClusters, this.goalCredit);
      this.goalHit.fill(0);
      for (let i = 0; i < receiver.goalSkills.length; i += 1) {
        const offering = this.bySkill.get(receiver.goalSkills[i] as number);
        if (offering) for (let k = 0; k < offering.length; k += 1) this.goalHit[offering[k] as number] = 1;
      }
    }
    const taxonomy = space.context.taxonomy;
    const rLevel = r.level ?? Number.NaN;
    const rLocation = receiver.location;

    const factors = this.factors;
    const topScore = new Float64Array(limit);
    const topGiver = new Int32Array(limit);
    const topKind = new Int8Array(limit);
    let size = 0;
    for (let j = 0; j < this.givers.length; j += 1) {
      if (this.ruledOut[j] === 1) continue;
      const gLevel = this.level[j] as number;
      // The quality floor: what the giver offers meets a wanted skill (or its cluster) or a goal's skill.
      const grounded = (!noWanted && (this.wantedCredit[j] as number) > 0) || (!noGoals && this.goalHit[j] === 1);
      let bestKind = -1;
      let bestScore = -Infinity;
      // How and how often they like to meet does not depend on the kind of pairing.
      factors[8] = formatValue(r.format, this.format[j], rLocation >= 0 && rLocation === this.location[j]);
      factors[9] = paceValue(r.pace, this.pace[j]);
      for (const k of kindCodes) {
        if (((this.kinds[j] as number) & (1 << k)) === 0) continue;
        const levels = !Number.isNaN(rLevel) && !Number.isNaN(gLevel);
        if (k === 0 && levels && gLevel < rLevel) continue; // a mentor is at least the mentee's level
        if (k === 2 && levels && gLevel > rLevel) continue; // reverse: the junior mentors the leader
        if (k === 1 && (r.id >= (this.ids[j] as string) || (levels && Math.abs(gLevel - rLevel) > 1))) continue; // peers: one direction, within a level
        // Peers also meet on the other's wants or a shared aim: rare enough to ask the floor itself.
        if (!grounded && (k !== 1 || !hasCommonGround(r, (this.givers[j] as CompiledParticipant).p, 'peer', taxonomy))) continue;
        const kind = KINDS[k] as PairKind;
        factors[0] = noWanted ? 0 : (this.wantedCredit[j] as number);
        factors[1] = noGoals ? NO_GOAL_VALUE : (this.goalCredit[j] as number);
        factors[4] = this.capacityValue[j] as number;
        factors[5] = receiver.department >= 0 && (this.department[j] as number) >= 0 ? (receiver.department !== this.department[j] ? 1 : 0) : 0.5;
        factors[6] = seniorityValue(kind, r.level, Number.isNaN(gLevel) ? null : gLevel);
        factors[7] = this.ratingValue[j] as number;
        const score = combine(byCalendar[this.calendar[j] as number] as number, factors, w);
        if (score > bestScore) {
          bestScore = score;
          bestKind = k;
        }
      }
      if (bestKind < 0 || bestScore < this.minScore) continue;
      // Insert into the sorted shortlist (best first; equal scores by giver ID).
      if (size === limit && !this.ranksBelow(topScore[limit - 1] as number, topGiver[limit - 1] as number, bestScore, j)) continue;
      let at = size < limit ? size : limit - 1;
      while (at > 0 && this.ranksBelow(topScore[at - 1] as number, topGiver[at - 1] as number, bestScore, j)) {
        topScore[at] = topScore[at - 1] as number;
        topGiver[at] = topGiver[at - 1] as number;
        topKind[at] = topKind[at - 1] as number;
        at -= 1;
      }
      topScore[at] = bestScore;
      topGiver[at] = j;
      topKind[at] = bestKind;
      if (size < limit) size += 1;
    }
    for (const j of ruledOut) this.ruledOut[j] = 0;
    const result: Candidate[] = [];
    for (let i = 0; i < size; i += 1) {
      result.push({ receiverId: r.id, giverId: this.ids[topGiver[i] as number] as string, kind: KINDS[topKind[i] as number] as PairKind, score: topScore[i] as number });
    }
    return result;
  }

  private ranksBelow(score: number, giver: number, newScore: number, newGiver: number): boolean {
    return score < newScore || (score === newScore && (this.ids[giver] as string) > (this.ids[newGiver] as string));
  }
}

/** The codes set in a bit set. */
function members(bits: Uint32Array): number[] {
  const codes: number[] = [];
  for (let word = 0; word < bits.length; word += 1) {
    for (let bit = 0; bit < 32; bit += 1) if (((bits[word] as number) & (1 << bit)) !== 0) codes.push(word * 32 + bit);
  }
  return codes;
}
