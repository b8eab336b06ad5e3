import { KIND_ROLES, type PairKind, type Participant } from './participant.js';

/**
 * The people a matching draws from and the facts that rule pairs out, with
 * the look-ups every check shares. Candidates and the shortlist both read it.
 */

export interface MatchingPool {
  /** Active, consenting members only: paused and departed people are never here. */
  participants: readonly Participant[];
  /** Everyone's manager, members or not (from the roster), to spot reporting lines. */
  managers: ReadonlyMap<string, string | null>;
  /** Pairs that may not be proposed: open, or ended or declined within the cool-down. */
  blockedPairs: ReadonlySet<string>;
  /** Receivers who already have an open match of a kind, as `${id}|${kind}`. */
  busyReceivers: ReadonlySet<string>;
  /** The program's minimum fit (0–100): pairs scoring below it are not proposed. Absent or null: the quality floor only. */
  minFit?: number | null;
}

export interface Candidate {
  receiverId: string;
  giverId: string;
  kind: PairKind;
  score: number;
}

export const pairKey = (a: string, b: string): string => (a < b ? `${a}|${b}` : `${b}|${a}`);

/** True when one of the two is in the other's management line (any number of levels up). */
export function sameManagerChain(a: string, b: string, managers: ReadonlyMap<string, string | null>): boolean {
  const reportsTo = (person: string, boss: string) => {
    const seen = new Set<string>();
    for (let m = managers.get(person) ?? null; m !== null && !seen.has(m); m = managers.get(m) ?? null) {
      if (m === boss) return true;
      seen.add(m);
    }
    return false;
  };
  return reportsTo(a, b) || reportsTo(b, a);
}

/** The kinds in which this person still wants someone (has the role, no open match of that kind). */
export function receivingKinds(p: Participant, busy: ReadonlySet<string>): PairKind[] {
  return (Object.keys(KIND_ROLES) as PairKind[]).filter((kind) => p.roles.includes(KIND_ROLES[kind].receiver) && !busy.has(`${p.id}|${kind}`));
}

/**
 * Reporting lines and blocked partners, worked out once per pool: a round
 * checks them for every pair, so each check must be two set look-ups.
 */
interface PoolIndex {
  ancestors: Map<string, Set<string>>;
  blocked: Map<string, Set<string>>;
}
const indexes = new WeakMap<MatchingPool, PoolIndex>();

export function indexOf(pool: MatchingPool): PoolIndex {
  let index = indexes.get(pool);
  if (!index) {
    const ancestors = new Map<string, Set<string>>();
    for (const p of pool.participants) {
      const line = new Set<string>();
      for (let m = pool.managers.get(p.id) ?? null; m !== null && !line.has(m); m = pool.managers.get(m) ?? null) line.add(m);
      ancestors.set(p.id, line);
    }
    const blocked = new Map<string, Set<string>>();
    for (const key of pool.blockedPairs) {
      const [a, b] = key.split('|') as [string, string];
      blocked.set(a, (blocked.get(a) ?? new Set()).add(b));
      blocked.set(b, (blocked.get(b) ?? new Set()).add(a));
    }
    index = { ancestors, blocked };
    indexes.set(pool, index);
  }
  return index;
}
