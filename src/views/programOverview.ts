import type { KnownBlock } from '@slack/types';
import { ROLE_PLURALS, ROLES, type Role } from '../domain/intake.js';

export interface OverviewData {
  byRole: Record<Role, number>;
  members: number;
  active: number;
  paused: number;
}

/** People by role and how many are active: the coordinators' small program overview. */
export function overviewBlocks(o: OverviewData): KnownBlock[] {
  return [
    { type: 'header', text: { type: 'plain_text', text: 'Program overview' } },
    {
      type: 'section',
      fields: [
        { type: 'mrkdwn', text: `*Members*\n${o.members}` },
        { type: 'mrkdwn', text: `*Active now*\n${o.active} (${o.paused} paused)` },
        ...ROLES.map((r) => ({ type: 'mrkdwn' as const, text: `*${ROLE_PLURALS[r]}*\n${o.byRole[r]}` })),
      ],
    },
  ];
}
