import type { ModalView } from '@slack/types';
import { z } from 'zod';
import type { HardRule, SoftRule } from '../domain/matching/manualPair.js';
import type { PairKind } from '../domain/mentorship.js';
import { clip, escape, mention, plain, section } from './blocks.js';
import { KIND_WORDS } from './matchMessages.js';
import { zId } from './values.js';

export const PAIR_CALLBACK = 'manual_pair';
export const zPairMeta = z.object({ programId: zId });
export const PAIR_BLOCKS = { giver: 'giver', receiver: 'receiver', kind: 'kind', reason: 'reason' } as const;
export const PAIR_REASON_MAX = 500;

export function buildPairModal(d: { programId: number; programName: string; kinds: readonly PairKind[] }): ModalView {
  const kinds = d.kinds.map((k) => ({ text: plain(KIND_WORDS[k].pairing), value: k }));
  return {
    type: 'modal',
    callback_id: PAIR_CALLBACK,
    private_metadata: JSON.stringify({ programId: d.programId }),
    title: plain('Pair two people', 24),
    submit: plain('Pair them', 24),
    close: plain('Cancel', 24),
    blocks: [
      section(`A pairing in *${escape(clip(d.programName, 80))}* by hand. Every rule a round keeps is checked: capacity, roles, exclusions and an open pairing cannot be overridden; the others can, with a reason the round log keeps.`),
      { type: 'input', block_id: PAIR_BLOCKS.giver, label: plain('Mentor (who gives)'), element: { type: 'users_select', action_id: PAIR_BLOCKS.giver } },
      { type: 'input', block_id: PAIR_BLOCKS.receiver, label: plain('Mentee (who learns)'), element: { type: 'users_select', action_id: PAIR_BLOCKS.receiver } },
      { type: 'input', block_id: PAIR_BLOCKS.kind, label: plain('Kind of mentoring'), element: { type: 'static_select', action_id: PAIR_BLOCKS.kind, options: kinds, ...(kinds[0] ? { initial_option: kinds[0] } : {}) } },
      { type: 'input', block_id: PAIR_BLOCKS.reason, optional: true, label: plain('Why, if a rule is to be set aside'), element: { type: 'plain_text_input', action_id: PAIR_BLOCKS.reason, multiline: true, max_length: PAIR_REASON_MAX } },
    ],
  };
}

/** Why the pairing cannot be made: one line per rule, on the field it concerns. */
export const HARD_WORDS: Record<HardRule, { field: keyof typeof PAIR_BLOCKS; text: string }> = {
  same_person: { field: 'receiver', text: 'Pick two different people.' },
  giver_role: { field: 'giver', text: 'They do not take part in this kind of mentoring as the one who gives, in this program.' },
  receiver_role: { field: 'receiver', text: 'They do not take part in this kind of mentoring as the one who learns, in this program.' },
  capacity: { field: 'giver', text: 'They have no room: their mentees already fill the capacity they gave.' },
  receiver_capacity: { field: 'receiver', text: 'They have no room: a peer pair takes one of their places too, and their partners already fill them.' },
  kept_apart: { field: 'receiver', text: 'These two are never to be matched (an exclusion), so they cannot be paired.' },
  already_paired: { field: 'receiver', text: 'These two already have an open mentorship.' },
  receiver_covered: { field: 'receiver', text: 'They already have a partner for this kind of mentoring in this program.' },
};

export const SOFT_WORDS: Record<SoftRule, string> = {
  recent_pairing: 'they were paired recently',
  management_line: 'one is in the other’s management line',
  seniority: 'their levels go the wrong way for this kind of mentoring',
  no_common_ground: 'the mentor offers nothing the mentee wants, nor anything their goals name',
};

export const softNeedsReason = (soft: readonly SoftRule[]): string => `This sets aside a rule (${soft.map((r) => SOFT_WORDS[r]).join('; ')}). Say why, and the round log keeps it.`;

export const paired = (d: { giverId: string; receiverId: string; kind: PairKind; roundId: number; overridden: readonly SoftRule[] }): string =>
  `Paired: ${mention(d.receiverId)} with ${mention(d.giverId)} for ${KIND_WORDS[d.kind].pairing}. Both get the intro now.${d.overridden.length ? ` Round ${d.roundId} in the log records the rule you set aside and why.` : ''}`;
