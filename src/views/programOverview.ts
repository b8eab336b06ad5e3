import type { KnownBlock } from '@slack/types';
import { fields, header } from './blocks.js';
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

function fairnessField(f: OverviewFairness): string {
  const target = f.fairnessTarget === null ? 'No target' : `${f.fairnessTarget} points`;
  const asked = f.demographics.length === 0 ? 'no self-described demographics asked' : `asks ${f.demographics.map((q) => DEMOGRAPHIC_DIMENSIONS[q]).join(', ')}`;
  return `*Fairness target*\n${target}; ${asked}`;
}

/** People by role and how many are active: the coordinators' small program overview. */
export function overviewBlocks(o: OverviewData, fairness?: OverviewFairness): KnownBlock[] {
  return [
    header('Program overview'),
    fields([
      `*Members*\n${o.members}`,
      `*Active now*\n${o.active} (${o.paused} paused)`,
      ...ROLES.map((r) => `*${ROLE_PLURALS[r]}*\n${o.byRole[r]}`),
      ...(fairness ? [fairnessField(fairness)] : []),
    ]),
  ];
}
