import type { KnownBlock, ModalView } from '@slack/types';
import type { ProposedPair, RoundProposal } from '../domain/matching/round.js';
import type { AdjustmentEntry } from '../domain/matching/roundAdjustments.js';
import type { Reason } from '../domain/matching/reasons.js';
import type { PairKind } from '../domain/matching/participant.js';
import { z } from 'zod';
import { context, mention, mrkdwn, plain, section } from './blocks.js';
import { KIND_WORDS } from './matchMessages.js';
import { reasonsLine } from './reasons.js';

/**
 * Changing a pair in a round's preview: the modal behind "Change…" (pin,
 * remove, or swap the mentor for one of the next-best, each with its fit
 * and reasons) and the line the preview carries about what was changed.
 */

export const ADJUST_CALLBACK = 'round_adjust';
export const ADJUST_BLOCK = 'change';

/** Someone who could take the mentee instead, as the modal shows them. */
export interface Alternative {
  giverId: string;
  kind: PairKind;
  score: number;
  reasons: Reason[];
  /** False: every place they have is taken in this round, so another of their pairs is re-solved. */
  hasRoom: boolean;
}

export interface AdjustModalData {
  roundId: number;
  pair: ProposedPair;
  alternatives: Alternative[];
}

/** What the submission needs to know which pair it changes, and to notice the preview moved on since. */
const zUserId = z.string().regex(/^[UW][A-Z0-9]{1,20}$/);
export const zAdjustMeta = z.object({ roundId: z.number().int().positive(), receiverId: zUserId, giverId: zUserId });
export type AdjustMetadata = z.infer<typeof zAdjustMeta>;

/** The radio's value: pin, unpin, remove, or "swap:<kind>:<mentor>". */
export const zAdjustChoice = z.union([
  z.enum(['pin', 'unpin', 'remove']),
  z
    .string()
    .regex(/^swap:(mentoring|peer|reverse):[UW][A-Z0-9]{1,20}$/)
    .transform((v) => {
      const [, kind, swapTo] = v.split(':') as [string, PairKind, string];
      return { swapTo, kind };
    }),
]);

const pct = (x: number) => `${Math.round(x * 100)}%`;

export function buildAdjustModal(d: AdjustModalData): ModalView {
  const { pair } = d;
  const options = [
    pair.pinned
      ? { text: mrkdwn('*Unpin this pair*'), description: plain('The next re-solve may give either of them someone else.', 75), value: 'unpin' }
      : { text: mrkdwn('📌 *Pin this pair*'), description: plain('Kept as it is, whatever the re-solve finds for the others.', 75), value: 'pin' },
    { text: mrkdwn('*Remove this pair*'), description: plain('Not paired in this round; everyone not pinned is re-solved.', 75), value: 'remove' },
    ...d.alternatives.map((a) => ({ text: mrkdwn(`Swap to ${mention(a.giverId)} · ${pct(a.score)}`, 75), value: `swap:${a.kind}:${a.giverId}` })),
  ];
  const blocks: KnownBlock[] = [
    section(`*${mention(pair.receiverId)} ← ${mention(pair.giverId)}* · ${KIND_WORDS[pair.kind].pairing} · ${pct(pair.score)}${pair.pinned ? ' · 📌 pinned' : ''}\n${reasonsLine(pair.reasons, pair.receiverId)}`),
  ];
  if (d.alternatives.length > 0) {
    blocks.push(
      section(
        `*Next-best for ${mention(pair.receiverId)}*\n${d.alternatives
          .map((a) => `• ${mention(a.giverId)} · ${KIND_WORDS[a.kind].pairing} · ${pct(a.score)}${a.hasRoom ? '' : ' · full in this round: one of their pairs is re-solved'}: ${reasonsLine(a.reasons, pair.receiverId)}`)
          .join('\n')}`,
      ),
    );
  } else {
    blocks.push(context(`Nobody else who could take ${mention(pair.receiverId)} in this round has room or passes every rule.`));
  }
  blocks.push({ type: 'input', block_id: ADJUST_BLOCK, label: plain('What to do'), element: { type: 'radio_buttons', action_id: ADJUST_BLOCK, options } });
  blocks.push(context('The rest of the round is solved again at once, around the pinned pairs, and the preview shows the result. Nothing is sent until the round is published.'));
  const meta: AdjustMetadata = { roundId: d.roundId, receiverId: pair.receiverId, giverId: pair.giverId };
  return {
    type: 'modal',
    callback_id: ADJUST_CALLBACK,
    private_metadata: JSON.stringify(meta),
    title: plain('Change a pair', 24),
    submit: plain('Apply and re-solve', 24),
    close: plain('Cancel', 24),
    blocks,
  };
}

/** A coordinator who erased their data is kept in the log unnamed. */
const who = (by: string) => (/^[UW][A-Z0-9]+$/.test(by) ? mention(by) : 'a former coordinator');

function entryWords(e: AdjustmentEntry): string {
  const pair = `${mention(e.receiverId)} ← ${mention(e.giverId)}`;
  switch (e.action) {
    case 'pin':
      return `${who(e.by)} pinned ${pair}`;
    case 'unpin':
      return `${who(e.by)} unpinned ${pair}`;
    case 'remove':
      return `${who(e.by)} removed ${pair}`;
    case 'swap':
      return `${who(e.by)} swapped ${pair} for ${mention(e.newGiverId ?? '')}`;
  }
}

/** Shown in the preview: the last few changes, what they cost in total fit, and pins that no longer hold. */
export function adjustmentSummary(p: RoundProposal): string {
  const a = p.adjustments;
  if (!a) return '';
  const recent = a.log.slice(-3).map(entryWords);
  const earlier = a.log.length - recent.length;
  const cost = a.firstTotal - p.total;
  const costWords = Math.abs(cost) < 0.0005 ? 'no loss in total fit' : cost > 0 ? `total fit ${p.total.toFixed(2)}, ${cost.toFixed(2)} below the first proposal's ${a.firstTotal.toFixed(2)}` : `total fit ${p.total.toFixed(2)}`;
  const dropped = (p.droppedPins ?? []).map((d) => `${mention(d.receiverId)} ← ${mention(d.giverId)}`);
  return [
    `*Changed:* ${earlier > 0 ? `${earlier} earlier ${earlier === 1 ? 'change' : 'changes'}; ` : ''}${recent.join('; ')}. Re-solved around ${a.pinned.length} pinned ${a.pinned.length === 1 ? 'pair' : 'pairs'}: ${costWords}.`,
    ...(dropped.length ? [`No longer possible, so let go: ${dropped.join(', ')}.`] : []),
  ].join(' ');
}

export const adjustmentWords = {
  decided: 'This round has already been published or cancelled, so it can no longer be changed.',
  pairGone: 'That pair is no longer in this round: the preview shows the round as it stands now.',
  moved: 'This pair changed while the form was open; close it and press *Change…* on the preview again.',
  choose: 'Pick what to do with this pair.',
  notCoordinator: "Only this program's coordinators can change its rounds.",
  cannotSwap: (giverId: string, why: string) => `${mention(giverId)} can no longer take this mentee (${why}); pick someone else.`,
  cannotPin: (why: string) => `This pair can no longer be kept (${why}).`,
};
