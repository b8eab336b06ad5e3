import type { KnownBlock } from '@slack/types';
import { CADENCE_WORDS, type CircleCadence, type CircleStyle } from '../domain/circleRules.js';
import { bounded, button, clip, confirmDialog, context, divider, escape, header, type Message, mention, message, section } from './blocks.js';
import { slackDate } from './format.js';
import { WEEKDAYS } from './intakeModal.js';
import { zId } from './values.js';
import { formatMinutes } from '../domain/intake.js';

export const CIRCLE_JOIN_ACTION = 'circle_join';
export const CIRCLE_LEAVE_ACTION = 'circle_leave';
export const zCircleValue = zId;

/** What every circle view knows about the circle. */
export interface CircleFacts {
  id: number;
  topicName: string;
  intent: string;
  style: CircleStyle;
  facilitatorId: string | null;
  cadence: CircleCadence;
  sessionMinutes: number;
  slotWeekday: number;
  slotMinute: number;
  zone: string;
  programName: string;
}

/** "Tuesdays 15:00 Europe/London, every two weeks, 60 minutes": the rhythm in the circle's own zone, for topics and fallbacks. */
export const rhythmPlain = (c: Pick<CircleFacts, 'slotWeekday' | 'slotMinute' | 'zone' | 'cadence' | 'sessionMinutes'>): string =>
  `${WEEKDAYS[c.slotWeekday - 1] ?? ''}s ${formatMinutes(c.slotMinute)} ${c.zone}, ${CADENCE_WORDS[c.cadence]}, ${c.sessionMinutes} minutes`;
/** The next session in each reader's own zone, and how often. */
const rhythm = (c: CircleFacts, next: Date) => `${slackDate(next, '{date_long_pretty} at {time}')} (your time), then ${CADENCE_WORDS[c.cadence]}, ${c.sessionMinutes} minutes each`;
const circleName = (c: Pick<CircleFacts, 'topicName'>) => `*${escape(clip(c.topicName, 80))}* circle`;
const leader = (c: CircleFacts) => (c.style === 'facilitated' && c.facilitatorId ? `facilitated by ${mention(c.facilitatorId)}` : 'peer-led, with a rotating host');

/** The channel's topic and purpose: plain words Slack shows under its name (at most 250 characters). */
export const channelTopic = (c: CircleFacts): string => clip(`${c.topicName} · ${rhythmPlain(c)}`, 250);
export const channelPurpose = (c: CircleFacts): string => clip(c.intent.trim() || `A ${c.style === 'peer' ? 'peer ' : ''}mentoring circle of ${c.programName} on ${c.topicName}.`, 250);

export interface WelcomeData {
  circle: CircleFacts;
  members: readonly { id: string; reasons: readonly string[] }[];
  next: Date;
  firstTopic: string | null;
}

export function buildCircleWelcome(d: WelcomeData): Message {
  const c = d.circle;
  const intent = c.intent.trim() ? escape(clip(c.intent.trim(), 500)) : `_Learning together about ${escape(c.topicName)}._`;
  const members = bounded(
    d.members.map((m) => `• ${mention(m.id)}${m.reasons.length ? `: ${escape(clip(m.reasons.join('; '), 200))}` : ''}`),
    8,
  );
  const blocks: KnownBlock[] = [
    header(clip(`Welcome to the ${c.topicName} circle`, 150)),
    section(`:wave: This is your ${circleName(c)} in *${escape(clip(c.programName, 80))}*, ${leader(c)}.\n${intent}`),
    section(`*Who is here, and why*\n${members.join('\n')}`),
    section(`*When you meet*\n${rhythm(c, d.next)}. Everyone got a calendar file for the whole rhythm by DM.`),
    section(`*First session*\n${d.firstTopic ? escape(clip(d.firstTopic, 300)) : 'Introductions: what each of you hopes to get from the circle.'}`),
    context(c.style === 'peer' ? 'Hosts take turns; each session’s host is announced here the day before.' : 'Each session’s topic is announced here the day before.'),
  ];
  return message(clip(`Welcome to the ${escape(c.topicName)} circle`, 300), blocks);
}

