import type { KnownBlock, ModalView } from '@slack/types';
import { z } from 'zod';
import type { UnmatchedReason } from '../domain/matching/candidates.js';
import { PAIR_KINDS, type PairKind } from '../domain/mentorship.js';
import { DEFAULT_PROGRAM_ID } from '../domain/programs.js';
import type { StoredReason } from '../domain/matching/reasons.js';
import { actions, bounded, button, clip, context, divider, escape, header, type Message, mention, message, plain, quote, section } from './blocks.js';
import { slackDate } from './format.js';
import { reasonsLine } from './reasons.js';
import { SCHEDULE_ACTION } from './sessionMessages.js';
import { zId } from './values.js';

/*
 * Everything a person sees while being matched: suggestion cards, the
 * request to a mentor, the intro, and the kind words when it doesn't work out.
 */

export const REQUEST_ACTION_PREFIX = 'request:';
export const REQUEST_ACTION = /^request:/;
export const ACCEPT_ACTION = 'request_accept';
export const DECLINE_ACTION = 'request_decline';
export const DECLINE_CALLBACK_ID = 'request_decline_note';
export const DECLINE_NOTE_BLOCK = 'note';
export const DECLINE_NOTE_MAX = 500;

/** Why a mentee is offered people while their mentorship is still open: it went quiet, or they asked to see others. */
export const REMATCH_VIA = ['quiet', 'asked'] as const;
export type RematchVia = (typeof REMATCH_VIA)[number];

/**
 * A suggestion's Request button: the giver, the kind, and the program when it
 * is not the default one. A card offered while the mentee still has an open
 * mentorship of that kind names it (`replaces`), so the request may be sent.
 */
export const zRequestValue = z.object({
  giver: z.string().regex(/^[UW][A-Z0-9]{2,}$/),
  kind: z.enum(PAIR_KINDS),
  program: zId.optional(),
  replaces: zId.optional(),
  via: z.enum(REMATCH_VIA).optional(),
});
/** Accept, Decline and the decline form carry the match id. */
export const zRequestId = zId;

export const KIND_WORDS: Record<PairKind, { giver: string; pairing: string }> = {
  mentoring: { giver: 'mentor', pairing: 'mentoring' },
  peer: { giver: 'peer mentor', pairing: 'peer mentoring' },
  reverse: { giver: 'reverse mentor', pairing: 'reverse mentoring' },
};

export interface SuggestionCard {
  giverId: string;
  kind: PairKind;
  score: number;
  /** Strongest first, addressed to the person who will be mentored. */
  reasons: StoredReason[];
  /** The program the suggestion is in; the default program when left out. */
  programId?: number;
  /** Department, level, location and zone: people's own words and HR's. */
  facts: string;
  /** The open mentorship this suggestion would take over from, if the giver accepts. */
  replaces?: number;
  via?: RematchVia;
}

const percent = (score: number) => `${Math.round(score * 100)}% fit`;
/** A person's goals as a list, inert and bounded. */
const goalList = (goals: readonly string[], none: string) => (goals.length ? bounded(goals.map((g) => `• ${escape(g)}`), 5).join('\n') : none);

function card(c: SuggestionCard): KnownBlock[] {
  return [
    section(`*${mention(c.giverId)}* · ${KIND_WORDS[c.kind].giver} · ${percent(c.score)}\n${reasonsLine(c.reasons)}`, {
      accessory: button(`${REQUEST_ACTION_PREFIX}${c.giverId}`, 'Request', {
        style: 'primary',
        value: JSON.stringify({
          giver: c.giverId,
          kind: c.kind,
          ...(c.programId !== undefined && c.programId !== DEFAULT_PROGRAM_ID ? { program: c.programId } : {}),
          ...(c.replaces !== undefined ? { replaces: c.replaces, via: c.via ?? 'quiet' } : {}),
        }),
      }),
    }),
    context(escape(c.facts)),
  ];
}

export function buildSuggestions(cards: SuggestionCard[], intro = 'Here are the people who fit you best right now, and why.'): Message {
  return message(`${cards.length} suggested ${cards.length === 1 ? 'match' : 'matches'} for you`, [
    header('Suggested for you'),
    section(intro),
    ...cards.flatMap((c) => [divider, ...card(c)]),
    context('Ask one person at a time. They can accept or decline; if it is a no, we suggest someone else.'),
  ]);
}

