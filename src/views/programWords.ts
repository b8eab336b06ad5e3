import { formatInTimeZone } from 'date-fns-tz';
import type { PairKind } from '../domain/mentorship.js';
import { cohortWeeks, type EnrollmentStatus, type ProgramRow } from '../domain/programs.js';
import { escape } from './blocks.js';

/** How each kind of pairing is called where people choose or read about programs. */
export const MODE_LABELS: Record<PairKind, string> = {
  mentoring: '1:1 mentoring',
  peer: 'Peer mentoring',
  reverse: 'Reverse mentoring',
};

const monthDay = (date: string) => formatInTimeZone(new Date(`${date}T12:00:00Z`), 'UTC', 'd MMM yyyy');

/** "12-week cohort, 5 Jan 2027 – 30 Mar 2027" or "Ongoing". */
export function programDates(p: Pick<ProgramRow, 'startsOn' | 'endsOn'>): string {
  if (!p.startsOn || !p.endsOn) return 'Ongoing';
  return `${cohortWeeks(p)}-week cohort, ${monthDay(p.startsOn)} – ${monthDay(p.endsOn)}`;
}

export const programModes = (p: Pick<ProgramRow, 'modes'>): string => p.modes.map((m) => MODE_LABELS[m]).join(', ');

/** A program's name as mrkdwn: bold and inert. */
export const programName = (p: Pick<ProgramRow, 'name'>): string => `*${escape(p.name)}*`;

export const ENROLLMENT_STATUS_WORDS: Record<EnrollmentStatus, string> = {
  applied: 'applied, waiting for a coordinator',
  waitlisted: 'on the waitlist',
  active: 'taking part',
  declined: 'application declined',
  left: 'left',
  completed: 'completed',
};

export const notInProgram = (name: string): string => `You are not taking part in a program called "${escape(name.slice(0, 80))}". \`/mentor programs\` shows yours.`;

export const matchInWhich = (programs: readonly Pick<ProgramRow, 'name'>[]): string =>
  `You take part in several programs. Say which to look in: ${programs.map((p) => `\`/mentor match ${escape(p.name)}\``).join(', ')}.`;

export const programPaused = (p: Pick<ProgramRow, 'name'>): string => `${programName(p)} is paused for now, so matching there is off.`;

/** Accept pressed on a request while its program is paused: nothing starts, and the request is still there after. */
export const requestWaitsWhilePaused = (p: Pick<ProgramRow, 'name'>): string => `${programPaused(p)} The request stays open: you can accept it once the program resumes.`;

export const notSelfServe = (p: Pick<ProgramRow, 'name' | 'matchingMode'>): string =>
  `In ${programName(p)}, coordinators match people in ${p.matchingMode === 'automatic' ? 'scheduled rounds' : 'rounds'}; you'll hear here when you are matched.`;

/** Why a Join press starts nothing: already in, paused, or not open to this person. */
export const joinRefusal = (p: Pick<ProgramRow, 'name'>, why: 'active' | 'applied' | 'waitlisted' | 'paused' | 'closed_to_you'): string => {
  const name = escape(p.name);
  switch (why) {
    case 'active':
      return `You are already in ${name}. \`/mentor programs\` shows where you stand.`;
    case 'applied':
      return `You are already waiting for a decision on ${name}. \`/mentor programs\` shows where you stand.`;
    case 'waitlisted':
      return `You are already on the waitlist of ${name}. \`/mentor programs\` shows where you stand.`;
    case 'paused':
      return `${name} is paused for now, so it is not taking new people. Try again later.`;
    case 'closed_to_you':
      return `${name} is not open to you. \`/mentor programs\` shows the ones you can join.`;
  }
};

/** After a mentorship ends in a program that has closed: nobody new comes from it. */
export const noneAfterClose = (p: Pick<ProgramRow, 'name'>): string =>
  `${programName(p)} has ended, so it has nobody new to suggest. \`/mentor programs\` shows the programs you can join, and \`/mentor match\` who fits you in them.`;

export const noCircles = (p: Pick<ProgramRow, 'name'>): string =>
  `${programName(p)} does not run circles. \`/mentor program edit ${escape(p.name)}\` turns them on.`;

/** A coordinator command that needs to know which program, or named one that is not theirs. */
export function whichProgram(usage: string, reason: 'unknown' | 'not_yours' | 'which', choices: readonly Pick<ProgramRow, 'name'>[], name: string): string {
  const options = choices.length ? ` Yours: ${choices.map((p) => `\`${usage} ${escape(p.name)}\``).join(', ')}.` : '';
  if (reason === 'unknown') return `There is no program called "${escape(name.slice(0, 80))}".${options}`;
  if (reason === 'not_yours') return `You don't coordinate "${escape(name.slice(0, 80))}".${options}`;
  return `You coordinate several programs; say which.${options}`;
}
