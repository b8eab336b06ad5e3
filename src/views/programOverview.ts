import type { KnownBlock } from '@slack/types';
import { ROLE_PLURALS, ROLES, type Role } from '../domain/intake.js';
import type { DemographicQuestion } from '../domain/selfDescription.js';
import { DEMOGRAPHIC_DIMENSIONS } from './selfDescriptionModal.js';

export interface OverviewData {
  byRole: Record<Role, number>;
  members: number;
  active: number;
  paused: number;
}

/** The program's fairness settings, when the caller has the program at hand. */
export interface OverviewFairness {
  fairnessTarget: number | null;
  demographics: readonly DemographicQuestion[];
}

function fairnessField(f: OverviewFairness): { type: 'mrkdwn'; text: string } {
  const target = f.fairnessTarget === null ? 'No target' : `${f.fairnessTarget} points`;
  const asked = f.demographics.length === 0 ? 'no self-described demographics asked' : `asks ${f.demographics.map((q) => DEMOGRAPHIC_DIMENSIONS[q]).join(', ')}`;
  return { type: 'mrkdwn', text: `*Fairness target*\n${target}; ${asked}` };
}

/** People by role and how many are active: the coordinators' small program overview. */
export function overviewBlocks(o: OverviewData, fairness?: OverviewFairness): KnownBlock[] {
  return [
    { type: 'header', text: { type: 'plain_text', text: 'Program overview' } },
    {
      type: 'section',
      fields: [
        { type: 'mrkdwn', text: `*Members*\n${o.members}` },
        { type: 'mrkdwn', text: `*Active now*\n${o.active} (${o.paused} paused)` },
        ...ROLES.map((r) => ({ type: 'mrkdwn' as const, text: `*${ROLE_PLURALS[r]}*\n${o.byRole[r]}` })),
        ...(fairness ? [fairnessField(fairness)] : []),
      ],
    },
  ];
}