/** Each reason twice: to the person, and about them for coordinators. */
export const UNMATCHED_WORDS: Record<UnmatchedReason, { you: string; them: string }> = {
  covered: { you: 'you already have a partner for every kind of mentoring you asked for', them: 'already has a partner for every kind asked for' },
  gives_only: { you: 'you take part only as someone who mentors, so there is nobody to suggest to you', them: 'takes part only as a giver' },
  no_givers: { you: 'nobody offers the kind of mentoring you asked for yet', them: 'nobody offers this kind of mentoring yet' },
  // Without the skills' names (unmatchedWords adds them): nobody who gives offers anything they want or aim at.
  no_common_ground: { you: "nobody offers a skill you want or one your goals name yet; we'll tell you when someone does", them: 'nobody offers a skill they want yet' },
  low_fit: { you: "nobody available fits you closely enough yet for this program's minimum fit", them: "no pair reaches the program's minimum fit" },
  at_capacity: { you: 'every mentor who fits you is at capacity right now', them: 'every suitable mentor is at capacity' },
  rules: { you: 'no available mentor fits the program rules for you (level, reporting line, or a recent pairing)', them: 'no available mentor fits the rules (level, reporting line, recent pairing)' },
  outbid: { you: 'your best matches went to others in this round, so you are first in line next time', them: 'best matches went to others; first in line next time' },
  gone: { you: 'the match we had in mind is no longer available, so you are first in line next time', them: 'the proposed partner is no longer available' },
  // A coordinator took the pair out of the preview: for the mentee, simply a match that fell through.
  removed: { you: 'the match we had in mind is no longer available, so you are first in line next time', them: 'their pairing was removed from this round and nobody else fits' },
};

/** Why someone waits, and below the quality floor the skills they want that nobody offers. */
export interface WaitingReason {
  reason: UnmatchedReason;
  /** Skill names (from the taxonomy), for `no_common_ground`. */
  skills?: readonly string[];
}

/** At most this many skills are named; a longer wish list ends "and 2 more". */
const SKILLS_NAMED = 3;

function skillList(names: readonly string[], plainText: boolean): string {
  const shown = names.slice(0, SKILLS_NAMED).map((n) => (plainText ? n : escape(n)));
  const rest = names.length - shown.length;
  if (rest > 0) return `${shown.join(', ')} and ${rest} more`;
  return shown.length <= 1 ? shown.join('') : `${shown.slice(0, -1).join(', ')} and ${shown.at(-1)}`;
}

/**
 * UNMATCHED_WORDS, naming the skills for someone below the quality floor:
 * "nobody offers Public speaking yet". Skill names come from the taxonomy
 * file, so they are escaped; `plainText` leaves them as they are for a CSV.
 */
export function unmatchedWords(w: WaitingReason, options: { plainText?: boolean } = {}): { you: string; them: string } {
  if (w.reason !== 'no_common_ground') return UNMATCHED_WORDS[w.reason];
  const skills = w.skills ?? [];
  if (skills.length === 0) {
    return {
      you: "you haven't picked any skills to learn, and nobody offers one your goals name; add the skills you want with `/mentor profile` and we'll look again",
      them: 'has picked no skills to learn, and nobody offers one their goals name',
    };
  }
  const list = skillList(skills, options.plainText ?? false);
  return { you: `nobody offers ${list} yet; we'll tell you when someone does`, them: `nobody offers ${list} yet` };
}

/** Reasons whose words already say when they will hear from us (waitingMentees.ts keeps that promise). */
const PROMISES_NEWS = new Set<UnmatchedReason>(['no_common_ground']);

export function noSuggestions(reason: UnmatchedReason, skills?: readonly string[]): string {
  const then = PROMISES_NEWS.has(reason) ? '' : " Coordinators run matching rounds regularly, and we'll message you when there is someone for you.";
  return `We couldn't find anyone to suggest right now: ${unmatchedWords({ reason, ...(skills ? { skills } : {}) }).you}.${then}`;
}

