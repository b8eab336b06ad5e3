import type { Reason, StoredReason } from '../domain/matching/reasons.js';
import type { Pace } from '../domain/matching/workingStyle.js';
import { escape, mention } from './blocks.js';

/*
 * Reasons in words. Skill names come from the coordinators' taxonomy and goals
 * from what a mentee typed, so both are escaped here, where they meet mrkdwn.
 */

/** A goal quoted in a reason: short enough to read at a glance, cut at a word. */
const GOAL_QUOTE_MAX = 40;
/** The strongest three and a shared way of meeting (see shownReasons): what a stored pair holds at most. */
const MOST_REASONS = 4;
/** A location is people's own words too (or HR's): clipped like a goal. */
const LOCATION_MAX = 40;
const PACE_WORDS: Record<Pace, string> = { weekly: 'every week', fortnightly: 'every two weeks', monthly: 'about once a month' };

const list = (names: readonly string[]) => {
  const safe = names.map(escape);
  return safe.length <= 2 ? safe.join(' and ') : `${safe.slice(0, 2).join(', ')} and more`;
};

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

function clipWords(text: string, max: number): string {
  // By what a reader sees, so an emoji is never cut in half.
  const chars = [...graphemes.segment(text)].map((g) => g.segment);
  if (chars.length <= max) return text;
  const cut = chars.slice(0, max).join('');
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), max - 10))}…`;
}

/**
 * One reason, addressed to the person being mentored (`receiver` undefined:
 * "you") or about them, for their mentor, the intro and coordinators
 * (`receiver` is how to name them, already safe mrkdwn such as a mention).
 */
export function reasonWords(reason: Reason, receiver?: string): string {
  const you = receiver === undefined;
  switch (reason.factor) {
    case 'skills':
      return reason.match === 'exact'
        ? `Offers ${list(reason.skills)}, which ${you ? 'you want' : `${receiver} wants`}`
        : `Strong in the same area as ${list(reason.skills)}${you ? '' : `, which ${receiver} wants`}`;
    case 'goals': {
      const goal = escape(clipWords(reason.goal.replace(/\s+/g, ' ').trim(), GOAL_QUOTE_MAX));
      return you ? `Can help with your goal “${goal}”` : `Can help with ${receiver}'s goal “${goal}”`;
    }
    case 'availability':
      return `${reason.hours} shared working hours a week`;
    case 'timeZone':
      return reason.hours === 0 ? 'Same time zone' : `Close time zones, ${reason.hours} hour${reason.hours === 1 ? '' : 's'} apart`;
    case 'capacity':
      return you ? 'Mentoring nobody else, so has time for you' : 'Mentoring nobody else';
    case 'diversity':
      return you ? 'Different department' : 'Different departments';
    case 'seniority':
      if (reason.relation === 'early_career') return 'Brings an early-career view';
      if (reason.relation === 'same_level') return you ? 'At your level' : 'At the same level';
      return you ? 'A few levels ahead of you' : `A few levels ahead of ${receiver}`;
    case 'rating':
      return 'Mentees rate their sessions highly';
    case 'format':
      if (reason.format === 'in_person') return `${you ? 'Also likes' : 'Both like'} to meet in person, in ${escape(clipWords(reason.location, LOCATION_MAX))}`;
      return reason.format === 'video' ? `${you ? 'Also prefers' : 'Both prefer'} video calls` : `${you ? 'Also prefers' : 'Both prefer'} to work async, by message`;
    case 'pace':
      return `${you ? 'Also wants' : 'Both want'} to meet ${PACE_WORDS[reason.pace]}`;
  }
}

/**
 * Reasons as one line. Matches made before reasons were stored as facts hold
 * finished sentences: those are escaped whole, and only the bot's own mention
 * of the receiver is given back its meaning.
 */
export function reasonsLine(reasons: readonly StoredReason[] | null | undefined, receiverId?: string, count = MOST_REASONS): string {
  const receiver = receiverId === undefined ? undefined : mention(receiverId);
  return (reasons ?? [])
    .slice(0, count)
    .map((r) => {
      if (typeof r !== 'string') return reasonWords(r, receiver);
      const safe = escape(r);
      return receiverId ? safe.split(`&lt;@${receiverId}&gt;`).join(mention(receiverId)) : safe;
    })
    .join(' · ');
}

/** For files and logs, where mrkdwn means nothing: the same words, unescaped, the receiver by name. */
export function reasonsPlain(reasons: readonly StoredReason[] | null | undefined, receiverName: string, count = MOST_REASONS): string {
  return (reasons ?? [])
    .slice(0, count)
    .map((r) => (typeof r === 'string' ? r : unescapeEntities(reasonWords(r, receiverName))))
    .join(' · ');
}

const unescapeEntities = (text: string) => text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
