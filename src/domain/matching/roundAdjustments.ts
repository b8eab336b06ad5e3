import type { PairKind } from './participant.js';

/**
 * What coordinators changed in a round's preview before publishing it:
 * pairs they pinned (kept whatever the re-solve finds), pairs they removed
 * (never proposed again in this round), and a log of who did what, which
 * the round keeps. Swapping a mentee's mentor is removing the old pair and
 * pinning the new one. Everything here is pure; the round re-solves the
 * rest around it.
 */

export interface PairRef {
  receiverId: string;
  giverId: string;
  kind: PairKind;
}

export type AdjustmentAction = 'pin' | 'unpin' | 'remove' | 'swap';

export interface AdjustmentEntry {
  by: string;
  /** ISO instant. */
  at: string;
  action: AdjustmentAction;
  receiverId: string;
  giverId: string;
  /** The mentor swapped in. */
  newGiverId?: string;
}

export interface RoundAdjustments {
  pinned: PairRef[];
  removed: PairRef[];
  log: AdjustmentEntry[];
  /** The round's total fit before any adjustment, so the preview can say what they cost. */
  firstTotal: number;
}

export type AdjustmentChange =
  | { action: 'pin' | 'unpin' | 'remove'; pair: PairRef }
  | { action: 'swap'; pair: PairRef; to: PairRef };

export const noAdjustments = (firstTotal: number): RoundAdjustments => ({ pinned: [], removed: [], log: [], firstTotal });

const same = (a: Pick<PairRef, 'receiverId' | 'giverId'>, b: Pick<PairRef, 'receiverId' | 'giverId'>) => a.receiverId === b.receiverId && a.giverId === b.giverId;

/** The adjustments after one more change by `by` at `at`. A mentee has at most one pinned pair. */
export function adjust(current: RoundAdjustments, change: AdjustmentChange, by: string, at: Date): RoundAdjustments {
  const { pair } = change;
  const entry: AdjustmentEntry = { by, at: at.toISOString(), action: change.action, receiverId: pair.receiverId, giverId: pair.giverId };
  const unpinned = current.pinned.filter((p) => p.receiverId !== pair.receiverId);
  const removedOnce = (list: PairRef[], ref: PairRef) => (list.some((r) => same(r, ref)) ? list : [...list, ref]);
  switch (change.action) {
    case 'pin':
      return { ...current, pinned: [...unpinned, pair], removed: current.removed.filter((r) => !same(r, pair)), log: [...current.log, entry] };
    case 'unpin':
      return { ...current, pinned: unpinned, log: [...current.log, entry] };
    case 'remove':
      return { ...current, pinned: unpinned, removed: removedOnce(current.removed, pair), log: [...current.log, entry] };
    case 'swap':
      return {
        ...current,
        pinned: [...unpinned, change.to],
        removed: removedOnce(current.removed, pair).filter((r) => !same(r, change.to)),
        log: [...current.log, { ...entry, newGiverId: change.to.giverId }],
      };
  }
}

/** Whether the pair is removed from this round. */
export const isRemoved = (adjustments: RoundAdjustments | undefined, receiverId: string, giverId: string): boolean =>
  adjustments?.removed.some((r) => r.receiverId === receiverId && r.giverId === giverId) ?? false;

/** A person who erased their data leaves no trace here: their pins, removals and log lines go, and as a coordinator they are no longer named. */
export function adjustmentsWithout(adjustments: RoundAdjustments, personId: string, erasedName: string): RoundAdjustments {
  const names = (r: Pick<PairRef, 'receiverId' | 'giverId'>) => r.receiverId === personId || r.giverId === personId;
  return {
    ...adjustments,
    pinned: adjustments.pinned.filter((p) => !names(p)),
    removed: adjustments.removed.filter((p) => !names(p)),
    log: adjustments.log.filter((e) => !names(e) && e.newGiverId !== personId).map((e) => (e.by === personId ? { ...e, by: erasedName } : e)),
  };
}