/** `/mentor match` from someone who only mentors: what matching means from their side. */
export function matchForGivers(d: { mentoring: number; capacity: number }): string {
  const room = Math.max(0, d.capacity - d.mentoring);
  const load =
    room === 0
      ? `You are mentoring ${d.mentoring} of the ${d.capacity} people you said you have room for, so no new requests reach you until a place frees up.`
      : `You are mentoring ${d.mentoring} and have room for ${room} more.`;
  return `You take part as a mentor, so matching works the other way round for you: mentees who fit you find you through \`/mentor match\` and coordinators' rounds, and you get a request with their goals that you can accept or decline. ${load} To learn from someone yourself, add a mentee or peer role with \`/mentor profile\`.`;
}

/** A request whose pair a hard rule now keeps apart: closed, without saying who asked for the rule. */
export const REQUEST_NO_LONGER_STANDS = 'This request can no longer be accepted, so it is closed. Nothing else has changed.';

export function requestSent(giverId: string): string {
  return `Request sent to ${mention(giverId)}. We'll let you know as soon as they answer; if they haven't within a week, the request lapses and we suggest someone else.`;
}

export interface RequestCardData {
  matchId: number;
  menteeId: string;
  kind: PairKind;
  goals: string[];
  reasons: readonly StoredReason[] | null;
}

/** Every request a mentor answers, a fresh-start one included: it reads the same, and its buttons are the same. */
export function buildMentorRequest(d: RequestCardData, reminder = false): Message {
  const lead = reminder
    ? `Reminder: ${mention(d.menteeId)} is still hoping you'll be their ${KIND_WORDS[d.kind].giver}. The request lapses in four days.`
    : `${mention(d.menteeId)} would like you as their ${KIND_WORDS[d.kind].giver}.`;
  return message(lead, [
    section(lead),
    section(`*Their goals*\n${goalList(d.goals, '_No goals written down yet._')}`),
    section(`*Why you two*\n${reasonsLine(d.reasons, d.menteeId)}`),
    actions(`request_${d.matchId}`, [button(ACCEPT_ACTION, 'Accept', { style: 'primary', value: d.matchId }), button(DECLINE_ACTION, 'Decline', { value: d.matchId })]),
  ]);
}

export function buildDeclineModal(matchId: number): ModalView {
  return {
    type: 'modal',
    callback_id: DECLINE_CALLBACK_ID,
    private_metadata: String(matchId),
    title: plain('Decline the request', 24),
    submit: plain('Decline', 24),
    close: plain('Back', 24),
    blocks: [
      section('Thank you for considering it. We will tell them kindly and suggest someone else.'),
      {
        type: 'input',
        block_id: DECLINE_NOTE_BLOCK,
        optional: true,
        label: plain('A note for them'),
        element: { type: 'plain_text_input', action_id: DECLINE_NOTE_BLOCK, multiline: true, max_length: DECLINE_NOTE_MAX, placeholder: plain('e.g. My calendar is full until March; try me again then!') },
      },
    ],
  };
}

export function acceptedForMentor(menteeId: string, away = false): string {
  return away
    ? `You accepted ${mention(menteeId)}. They are paused right now, so the group chat with your intro and a suggested first agenda opens when they are back. Thank you!`
    : `You accepted ${mention(menteeId)}. We've opened a group chat with an intro and a suggested first agenda. Thank you!`;
}

export function declinedForMentor(menteeId: string): string {
  return `You declined ${mention(menteeId)}'s request. We'll let them know kindly and suggest someone else.`;
}

export function declinedForMentee(giverId: string, note: string | null): string {
  const said = note ? `\n${quote(note)}` : '';
  return `${mention(giverId)} can't take on a new mentee right now. It's about their time, not about you.${said}`;
}

export function expiredForMentee(giverId: string): string {
  return `Your request to ${mention(giverId)} lapsed after a week without an answer. That happens when people are busy; it says nothing about you.`;
}

export function expiredForMentor(menteeId: string): string {
  return `${mention(menteeId)}'s request to you lapsed after a week. No action needed; we'll suggest someone else to them.`;
}

/**
 * A coordinator closed a mentorship so the mentee can start afresh: the words
 * for each side. `quiet` only when the pair is quiet as it is closed: the
 * digest also lists pairs for their ratings, and a pair may have met since.
 */
export function rematchForMentee(mentorId: string, quiet: boolean): string {
  return `Your mentorship with ${mention(mentorId)} has come to a close: ${quiet ? 'it had been quiet for a while, and ' : ''}the program coordinators thought a fresh start would serve you better. Thank you for the time you gave it; nothing went wrong on your side.`;
}

