import type { Taxonomy } from '../taxonomy.js';
import { KIND_ROLES, mayReceive, type PairKind, type Participant } from './participant.js';
import { indexOf, type MatchingPool, sameManagerChain } from './pool.js';
import { hasCommonGround } from './qualityFloor.js';

/**
 * A coordinator's own pairing (`/mentor pair`): every rule a round applies,
 * sorted into those nothing overrides (hard) and those a coordinator may
 * break with a stated reason, which the round log keeps (soft). Unlike
 * exclusion(), which stops at the first rule a round needs, this lists all
 * of them, so the form can say everything at once.
 */

export type HardRule = 'same_person' | 'giver_role' | 'receiver_role' | 'capacity' | 'receiver_capacity' | 'kept_apart' | 'already_paired' | 'receiver_covered';
export type SoftRule = 'recent_pairing' | 'management_line' | 'seniority' | 'no_common_ground';

export interface PairFacts {
  /** A person's own exclusion or a coordinator's, between the two. */
  keptApart: boolean;
  /** An open mentorship between the two already. */
  openBetween: boolean;
}

export function manualPairRules(receiver: Participant, giver: Participant, kind: PairKind, pool: MatchingPool, taxonomy: Taxonomy, facts: PairFacts): { hard: HardRule[]; soft: SoftRule[] } {
  const hard: HardRule[] = [];
  const soft: SoftRule[] = [];
  if (receiver.id === giver.id) hard.push('same_person');
  if (!giver.roles.includes(KIND_ROLES[kind].giver)) hard.push('giver_role');
  if (!receiver.roles.includes(KIND_ROLES[kind].receiver)) hard.push('receiver_role');
  if (giver.load >= giver.capacity) hard.push('capacity');
  if (!mayReceive(receiver, kind)) hard.push('receiver_capacity');
  if (facts.keptApart) hard.push('kept_apart');
  if (facts.openBetween) hard.push('already_paired');
  else if (pool.busyReceivers.has(`${receiver.id}|${kind}`)) hard.push('receiver_covered');
  const index = indexOf(pool);
  if (!facts.keptApart && !facts.openBetween && index.blocked.get(receiver.id)?.has(giver.id)) soft.push('recent_pairing');
  const receiverLine = index.ancestors.get(receiver.id);
  const giverLine = index.ancestors.get(giver.id);
  if (receiverLine && giverLine ? receiverLine.has(giver.id) || giverLine.has(receiver.id) : sameManagerChain(receiver.id, giver.id, pool.managers)) soft.push('management_line');
  const [r, g] = [receiver.level, giver.level];
  if (r !== null && g !== null && ((kind === 'mentoring' && g < r) || (kind === 'reverse' && g > r) || (kind === 'peer' && Math.abs(g - r) > 1))) soft.push('seniority');
  if (!hasCommonGround(receiver, giver, kind, taxonomy)) soft.push('no_common_ground');
  return { hard, soft };
}
