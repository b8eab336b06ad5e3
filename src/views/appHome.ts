import type { HomeView, KnownBlock } from '@slack/types';
import type { SubcommandInfo } from '../domain/subcommands.js';
import type { PairKind } from '../domain/matching/participant.js';
import type { OPEN_MATCH_STATUSES } from '../domain/mentorship.js';
import { ROLE_LABELS, type Role } from '../domain/intake.js';
import type { EnrollmentStatus, ProgramRow, ProgramStatus } from '../domain/programs.js';
import { actions, bounded, button, clip, confirmDialog, context, divider, escape, header, mention, section } from './blocks.js';
import { PROGRAMS_BROWSE_ACTION } from './programMessages.js';
import { ENROLLMENT_STATUS_WORDS, programDates } from './programWords.js';
import { slackDate } from './format.js';
import { resumeButton } from './pausedPairMessages.js';
import { type OverviewData, overviewBlocks } from './programOverview.js';
import { EXCLUSIONS_ACTION, JOIN_ACTION, PROFILE_EDIT_ACTION, type ProfileCardData, profileBlocks } from './profileCard.js';

export const HOME_PAUSE_ACTION = 'home_pause';
export const HOME_RESUME_ACTION = 'home_resume';
export const HOME_LEAVE_ACTION = 'home_leave';
/** How long the Home tab's Pause button pauses for; /mentor pause takes any number of weeks. */
export const HOME_PAUSE_WEEKS = 4;

export interface MentorshipSummary {
  matchId: number;
  partnerId: string | null;
  kind: PairKind;
  /** Whether the viewer is the one who mentors in it. */
  viewerGives: boolean;
  status: (typeof OPEN_MATCH_STATUSES)[number];
}

/** Lines in each Home list; the rest is counted, so the tab stays inside Slack's limits however busy someone is. */
export const HOME_LIST_MAX = 10;
/** Paused pairs shown with their own Resume button. */
const RESUME_BUTTONS_MAX = 5;

export interface UpcomingSession {
  partnerId: string | null;
  start: Date;
}

/** A program a person is in, as their Home lists it. */
export interface HomeProgram {
  name: string;
  status: EnrollmentStatus;
  roles: Role[];
  dates: Pick<ProgramRow, 'startsOn' | 'endsOn'>;
}

/** A program at a glance, for its coordinators. */
export interface ProgramHealth {
  name: string;
  status: ProgramStatus;
  active: number;
  openPairs: number;
  quietPairs: number;
  applications: number;
  waitlist: number;
}

export interface AppHomeData {
  userId: string;
  isCoordinator: boolean;
  subcommands: readonly SubcommandInfo[];
  member?: ProfileCardData & { mentorships: MentorshipSummary[]; upcoming?: UpcomingSession[] };
  overview?: OverviewData;
  /** Only once the workspace runs more than one program: a workspace with one sees no program anywhere. */
  programs?: { mine: HomeProgram[]; coordinated: ProgramHealth[] };
}

/** The Home tab: a way in for newcomers, and for members their profile, mentorships and quick actions. */
export function buildAppHome(data: AppHomeData): HomeView {
  const forEveryone = data.subcommands.filter((s) => !s.coordinatorOnly);
  const list = (items: readonly SubcommandInfo[]) => items.map((s) => `• \`${s.usage}\` — ${s.summary}`).join('\n');
  const blocks: KnownBlock[] = [header('Mentoring')];

  if (!data.member) {
    blocks.push(
      section(
        `Welcome, ${mention(data.userId)}. Our mentoring program runs here in Slack: 1:1 and peer mentoring, group circles and reverse mentoring, matched on skills, goals and time zones, with every suggestion explained.`,
      ),
      actions('join', [button(JOIN_ACTION, 'Join the program', { style: 'primary' })]),
    );
  } else {
    const m = data.member;
    blocks.push(...profileBlocks(m));
    const toggle =
      m.status === 'paused'
        ? button(HOME_RESUME_ACTION, 'Resume')
        : button(HOME_PAUSE_ACTION, `Pause for ${HOME_PAUSE_WEEKS} weeks`);
    blocks.push(
      actions('quick_actions', [
        button(PROFILE_EDIT_ACTION, 'Edit profile', { style: 'primary' }),
        button(EXCLUSIONS_ACTION, 'Not matched with…'),
        toggle,
        button(HOME_LEAVE_ACTION, 'Leave the program', {
          style: 'danger',
          confirm: confirmDialog('Leave the program?', 'Your active mentorships end and your partners are told politely. Your profile stays, so you can rejoin; /mentor delete-my-data erases it.', 'Leave', 'Stay'),
        }),
      ]),
    );
    blocks.push(divider, section(`*Your mentorships*\n${mentorshipLines(m.mentorships)}`), ...pausedPairBlocks(m.mentorships));
    const upcoming = m.upcoming ?? [];
    const sessionLines = upcoming.length
      ? bounded(upcoming.map((u) => `• ${slackDate(u.start, '{date_long} {time}')} with ${mention(u.partnerId)}`), HOME_LIST_MAX).join('\n')
      : 'None booked. `/mentor schedule` offers your partner times that fit you both.';
    blocks.push(section(`*Upcoming sessions*\n${sessionLines}`));
  }

  if (data.programs) blocks.push(divider, ...programBlocks(data.programs.mine));
  blocks.push(divider, section(`*What you can do*\n${list(forEveryone)}`));

  if (data.isCoordinator && data.programs?.coordinated.length) blocks.push(divider, section(`*Programs you coordinate*\n${healthLines(data.programs.coordinated)}`));
  if (data.isCoordinator && data.overview) {
    blocks.push(divider, ...overviewBlocks(data.overview));
    const forCoordinators = data.subcommands.filter((s) => s.coordinatorOnly);
    if (forCoordinators.length > 0) blocks.push(section(`*Coordinator tools*\n${list(forCoordinators)}`));
  }
  blocks.push(context('Your answers are used only for matching and for anonymous program reports. `/mentor export-my-data` shows all we hold.'));
  return { type: 'home', blocks };
}