/** A coordinator just closed the mentorship, for both people. */
export function closedByCoordinators(quiet: boolean): string {
  return `Your mentorship has been closed ${quiet ? 'after a long quiet spell' : 'by the program coordinators'}. Thank you for the time you gave it; nothing for you to do.`;
}

/** To a mentee whose request closed because the two were kept apart: no reason, by design. */
export const requestCannotGoAhead = (mentorId: string): string => `Your request to ${mention(mentorId)} can no longer go ahead.`;

/** After a closing, to a mentee whose fresh-start request is still waiting: it goes on, so no new cards. */
export function requestStillStands(giverId: string): string {
  return `Your request to ${mention(giverId)} still stands: we'll let you know as soon as they answer.`;
}

export function rematchForMentor(menteeId: string, quiet: boolean): string {
  return `Your mentorship with ${mention(menteeId)} has been closed by the program coordinators${quiet ? ' after a long quiet spell' : ''}, so they can start afresh with someone new. Thank you for the time you gave it; nothing for you to do.`;
}

/** Why Accept (or Decline) did nothing: the request as it really stands. */
export type RequestState =
  | { kind: 'not_yours'; mentorId: string | null }
  | { kind: 'lapsed'; menteeId: string | null; at: Date | null }
  | { kind: 'declined'; at: Date | null }
  | { kind: 'accepted'; menteeId: string | null }
  | { kind: 'ended' }
  | { kind: 'gone' };

export function requestStateMessage(s: RequestState): string {
  switch (s.kind) {
    case 'not_yours':
      return `This request was sent to ${mention(s.mentorId, 'someone who has since left')}, so only they can answer it. Nothing was changed.`;
    case 'lapsed':
      return `This request lapsed${s.at ? ` on ${slackDate(s.at, '{date_long}')}` : ''} after a week without an answer, and ${mention(s.menteeId, 'the mentee')} has been offered other mentors. If you would still like to mentor them, tell them: they can ask you again with \`/mentor match\`.`;
    case 'declined':
      return `You declined this request${s.at ? ` on ${slackDate(s.at, '{date_long}')}` : ''}. Nothing was changed.`;
    case 'accepted':
      return `You already accepted this request: your group chat with ${mention(s.menteeId, 'your mentee')} is open.`;
    case 'ended':
      return 'This mentorship has already ended.';
    case 'gone':
      return 'That request no longer exists.';
  }
}

export interface IntroData {
  matchId: number;
  giverId: string;
  receiverId: string;
  kind: PairKind;
  who: { giver: string; receiver: string };
  reasons: readonly StoredReason[] | null;
  goals: string[];
}

const AGENDA: Record<PairKind, string[]> = {
  mentoring: ['Introductions: your paths so far and what you enjoy about your work', 'Walk through the goals above and pick the one to start with', 'Agree how often to meet (every two weeks works well) and the format'],
  peer: ['Introductions, and what each of you wants to get better at', 'Trade one current challenge each and brainstorm together', 'Agree a rhythm and how you will keep each other accountable'],
  reverse: ['Introductions, and what each of you hopes to learn', 'The leader shares a decision they face; the reverse mentor shares how it looks from where they sit', 'Agree on protected time each month and what is off the record'],
};

/** The message that opens the pair's group chat. */
export function buildIntro(d: IntroData): Message {
  const lead = `👋 ${mention(d.receiverId)}, meet ${mention(d.giverId)}, your ${KIND_WORDS[d.kind].giver}!`;
  return message(lead, [
    section(lead),
    section(`*Who you are*\n• ${mention(d.giverId)}: ${escape(d.who.giver)}\n• ${mention(d.receiverId)}: ${escape(d.who.receiver)}`),
    section(`*Why we matched you*\n${reasonsLine(d.reasons, d.receiverId)}`),
    section(`*${mention(d.receiverId)}'s goals*\n${goalList(d.goals, '_No goals written down yet: a good first topic._')}`),
    section(`*A first agenda*\n${AGENDA[d.kind].map((a, i) => `${i + 1}. ${a}`).join('\n')}`),
    actions('intro_actions', [button(SCHEDULE_ACTION, 'Schedule a session', { style: 'primary', value: d.matchId })]),
    context('Check-ins and reminders come from this bot. Reply here to start; there is no wrong first message.'),
  ]);
}