export function buildSessionAnnouncement(d: { circle: CircleFacts; startsAt: Date; topic: string | null; hostId: string | null; seq: number }): Message {
  const c = d.circle;
  const host = c.style === 'peer' && d.hostId ? `${mention(d.hostId)} hosts this one. ` : '';
  const topic = d.topic ? `*Topic:* ${escape(clip(d.topic, 300))}\n` : '';
  const text = `:spiral_calendar_pad: *Tomorrow: session ${d.seq + 1}* of the ${circleName(c)}, ${slackDate(d.startsAt, '{date_long_pretty} at {time}')} (your time).\n${topic}${host}Bring one real work challenge to talk through.`;
  return message(clip(`Tomorrow: session ${d.seq + 1} of the ${escape(c.topicName)} circle`, 300), [section(text)]);
}

export function buildSessionReminder(d: { circle: CircleFacts; startsAt: Date; hostId: string | null }): Message {
  const c = d.circle;
  const host = c.style === 'peer' && d.hostId ? ` ${mention(d.hostId)} is hosting.` : '';
  const text = `:bell: The ${circleName(c)} meets ${slackDate(d.startsAt, 'at {time}')} (your time), in an hour.${host}`;
  return message(clip(`The ${escape(c.topicName)} circle meets in an hour`, 300), [section(text)]);
}

// ── /mentor circles ────────────────────────────────────────────────────────

export interface CircleListing {
  circle: CircleFacts;
  next: Date | null;
  seatsLeft: number;
  members: number;
  /** 0–1: how well the circle fits the reader (topic and time). */
  fit: number | null;
  standing: 'member' | 'waitlisted' | null;
  waitlistPosition: number | null;
  /** Why the reader cannot join, when they cannot (the time is outside their hours…). */
  blocked: string | null;
}

export function buildCircleList(listings: readonly CircleListing[]): Message {
  if (listings.length === 0) {
    const text = 'There are no open circles in your programs yet. Coordinators form them; `/mentor programs` shows the programs that run circles.';
    return message(text, [section(text)]);
  }
  const blocks: KnownBlock[] = [header('Mentoring circles')];
  for (const l of listings.slice(0, 20)) {
    const c = l.circle;
    const seats = l.seatsLeft > 0 ? `${l.seatsLeft} ${l.seatsLeft === 1 ? 'seat' : 'seats'} left` : 'full: joining puts you on the waitlist';
    const fit = l.fit === null ? '' : ` · fit ${Math.round(l.fit * 100)}%`;
    const standing = l.standing === 'member' ? ' · *you are a member*' : l.standing === 'waitlisted' ? ` · *you are number ${l.waitlistPosition ?? '?'} on the waitlist*` : '';
    const when = l.next ? rhythm(c, l.next) : rhythmPlain(c);
    const intent = c.intent.trim() ? `\n${escape(clip(c.intent.trim(), 200))}` : '';
    const element = l.standing
      ? button(CIRCLE_LEAVE_ACTION, l.standing === 'member' ? 'Leave' : 'Leave the waitlist', { value: c.id, confirm: confirmDialog('Leave this circle?', 'Your seat goes to the next person waiting.', 'Leave', 'Stay') })
      : l.blocked
        ? undefined
        : button(CIRCLE_JOIN_ACTION, l.seatsLeft > 0 ? 'Join' : 'Join the waitlist', { value: c.id, style: 'primary' });
    blocks.push(divider, section(`${circleName(c)} · ${escape(clip(c.programName, 60))}, ${leader(c)}${intent}`, element ? { accessory: element } : {}));
    blocks.push(context(`${when} · ${l.members} ${l.members === 1 ? 'member' : 'members'}, ${seats}${fit}${standing}${l.blocked ? ` · ${escape(l.blocked)}` : ''}`));
  }
  if (listings.length > 20) blocks.push(context(`…and ${listings.length - 20} more.`));
  return message('Mentoring circles', blocks);
}

