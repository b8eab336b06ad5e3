import type { KnownBlock, ModalView } from '@slack/types';
import type { UnmatchedReason } from '../domain/matching/candidates.js';
import type { PairKind } from '../domain/matching/participant.js';
import { clip, escapeMrkdwn } from './format.js';
import { SCHEDULE_ACTION } from './schedulingMessages.js';

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

type Message = { text: string; blocks: KnownBlock[] };
const section = (text: string): KnownBlock => ({ type: 'section', text: { type: 'mrkdwn', text: clip(text, 3000) } });
const context = (text: string): KnownBlock => ({ type: 'context', elements: [{ type: 'mrkdwn', text: clip(text, 3000) }] });

export const KIND_WORDS: Record<PairKind, { giver: string; pairing: string }> = {
  mentoring: { giver: 'mentor', pairing: 'mentoring' },
  peer: { giver: 'peer mentor', pairing: 'peer mentoring' },
  reverse: { giver: 'reverse mentor', pairing: 'reverse mentoring' },
};

export interface SuggestionCard {
  giverId: string;
  kind: PairKind;
  score: number;
  /** Addressed to the person who will be mentored. */
  reasons: string[];
  facts: string;
}

const percent = (score: number) => `${Math.round(score * 100)}% fit`;

function card(c: SuggestionCard): KnownBlock[] {
  return [
    {
      type: 'section',
      text: { type: 'mrkdwn', text: clip(`*<@${c.giverId}>* · ${KIND_WORDS[c.kind].giver} · ${percent(c.score)}\n${c.reasons.join(' · ')}`, 3000) },
      accessory: {
        type: 'button',
        action_id: `${REQUEST_ACTION_PREFIX}${c.giverId}`,
        text: { type: 'plain_text', text: 'Request' },
        style: 'primary',
        value: JSON.stringify({ giver: c.giverId, kind: c.kind }),
      },
    },
    context(escapeMrkdwn(c.facts)),
  ];
}

export function buildSuggestions(cards: SuggestionCard[], intro = 'Here are the people who fit you best right now, and why.'): Message {
  return {
    text: `${cards.length} suggested ${cards.length === 1 ? 'match' : 'matches'} for you`,
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: 'Suggested for you' } },
      section(intro),
      ...cards.flatMap((c) => [{ type: 'divider' } as KnownBlock, ...card(c)]),
      context('Ask one person at a time. They can accept or decline; if it is a no, we suggest someone else.'),
    ],
  };
}

/** Each reason twice: to the person, and about them for coordinators. */
export const UNMATCHED_WORDS: Record<UnmatchedReason, { you: string; them: string }> = {
  covered: { you: 'you already have a partner for every kind of mentoring you asked for', them: 'already has a partner for every kind asked for' },
  no_givers: { you: 'nobody offers the kind of mentoring you asked for yet', them: 'nobody offers this kind of mentoring yet' },
  at_capacity: { you: 'every mentor who fits you is at capacity right now', them: 'every suitable mentor is at capacity' },
  rules: { you: 'no available mentor fits the program rules for you (level, reporting line, or a recent pairing)', them: 'no available mentor fits the rules (level, reporting line, recent pairing)' },
  outbid: { you: 'your best matches went to others in this round, so you are first in line next time', them: 'best matches went to others; first in line next time' },
  gone: { you: 'the match we had in mind is no longer available, so you are first in line next time', them: 'the proposed partner is no longer available' },
};

export function noSuggestions(reason: UnmatchedReason): string {
  return `We couldn't find anyone to suggest right now: ${UNMATCHED_WORDS[reason].you}. Coordinators run matching rounds regularly, and we'll message you when there is someone for you.`;
}

export function requestSent(giverId: string): string {
  return `Request sent to <@${giverId}>. We'll let you know as soon as they answer; if they haven't within a week, the request lapses and we suggest someone else.`;
}

export interface RequestCardData {
  matchId: number;
  menteeId: string;
  kind: PairKind;
  goals: string[];
  reasons: string[];
}

export function buildMentorRequest(d: RequestCardData, reminder = false): Message {
  const goals = d.goals.length ? d.goals.map((g) => `• ${escapeMrkdwn(g)}`).join('\n') : '_No goals written down yet._';
  const lead = reminder
    ? `Reminder: <@${d.menteeId}> is still hoping you'll be their ${KIND_WORDS[d.kind].giver}. The request lapses in four days.`
    : `<@${d.menteeId}> would like you as their ${KIND_WORDS[d.kind].giver}.`;
  return {
    text: lead,
    blocks: [
      section(lead),
      section(`*Their goals*\n${goals}`),
      section(`*Why you two*\n${d.reasons.join(' · ')}`),
      {
        type: 'actions',
        block_id: `request_${d.matchId}`,
        elements: [
          { type: 'button', action_id: ACCEPT_ACTION, text: { type: 'plain_text', text: 'Accept' }, style: 'primary', value: String(d.matchId) },
          { type: 'button', action_id: DECLINE_ACTION, text: { type: 'plain_text', text: 'Decline' }, value: String(d.matchId) },
        ],
      },
    ],
  };
}

