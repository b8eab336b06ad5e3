import type { HomeView, KnownBlock } from '@slack/types';
import type { SubcommandInfo } from '../commands/catalogue.js';
import { slackDate } from './format.js';
import { type OverviewData, overviewBlocks } from './programOverview.js';
import { JOIN_ACTION, PROFILE_EDIT_ACTION, type ProfileCardData, profileBlocks } from './profileCard.js';

export const HOME_PAUSE_ACTION = 'home_pause';
export const HOME_RESUME_ACTION = 'home_resume';
export const HOME_LEAVE_ACTION = 'home_leave';
/** How long the Home tab's Pause button pauses for; /mentor pause takes any number of weeks. */
export const HOME_PAUSE_WEEKS = 4;

export interface MentorshipSummary {
  partnerId: string | null;
  /** The other person's part in it, from the viewer's side. */
  partnerRole: 'mentor' | 'mentee' | 'peer' | 'reverse mentor' | 'reverse mentee';
  status: 'requested' | 'active' | 'paused';
}

export interface UpcomingSession {
  partnerId: string | null;
  start: Date;
}

export interface AppHomeData {
  userId: string;
  isCoordinator: boolean;
  subcommands: readonly SubcommandInfo[];
  member?: ProfileCardData & { mentorships: MentorshipSummary[]; upcoming?: UpcomingSession[] };
  overview?: OverviewData;
}

const mrkdwn = (text: string): KnownBlock => ({ type: 'section', text: { type: 'mrkdwn', text } });
const button = (action_id: string, text: string, extra: Record<string, unknown> = {}) => ({ type: 'button' as const, action_id, text: { type: 'plain_text' as const, text }, ...extra });

/** The Home tab: a way in for newcomers, and for members their profile, mentorships and quick actions. */
export function buildAppHome(data: AppHomeData): HomeView {
  const forEveryone = data.subcommands.filter((s) => !s.coordinatorOnly);
  const list = (items: readonly SubcommandInfo[]) => items.map((s) => `• \`${s.usage}\` — ${s.summary}`).join('\n');
  const blocks: KnownBlock[] = [{ type: 'header', text: { type: 'plain_text', text: 'Mentoring' } }];

  if (!data.member) {
    blocks.push(
      mrkdwn(
        `Welcome, <@${data.userId}>. Our mentoring program runs here in Slack: 1:1 and peer mentoring, group circles and reverse mentoring, matched on skills, goals and time zones, with every suggestion explained.`,
      ),
      { type: 'actions', block_id: 'join', elements: [button(JOIN_ACTION, 'Join the program', { style: 'primary' })] },
    );
  } else {
    const m = data.member;
    blocks.push(...profileBlocks(m));
    const toggle =
      m.status === 'paused'
        ? button(HOME_RESUME_ACTION, 'Resume')
        : button(HOME_PAUSE_ACTION, `Pause for ${HOME_PAUSE_WEEKS} weeks`);
    blocks.push({
      type: 'actions',
      block_id: 'quick_actions',
      elements: [
        button(PROFILE_EDIT_ACTION, 'Edit profile', { style: 'primary' }),
        toggle,
        button(HOME_LEAVE_ACTION, 'Leave the program', {
          style: 'danger',
          confirm: {
            title: { type: 'plain_text', text: 'Leave the program?' },
            text: { type: 'mrkdwn', text: 'Your active mentorships end and your partners are told politely. Your profile stays, so you can rejoin; use `/mentor delete-my-data` to erase it.' },
            confirm: { type: 'plain_text', text: 'Leave' },
            deny: { type: 'plain_text', text: 'Stay' },
            style: 'danger',
          },
        }),
      ],
    });
    blocks.push({ type: 'divider' }, mrkdwn(`*Your mentorships*\n${mentorshipLines(m.mentorships)}`));
    const upcoming = m.upcoming ?? [];
    const sessionLines = upcoming.length
      ? upcoming.map((u) => `• ${slackDate(u.start, '{date_long} {time}')} with ${u.partnerId ? `<@${u.partnerId}>` : 'a former member'}`).join('\n')
      : 'None booked. `/mentor schedule` offers your partner times that fit you both.';
    blocks.push(mrkdwn(`*Upcoming sessions*\n${sessionLines}`));
  }

  blocks.push({ type: 'divider' }, mrkdwn(`*What you can do*\n${list(forEveryone)}`));

  if (data.isCoordinator && data.overview) {
    blocks.push({ type: 'divider' }, ...overviewBlocks(data.overview));
    const forCoordinators = data.subcommands.filter((s) => s.coordinatorOnly);
    if (forCoordinators.length > 0) blocks.push(mrkdwn(`*Coordinator tools*\n${list(forCoordinators)}`));
  }
  blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: 'Your answers are used only for matching and for anonymous program reports. `/mentor export-my-data` shows all we hold.' }] });
  return { type: 'home', blocks };
}

function mentorshipLines(mentorships: MentorshipSummary[]): string {
  if (mentorships.length === 0) return "None yet. Once you're matched, your partners show here.";
  return mentorships
    .map((m) => {
      const who = m.partnerId ? `<@${m.partnerId}>` : 'a former member';
      const state = m.status === 'requested' ? ' (waiting for an answer)' : m.status === 'paused' ? ' (paused)' : '';
      return `• ${who}, your ${m.partnerRole}${state}`;
    })
    .join('\n');
}
