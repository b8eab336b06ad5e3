import type { KnownBlock } from '@slack/types';
import { FORMAT_LABELS, formatMinutes, GIVING_ROLES, type IntakeAnswers, ROLE_LABELS } from '../domain/intake.js';
import type { Participation } from '../domain/participation.js';
import type { Taxonomy } from '../domain/taxonomy.js';
import { WEEKDAYS } from './intakeModal.js';
import { clip, escapeMrkdwn, slackDate } from './format.js';

export const PROFILE_EDIT_ACTION = 'profile_edit';
export const JOIN_ACTION = 'intake_open';

export interface ProfileCardData {
  answers: IntakeAnswers;
  status: Participation;
  pausedUntil: Date | null;
  taxonomy: Taxonomy;
}

const skillNames = (ids: string[], taxonomy: Taxonomy) => ids.map((id) => taxonomy.skills.get(id)?.name ?? id).join(', ') || '—';

export function statusLine(status: Participation, pausedUntil: Date | null): string {
  if (status === 'paused') return pausedUntil ? `⏸ Paused until ${slackDate(pausedUntil, '{date_long}')}` : '⏸ Paused until you resume';
  if (status === 'left') return 'You have left the program';
  return '🟢 Active';
}

/** The facts of a profile, as sections a person can scan. */
export function profileBlocks(data: ProfileCardData): KnownBlock[] {
  const a = data.answers;
  const days = a.workDays.map((d) => WEEKDAYS[d - 1]?.slice(0, 3)).join(', ');
  const fields = [
    `*Taking part as*\n${a.roles.map((r) => ROLE_LABELS[r]).join(', ')}`,
    `*Status*\n${statusLine(data.status, data.pausedUntil)}`,
    `*Offers*\n${skillNames(a.skillsOffered, data.taxonomy)}`,
    `*Wants to grow*\n${skillNames(a.skillsWanted, data.taxonomy)}`,
    `*Working hours*\n${days}, ${formatMinutes(a.workStartMinute)}–${formatMinutes(a.workEndMinute)} (${a.timeZone})`,
    `*Free to meet*\n${formatMinutes(a.availabilityStartMinute)}–${formatMinutes(a.availabilityEndMinute)}, ${FORMAT_LABELS[a.format]}`,
  ];
  if (a.roles.some((r) => GIVING_ROLES.includes(r)) && a.capacityMentees) {
    fields.push(`*Capacity*\n${a.capacityMentees} at once, ${a.capacityHoursPerMonth ?? '?'} h/month`);
  }
  const org = escapeMrkdwn([a.department, a.level ? `level ${a.level}` : null, a.location].filter(Boolean).join(' · '));
  if (org) fields.push(`*Organisation*\n${org}`);
  const blocks: KnownBlock[] = [{ type: 'section', fields: fields.slice(0, 10).map((text) => ({ type: 'mrkdwn', text })) }];
  if (a.goals.length > 0) {
    const goals = a.goals.map((g, i) => `${i + 1}. *${escapeMrkdwn(g.aim)}*\n      _How you'll know:_ ${escapeMrkdwn(g.measure)} · _by_ ${g.dueOn}`).join('\n');
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: clip(`*Goals*\n${goals}`, 3000) } });
  }
  return blocks;
}

/** The ephemeral answer to `/mentor profile`. */
export function buildProfileMessage(data: ProfileCardData): { text: string; blocks: KnownBlock[] } {
  return {
    text: 'Your mentoring profile',
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: 'Your mentoring profile' } },
      ...profileBlocks(data),
      {
        type: 'actions',
        elements: [{ type: 'button', action_id: PROFILE_EDIT_ACTION, text: { type: 'plain_text', text: 'Edit profile' }, style: 'primary' }],
      },
    ],
  };
}

/** For someone who has not joined yet but asks for something that needs a profile. */
export function buildNotJoinedMessage(): { text: string; blocks: KnownBlock[] } {
  const text = "You haven't joined the mentoring program yet. It takes about three minutes.";
  return {
    text,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text } },
      { type: 'actions', elements: [{ type: 'button', action_id: JOIN_ACTION, text: { type: 'plain_text', text: 'Join the program' }, style: 'primary' }] },
    ],
  };
}