export function buildDeclineModal(matchId: number): ModalView {
  return {
    type: 'modal',
    callback_id: DECLINE_CALLBACK_ID,
    private_metadata: String(matchId),
    title: { type: 'plain_text', text: 'Decline the request' },
    submit: { type: 'plain_text', text: 'Decline' },
    close: { type: 'plain_text', text: 'Back' },
    blocks: [
      section('Thank you for considering it. We will tell them kindly and suggest someone else.'),
      {
        type: 'input',
        block_id: DECLINE_NOTE_BLOCK,
        optional: true,
        label: { type: 'plain_text', text: 'A note for them (optional)' },
        element: { type: 'plain_text_input', action_id: DECLINE_NOTE_BLOCK, multiline: true, max_length: DECLINE_NOTE_MAX, placeholder: { type: 'plain_text', text: 'e.g. My calendar is full until March; try me again then!' } },
      },
    ],
  };
}

export function acceptedForMentor(menteeId: string): string {
  return `You accepted <@${menteeId}>. We've opened a group chat with an intro and a suggested first agenda. Thank you!`;
}

export function declinedForMentor(menteeId: string): string {
  return `You declined <@${menteeId}>'s request. We'll let them know kindly and suggest someone else.`;
}

export function declinedForMentee(giverId: string, note: string | null): string {
  const said = note ? `\n>${escapeMrkdwn(note).replace(/\n/g, '\n>')}` : '';
  return `<@${giverId}> can't take on a new mentee right now. It's about their time, not about you.${said}`;
}

export function expiredForMentee(giverId: string): string {
  return `Your request to <@${giverId}> lapsed after a week without an answer. That happens when people are busy; it says nothing about you.`;
}

export function expiredForMentor(menteeId: string): string {
  return `<@${menteeId}>'s request to you lapsed after a week. No action needed; we'll suggest someone else to them.`;
}

export const ALREADY_ANSWERED = 'This request has already been answered.';

export interface IntroData {
  matchId: number;
  giverId: string;
  receiverId: string;
  kind: PairKind;
  who: { giver: string; receiver: string };
  reasons: string[];
  goals: string[];
}

const AGENDA: Record<PairKind, string[]> = {
  mentoring: ['Introductions: your paths so far and what you enjoy about your work', 'Walk through the goals below and pick the one to start with', 'Agree how often to meet (every two weeks works well) and the format'],
  peer: ['Introductions, and what each of you wants to get better at', 'Trade one current challenge each and brainstorm together', 'Agree a rhythm and how you will keep each other accountable'],
  reverse: ['Introductions, and what each of you hopes to learn', 'The leader shares a decision they face; the reverse mentor shares how it looks from where they sit', 'Agree on protected time each month and what is off the record'],
};

/** The message that opens the pair's group chat. */
export function buildIntro(d: IntroData): Message {
  const title = d.kind === 'reverse' ? 'reverse mentor' : d.kind === 'peer' ? 'peer mentor' : 'mentor';
  const lead = `👋 <@${d.receiverId}>, meet <@${d.giverId}>, your ${title}!`;
  const goals = d.goals.length ? d.goals.map((g) => `• ${escapeMrkdwn(g)}`).join('\n') : '_No goals written down yet: a good first topic._';
  return {
    text: lead,
    blocks: [
      section(lead),
      section(`*Who you are*\n• <@${d.giverId}>: ${escapeMrkdwn(d.who.giver)}\n• <@${d.receiverId}>: ${escapeMrkdwn(d.who.receiver)}`),
      section(`*Why we matched you*\n${d.reasons.join(' · ')}`),
      section(`*<@${d.receiverId}>'s goals*\n${goals}`),
      section(`*A first agenda*\n${AGENDA[d.kind].map((a, i) => `${i + 1}. ${a}`).join('\n')}`),
      {
        type: 'actions',
        block_id: 'intro_actions',
        elements: [{ type: 'button', action_id: SCHEDULE_ACTION, text: { type: 'plain_text', text: 'Schedule a session' }, style: 'primary', value: String(d.matchId) }],
      },
      context('Check-ins and reminders come from this bot. Reply here to start; there is no wrong first message.'),
    ],
  };
}

export function unmatchedMessage(reason: UnmatchedReason): string {
  return `This matching round didn't find you a partner: ${UNMATCHED_WORDS[reason].you}. You stay in the pool with nothing to do; we'll message you when there is a match. \`/mentor match\` shows who could fit you right now.`;
}