export function unmatchedMessage(w: WaitingReason | UnmatchedReason): string {
  const waiting = typeof w === 'string' ? { reason: w } : w;
  const then = PROMISES_NEWS.has(waiting.reason) ? '' : "; we'll message you when there is a match";
  return `This matching round didn't find you a partner: ${unmatchedWords(waiting).you}. You stay in the pool with nothing to do${then}. \`/mentor match\` shows who could fit you right now.`;
}

/**
 * What a giver offers that a waiting mentee wants (taxonomy names): the
 * skills they want, skills they want in the area the giver offers, or skills
 * their goals name.
 */
export interface OfferedGround {
  match: 'exact' | 'near' | 'goal';
  skills: string[];
}

/** A mentee who was waiting for what a new giver offers, as the giver reads it. */
export interface WaitingMentee {
  menteeId: string;
  kind: PairKind;
  ground: OfferedGround;
  /** Their first goal, as they typed it. */
  goal: string | null;
}

/** A goal quoted in the giver's list: enough to recognise it. */
const WAITING_GOAL_MAX = 120;
/** A program named only when the workspace has several: escaped, and short. */
const programPart = (programName: string | null) => (programName ? ` in *${escape(clip(programName, 80))}*` : '');

/**
 * To someone who just started offering what people were waiting for: who
 * waited and why. They have been told someone offers it, and mentees choose
 * whom to ask, so the giver has nothing to do but expect a request (or, in a
 * program matched by rounds, the next round).
 */
export function waitingForYou(d: { mentees: readonly WaitingMentee[]; programName: string | null; selfServe: boolean }): Message {
  const n = d.mentees.length;
  const lead = `${n === 1 ? 'Someone was' : `${n} people were`} waiting for what you offer${programPart(d.programName)}: until you, nobody offered it.`;
  const lines = d.mentees.map((m) => {
    const goal = m.goal ? ` Their goal: “${escape(clip(m.goal.replace(/\s+/g, ' ').trim(), WAITING_GOAL_MAX))}”` : '';
    const skills = skillList(m.ground.skills, false);
    const wants = m.ground.match === 'exact' ? `wants ${skills}, which you offer` : m.ground.match === 'near' ? `wants ${skills}, in the area you offer` : `has a goal about ${skills}, which you offer`;
    return `• ${mention(m.menteeId)} (${KIND_WORDS[m.kind].pairing}) ${wants}.${goal}`;
  });
  const next = d.selfServe
    ? 'Mentees choose whom to ask, so you may get a request through `/mentor match`; accept or decline as usual.'
    : "The program's next matching round will consider pairing you.";
  return message(lead, [section(lead), section(lines.join('\n')), context(`We've told ${n === 1 ? 'them' : 'each of them'} that someone now offers it, without naming you. ${next} Nothing to do until then.`)]);
}

/** To a mentee below the floor, when someone starts offering what they want: the promise kept, without naming anyone. */
export function nowOffered(d: { ground: OfferedGround; programName: string | null; selfServe: boolean }): string {
  const skills = skillList(d.ground.skills, false);
  const what = d.ground.match === 'exact' ? `${skills}, which you were waiting for` : d.ground.match === 'near' ? `a skill close to ${skills}, which you want` : `${skills}, which your goal names`;
  const where = `Someone${programPart(d.programName)} now offers ${what}.`;
  if (!d.selfServe) return `${where} The program's next matching round will consider you.`;
  const command = d.programName ? `/mentor match ${d.programName.replace(/`/g, "'")}` : '/mentor match';
  return `${where} Run \`${escape(clip(command, 100))}\` to see who fits you and ask them.`;
}

/** For the coordinators: a mentorship ended early, and what the mentee was offered straight away. */
export function rematchOfferedNote(d: { menteeId: string; formerId: string; giverIds: readonly string[]; askedId?: string }): string {
  const offered = d.askedId
    ? `They had already asked ${mention(d.askedId)} for a fresh start, and that request stands, so I offered nobody else.`
    : d.giverIds.length
      ? `I offered them ${d.giverIds.map((id) => mention(id)).join(', ')} straight away.`
      : 'Nobody else fits them yet; they will hear as soon as someone does.';
  return `:arrows_counterclockwise: ${mention(d.menteeId)}'s mentorship with ${mention(d.formerId)} ended early. ${offered}`;
}