function programBlocks(mine: readonly HomeProgram[]): KnownBlock[] {
  const lines = mine.length
    ? bounded(mine.map((p) => `• *${escape(clip(p.name, 80))}*: ${ENROLLMENT_STATUS_WORDS[p.status]}${p.roles.length ? ` as ${p.roles.map((r) => ROLE_LABELS[r].toLowerCase()).join(', ')}` : ''} · ${programDates(p.dates)}`), HOME_LIST_MAX).join('\n')
    : 'None yet.';
  return [section(`*Your programs*\n${lines}`), actions('programs', [button(PROGRAMS_BROWSE_ACTION, 'Browse programs')])];
}

function healthLines(programs: readonly ProgramHealth[]): string {
  return bounded(
    programs.map((p) => {
      const flags = [p.quietPairs ? `${p.quietPairs} quiet` : '', p.applications ? `${p.applications} to decide` : '', p.waitlist ? `${p.waitlist} waiting for a place` : ''].filter(Boolean).join(' · ');
      return `• *${escape(clip(p.name, 80))}*${p.status === 'active' ? '' : ` (${p.status})`}: ${p.active} taking part · ${p.openPairs} open pairs${flags ? ` · ${flags}` : ''}`;
    }),
    HOME_LIST_MAX,
  ).join('\n');
}

/** The other person's part in a mentorship, seen from the viewer's side. */
function partnerRole(m: MentorshipSummary): string {
  if (m.kind === 'peer') return 'peer';
  if (m.kind === 'reverse') return m.viewerGives ? 'reverse mentee' : 'reverse mentor';
  return m.viewerGives ? 'mentee' : 'mentor';
}

function mentorshipLines(mentorships: readonly MentorshipSummary[]): string {
  if (mentorships.length === 0) return "None yet. Once you're matched, your partners show here.";
  const state = (m: MentorshipSummary) =>
    m.status === 'requested' ? (m.viewerGives ? ' (asked you; answer in your messages)' : ' (waiting for an answer)') : m.status === 'paused' ? ' (paused)' : '';
  return bounded(
    mentorships.map((m) => `• ${mention(m.partnerId)}, your ${partnerRole(m)}${state(m)}`),
    HOME_LIST_MAX,
    (n) => `…and ${n} more`,
  ).join('\n');
}

/** A paused pair is not a dead end: each gets a way back from here. */
function pausedPairBlocks(mentorships: readonly MentorshipSummary[]): KnownBlock[] {
  const paused = mentorships.filter((m) => m.status === 'paused');
  const blocks: KnownBlock[] = paused
    .slice(0, RESUME_BUTTONS_MAX)
    .map((m) => section(`Your mentorship with ${mention(m.partnerId)} is paused: no check-ins until one of you resumes it.`, { accessory: resumeButton(m.matchId, 'Resume') }));
  if (paused.length > RESUME_BUTTONS_MAX) blocks.push(context(`…and ${paused.length - RESUME_BUTTONS_MAX} more paused; \`/mentor resume\` lists them all.`));
  return blocks;
}
