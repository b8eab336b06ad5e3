import type { KnownBlock, ModalView } from '@slack/types';
import { clip, context, divider, escape, mention, plain, section } from './blocks.js';

export const EXCLUSIONS_ACTION = 'exclusions_edit';
export const OWN_EXCLUSIONS_CALLBACK = 'exclusions_own';
export const COORDINATOR_EXCLUSION_CALLBACK = 'exclusions_coordinator';
export const EXCLUSION_BLOCKS = { people: 'not_with', first: 'first', second: 'second', reason: 'reason', remove: 'remove' } as const;
export const EXCLUSION_REASON_MAX = 300;
export const OWN_EXCLUSIONS_MAX = 20;

/** The person's own list: private to them, shown only in this form. */
export function buildOwnExclusionsModal(current: readonly string[]): ModalView {
  return {
    type: 'modal',
    callback_id: OWN_EXCLUSIONS_CALLBACK,
    title: plain('Not matched with', 24),
    submit: plain('Save', 24),
    close: plain('Cancel', 24),
    blocks: [
      section('Colleagues you would rather not be matched with, for any reason. Nobody else ever sees this list: not them, not the coordinators. You will simply never be suggested to each other, paired or put in one circle.'),
      {
        type: 'input',
        block_id: EXCLUSION_BLOCKS.people,
        optional: true,
        label: plain('Never match me with'),
        element: { type: 'multi_users_select', action_id: EXCLUSION_BLOCKS.people, max_selected_items: OWN_EXCLUSIONS_MAX, ...(current.length ? { initial_users: [...current] } : {}) },
      },
    ],
  };
}

/** A rule coordinators set, as the other coordinators read it in the form. */
export interface KeptApartRule {
  firstId: string;
  secondId: string;
  /** Null once the coordinator who recorded it erased their data. */
  recordedBy: string | null;
  reason: string | null;
  recordedAt: Date;
}

/** Newest first; a section each, so a long reason never pushes another out of its block. */
const RULES_SHOWN = 15;

function ruleBlocks(rules: readonly KeptApartRule[]): KnownBlock[] {
  if (rules.length === 0) return [];
  const shown = rules.slice(0, RULES_SHOWN).map((r) => {
    const by = r.recordedBy ? mention(r.recordedBy) : 'a former coordinator';
    const line = `${mention(r.firstId)} and ${mention(r.secondId)}, kept apart by ${by} on ${r.recordedAt.toISOString().slice(0, 10)}`;
    return section(r.reason ? `${line}\n${reasonLine(r.reason)}` : line);
  });
  return [
    section(`*Kept apart by coordinators now (${rules.length})*`),
    ...shown,
    ...(rules.length > RULES_SHOWN ? [context(`…and ${rules.length - RULES_SHOWN} older ones.`)] : []),
    divider,
  ];
}

/** A coordinator keeps two people apart (a known conflict), with a reason only coordinators read; the rules already set come first. */
export function buildCoordinatorExclusionModal(rules: readonly KeptApartRule[] = []): ModalView {
  return {
    type: 'modal',
    callback_id: COORDINATOR_EXCLUSION_CALLBACK,
    title: plain('Keep apart', 24),
    submit: plain('Save', 24),
    close: plain('Cancel', 24),
    blocks: [
      ...ruleBlocks(rules),
      section('These two people will never be suggested to each other, paired or put in one circle, in any program. Neither is told.'),
      { type: 'input', block_id: EXCLUSION_BLOCKS.first, label: plain('One person'), element: { type: 'users_select', action_id: EXCLUSION_BLOCKS.first } },
      { type: 'input', block_id: EXCLUSION_BLOCKS.second, label: plain('The other'), element: { type: 'users_select', action_id: EXCLUSION_BLOCKS.second } },
      { type: 'input', block_id: EXCLUSION_BLOCKS.reason, optional: true, label: plain('Why (only coordinators see this)'), element: { type: 'plain_text_input', action_id: EXCLUSION_BLOCKS.reason, max_length: EXCLUSION_REASON_MAX, multiline: true } },
      {
        type: 'input',
        block_id: EXCLUSION_BLOCKS.remove,
        optional: true,
        label: plain('Or instead'),
        element: { type: 'checkboxes', action_id: EXCLUSION_BLOCKS.remove, options: [{ text: plain('Stop keeping them apart (their own lists stay)'), value: 'remove' }] },
      },
      context('The reason is kept with the rule for other coordinators; it is never shown to either person.'),
    ],
  };
}

export const EXCLUSION_WORDS = {
  ownSaved: (n: number) => (n === 0 ? 'Saved: you have nobody on your list.' : `Saved. You will never be matched with ${n === 1 ? 'that person' : `those ${n} people`}; nobody else can see the list.`),
  kept: (a: string, b: string) => `${mention(a)} and ${mention(b)} will be kept apart in every program. Your reason is kept for the coordinators.`,
  already: (a: string, b: string) => `${mention(a)} and ${mention(b)} were already kept apart by the coordinators.`,
  removed: (a: string, b: string, n: number) => (n ? `${mention(a)} and ${mention(b)} are no longer kept apart by the coordinators (their own lists still apply).` : `The coordinators were not keeping ${mention(a)} and ${mention(b)} apart.`),
  samePerson: 'Pick two different people.',
  needReason: 'Say why, for the other coordinators (nobody else sees it).',
  tooMany: `List at most ${OWN_EXCLUSIONS_MAX} people.`,
  yourself: 'You are never matched with yourself; pick someone else.',
  reasonTooLong: `Keep the reason under ${EXCLUSION_REASON_MAX} characters (nothing was cut).`,
} as const;

/** A coordinator's note of the rule, as coordinators see it later: quoted, escaped. */
export const reasonLine = (reason: string): string => `> ${escape(clip(reason.replace(/\s+/g, ' '), EXCLUSION_REASON_MAX))}`;