export const CIRCLE_WORDS = {
  joined: (c: Pick<CircleFacts, 'topicName'>) => `You're in the ${circleName(c)}! You'll be added to its channel in a moment, and a calendar file for its sessions is on its way.`,
  waitlisted: (c: Pick<CircleFacts, 'topicName'>, position: number) => `The ${circleName(c)} is full, so you are number ${position} on its waitlist. When a seat opens it is yours, and I'll tell you.`,
  left: (c: Pick<CircleFacts, 'topicName'>) => `You've left the ${circleName(c)}. Thanks for taking part; \`/mentor circles\` shows the others.`,
  leftWaitlist: (c: Pick<CircleFacts, 'topicName'>) => `You're off the waitlist of the ${circleName(c)}.`,
  waitlistEnded: (c: Pick<CircleFacts, 'topicName'>) => `The ${circleName(c)} you were waiting for has come to an end, so you are off its waitlist. \`/mentor circles\` shows the circles you can join.`,
  seatOpened: (c: Pick<CircleFacts, 'topicName'>) => `:tada: A seat opened in the ${circleName(c)} and it's yours. You'll be added to its channel, and a calendar file for its sessions is on its way. \`/mentor circles\` lets you leave if it no longer suits you.`,
  already: (c: Pick<CircleFacts, 'topicName'>) => `You're already in the ${circleName(c)}.`,
  alreadyWaiting: (c: Pick<CircleFacts, 'topicName'>, position: number) => `You're already number ${position} on the waitlist of the ${circleName(c)}.`,
  notMember: (c: Pick<CircleFacts, 'topicName'>) => `You're not in the ${circleName(c)}, so there was nothing to leave.`,
  ended: 'That circle has ended. `/mentor circles` shows the open ones.',
  notOpenToYou: 'That circle cannot take you. `/mentor circles` shows the ones that can.',
  notInProgram: (programName: string) => `The circle belongs to *${escape(programName)}*, which you are not taking part in. \`/mentor programs\` lets you join it first.`,
  timeOutsideHours: 'Its meeting time falls outside your working hours, so it would not suit you.',
  facilitates: (c: Pick<CircleFacts, 'topicName'>) => `You facilitate the ${circleName(c)}; a facilitator does not take a member's seat.`,
  member: (c: Pick<CircleFacts, 'topicName'>) => `Member of the ${circleName(c)}`,
  facilitatorLeft: (c: Pick<CircleFacts, 'topicName' | 'id'>, personId: string) =>
    `:warning: ${mention(personId)} left the program, so the ${circleName(c)} (number ${c.id}) has no facilitator now. Its members carry on, and any of them can move its time with \`/mentor circles time ${c.id}\`.`,
} as const;

/** The circle's channel name was taken in Slack, so it got the next free one. */
export const channelRenamed = (c: Pick<CircleFacts, 'topicName' | 'id'>, wanted: string, got: string): string =>
  `The ${circleName(c)} (number ${c.id}) could not have #${escape(wanted)}, which another channel already uses, so its channel is #${escape(got)}.`;

/** Every name tried was taken: the circle has no channel until someone frees one. */
export const channelNamesTaken = (c: Pick<CircleFacts, 'topicName' | 'id'>, wanted: string): string =>
  `:warning: The ${circleName(c)} (number ${c.id}) has no channel yet: #${escape(wanted)} and the names after it are taken by channels I cannot see. Rename or archive #${escape(wanted)}, and its channel is made on the next run.`;

export function buildCalendarNote(c: CircleFacts): string {
  return `:calendar: The ${circleName(c)} meets ${rhythmPlain(c).replace(/^(\S+)/, '$1')}. The attached file puts every session in your calendar.`;
}

export function buildCircleClosing(d: { circle: CircleFacts; sessionsHeld: number; reason: string | null }): Message {
  const c = d.circle;
  const why = d.reason ? ` (${escape(clip(d.reason, 200))})` : '';
  const text = `:sunrise: The ${circleName(c)} has come to an end${why}. ${d.sessionsHeld} ${d.sessionsHeld === 1 ? 'session' : 'sessions'} held: thank you all for showing up for each other. This channel will be archived; its messages stay readable.`;
  return message(clip(`The ${escape(c.topicName)} circle has come to an end`, 300), [section(text)]);
}
