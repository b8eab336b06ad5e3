import type { KnownBlock } from '@slack/types';
import { FORMAT_LABELS, formatMinutes, GIVING_ROLES, type IntakeAnswers, PACE_LABELS, type Role, ROLE_LABELS } from '../domain/intake.js';
import type { Participation } from '../domain/participation.js';
import type { Taxonomy } from '../domain/taxonomy.js';
import { WEEKDAYS } from './intakeModal.js';
import { actions, button, context, escape, fields, header, type Message, message, section } from './blocks.js';
import { slackDate } from './format.js';

export const PROFILE_EDIT_ACTION = 'profile_edit';
export { EXCLUSIONS_ACTION } from './exclusionMessages.js';
import { EXCLUSIONS_ACTION } from './exclusionMessages.js';
import { BUSY_ACTION } from './busyMessages.js';
export const JOIN_ACTION = 'intake_open';

export interface ProfileCardData {
  answers: IntakeAnswers;
  status: Participation;
  pausedUntil: Date | null;
  taxonomy: Taxonomy;
  /** The person's part in each program they are in, when that is more than Mentoring alone: roles and goals are per program. */
  parts?: readonly ProgramPart[];
}

export interface ProgramPart {
  program: string;
  standing: 'active' | 'applied' | 'waitlisted';
  roles: readonly Role[];
  goals: readonly { aim: string; measure: string; dueOn: string }[];
  capacityMentees: number | null;
  capacityHoursPerMonth: number | null;
}

/** A person in many programs sees the first few in full. */
const PARTS_SHOWN = 8;
const STANDING_WORDS: Record<ProgramPart['standing'], string> = { active: '', applied: ' (waiting for a decision)', waitlisted: ' (on the waitlist)' };

const skillNames = (ids: string[], taxonomy: Taxonomy) => escape(ids.map((id) => taxonomy.skills.get(id)?.name ?? id).join(', ')) || '—';

export function statusLine(status: Participation, pausedUntil: Date | null): string {
  if (status === 'paused') return pausedUntil ? `⏸ Paused until ${slackDate(pausedUntil, '{date_long}')}` : '⏸ Paused until you resume';
  if (status === 'left') return 'You have left the program';
  return '🟢 Active';
}

/** The facts of a profile, as sections a person can scan. */
export function profileBlocks(data: ProfileCardData): KnownBlock[] {
  const a = data.answers;
  const days = a.workDays.map((d) => WEEKDAYS[d - 1]?.slice(0, 3)).join(', ');
  const lines = [
    ...(data.parts ? [] : [`*Taking part as*\n${a.roles.map((r) => ROLE_LABELS[r]).join(', ')}`]),
    `*Status*\n${statusLine(data.status, data.pausedUntil)}`,
    `*Offers*\n${skillNames(a.skillsOffered, data.taxonomy)}`,
    `*Wants to grow*\n${skillNames(a.skillsWanted, data.taxonomy)}`,
    `*Working hours*\n${days}, ${formatMinutes(a.workStartMinute)}–${formatMinutes(a.workEndMinute)} (${escape(a.timeZone)})`,
    `*Free to meet*\n${formatMinutes(a.availabilityStartMinute)}–${formatMinutes(a.availabilityEndMinute)}, ${FORMAT_LABELS[a.format]}${a.pace ? `, ${PACE_LABELS[a.pace].toLowerCase()}` : ''}`,
  ];
  if (!data.parts && a.roles.some((r) => GIVING_ROLES.includes(r)) && a.capacityMentees) {
    lines.push(`*Capacity*\n${a.capacityMentees} at once, ${a.capacityHoursPerMonth ?? '?'} h/month`);
  }
  const org = escape([a.department, a.level ? `level ${a.level}` : null, a.location].filter(Boolean).join(' · '));
  if (org) lines.push(`*Organisation*\n${org}`);
  const blocks: KnownBlock[] = [fields(lines)];
  if (data.parts) {
    if (data.parts.length === 0) blocks.push(context('You are not in any program now. `/mentor programs` lists the ones you can join.'));
    blocks.push(...data.parts.slice(0, PARTS_SHOWN).map(partBlock));
    if (data.parts.length > PARTS_SHOWN) blocks.push(context(`…and ${data.parts.length - PARTS_SHOWN} more programs; \`/mentor programs\` lists them all.`));
    return blocks;
  }
  if (a.goals.length > 0) {
    blocks.push(section(`*Goals*\n${goalLines(a.goals)}`));
  }
  return blocks;
}

const goalLines = (goals: ProgramPart['goals']) =>
  // People's words are never wrapped in *…* or _…_: their own asterisks would break the markup.
  goals.map((g, i) => `${i + 1}. ${escape(g.aim)}\n      How you'll know: ${escape(g.measure)} · by ${escape(g.dueOn)}`).join('\n');

function partBlock(p: ProgramPart): KnownBlock {
  const capacity = p.roles.some((r) => GIVING_ROLES.includes(r)) && p.capacityMentees ? ` · ${p.capacityMentees} at once, ${p.capacityHoursPerMonth ?? '?'} h/month` : '';
  const goals = p.goals.length ? `\n${goalLines(p.goals)}` : '';
  return section(`*${escape(p.program)}*${STANDING_WORDS[p.standing]}\nTaking part as ${p.roles.map((r) => ROLE_LABELS[r]).join(', ') || '—'}${capacity}${goals}`);
}

/** The ephemeral answer to `/mentor profile`. */
/** Only someone who mentors can be busy for new mentees. */
const gives = (data: ProfileCardData) => (data.parts?.flatMap((p) => p.roles) ?? data.answers.roles).some((r) => GIVING_ROLES.includes(r));

export function buildProfileMessage(data: ProfileCardData): Message {
  return message('Your mentoring profile', [header('Your mentoring profile'), ...profileBlocks(data), actions(undefined, [button(PROFILE_EDIT_ACTION, 'Edit profile', { style: 'primary' }), button(EXCLUSIONS_ACTION, 'Not matched with…'), ...(gives(data) ? [button(BUSY_ACTION, 'Busy until…')] : [])])]);
}

/** For someone who has not joined yet but asks for something that needs a profile. */
export function buildNotJoinedMessage(): Message {
  const text = "You haven't joined the mentoring program yet. It takes about three minutes.";
  return message(text, [section(text), actions(undefined, [button(JOIN_ACTION, 'Join the program', { style: 'primary' })])]);
}
