import type { PairKind } from '../domain/mentorship.js';
import { mention } from './blocks.js';
import { slackDate, weeks } from './format.js';
import { KIND_WORDS, unmatchedWords, type WaitingReason } from './matchMessages.js';

/*
 * A fresh start offered while a mentorship is still open (it went quiet, or
 * the mentee asked to see others): the offer, what the mentee is told about
 * their request, and the words when the old mentorship then ends. The new
 * mentor gets the ordinary request (matchMessages.ts buildMentorRequest).
 */

const givers = (kind: PairKind) => `${KIND_WORDS[kind].giver}s`;

/** To the mentee of a pair gone quiet, above their suggestion cards. */
export function quietOfferLead(d: { mentorId: string; weeksQuiet: number }): string {
  return `Your mentorship with ${mention(d.mentorId)} has been quiet for ${weeks(d.weeksQuiet)}. If you'd like a fresh start, these people fit you best now; asking one of them ends nothing until they accept.`;
}

/** To a mentee who asked to see other mentors, above their cards. */
export function askedOfferLead(d: { mentorId: string; kind: PairKind }): string {
  return `Here are the other ${givers(d.kind)} who fit you best now. Your mentorship with ${mention(d.mentorId)} carries on as it is: asking one of them ends nothing until they accept.`;
}

/** To a mentee who asked to see other mentors when nobody else fits. */
export function askedNobody(d: { mentorId: string; why: WaitingReason }): string {
  return `We couldn't find anyone else for you right now: ${unmatchedWords(d.why).you}. Your mentorship with ${mention(d.mentorId)} carries on as it is; if you'd like to talk it over, the program coordinators are there for you.`;
}

/** The See other mentors button was pressed again: the offer stands where it was sent. */
export const ASKED_ALREADY = 'You have asked already: the people who fit you best are in the message above.';

/** For the coordinators, privately: who was offered. Never how or whether a session was rated. */
export function askedOthersNote(d: { menteeId: string; kind: PairKind; giverIds: readonly string[]; none?: WaitingReason }): string {
  const offered = d.giverIds.length > 0 ? `offered ${d.giverIds.map((id) => mention(id)).join(', ')}.` : `nobody else fits them yet: ${unmatchedWords(d.none ?? { reason: 'rules' }).them}.`;
  return `:mag: ${mention(d.menteeId)} asked to see other ${givers(d.kind)}; ${offered}`;
}

export function rematchRequestSent(d: { giverId: string; formerId: string }): string {
  return `Request sent to ${mention(d.giverId)}. Your mentorship with ${mention(d.formerId)} carries on unless they accept. We'll let you know as soon as they answer; if they haven't within a week, the request lapses and you can ask someone else.`;
}

export function askStillOpen(d: { giverId: string; until: Date; same: boolean }): string {
  const until = slackDate(d.until, '{date_long}');
  return d.same
    ? `You have already asked ${mention(d.giverId)}; they have until ${until} to answer.`
    : `You have asked ${mention(d.giverId)} already; they have until ${until} to answer. Ask one person at a time: if it is a no, you can ask someone else.`;
}

/** After a no or a lapse: what happened (`lead`), and who else fits while the mentorship carries on. */
export function nextFreshStartLead(lead: string, formerId: string): string {
  return `${lead}\n\nYour mentorship with ${mention(formerId)} carries on as it is. If you'd still like a fresh start, here is who else fits you best now:`;
}

export function noNextFreshStart(lead: string, formerId: string): string {
  return `${lead} Your mentorship with ${mention(formerId)} carries on as it is.`;
}

/** To the mentee when the new mentor accepts: the old mentorship ends in the same moment. */
export function startedAfreshForMentee(d: { formerId: string; newId: string }): string {
  return `Your mentorship with ${mention(d.formerId)} has now ended, as you start afresh with ${mention(d.newId)}; your intro is in a group chat with them. Thank you for the time you gave it.`;
}

/** To the former mentor, kindly, naming nobody new. */
export function startedAfreshForFormer(menteeId: string): string {
  return `Your mentorship with ${mention(menteeId)} has come to a close: they are starting afresh with someone new. Thank you for the time and care you gave it; there is nothing for you to do.`;
}

/** Accept or Decline that can no longer do what it says, as the new mentor reads it. */
export const ASK_WORDS = {
  taken: (menteeId: string) => `${mention(menteeId)} has found a mentor in the meantime, so this request no longer stands. Nothing was changed.`,
  away: (menteeId: string) => `${mention(menteeId)} is not taking part right now, so this request can't go ahead. Nothing was changed.`,
  rules: "This request can no longer go ahead under the program's rules, so nothing was changed.",
  youAway: 'You are paused or not in the program right now, so you cannot take anyone new. Nothing was changed.',
  programPaused: 'The program is paused, so nobody new is matched right now.',
} as const;
