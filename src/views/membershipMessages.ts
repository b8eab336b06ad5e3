import type { PairKind } from '../domain/mentorship.js';
import { actions, button, escape, type Message, mention, message, section } from './blocks.js';
import { slackDate } from './format.js';

export const LEAVE_CONFIRM_ACTION = 'leave_confirm';
export const LEAVE_CANCEL_ACTION = 'leave_cancel';
export const DELETE_CONFIRM_ACTION = 'delete_confirm';
export const DELETE_CANCEL_ACTION = 'delete_cancel';

function confirmation(text: string, confirm: [string, string], cancel: [string, string]): Message {
  return message(text, [section(text), actions(undefined, [button(confirm[0], confirm[1], { style: 'danger' }), button(cancel[0], cancel[1])])]);
}

export function buildLeaveConfirmation(openMentorships: number): Message {
  const ending =
    openMentorships === 0
      ? 'You have no active mentorships.'
      : `Your ${openMentorships === 1 ? 'mentorship ends' : `${openMentorships} mentorships end`}, and we let ${openMentorships === 1 ? 'your partner' : 'each partner'} know kindly.`;
  return confirmation(
    `*Leave the mentoring program?* ${ending} We keep your profile so you can rejoin with \`/mentor join\`; to erase it, use \`/mentor delete-my-data\`.`,
    [LEAVE_CONFIRM_ACTION, 'Yes, leave'],
    [LEAVE_CANCEL_ACTION, 'Stay in the program'],
  );
}

export function buildDeleteConfirmation(): Message {
  return confirmation(
    "*Delete all your mentoring data?* This erases your profile, skills, goals, availability and anything you wrote. Your active mentorships end and partners are told, without sharing why. Scores you gave stay only inside anonymous program totals. This can't be undone.",
    [DELETE_CONFIRM_ACTION, 'Delete my data'],
    [DELETE_CANCEL_ACTION, 'Keep my data'],
  );
}

export const NOTHING_CHANGED = 'Nothing changed. You are still in the program.';

export function leftMessage(ended: number): string {
  const ending = ended === 0 ? '' : ` Your ${ended === 1 ? 'mentorship has' : `${ended} mentorships have`} ended and your partners have been told.`;
  return `You have left the mentoring program.${ending} Thank you for taking part. Your profile is kept if you want to rejoin with \`/mentor join\`; \`/mentor delete-my-data\` erases it.`;
}

export function partnerLeftMessage(leaverId: string): string {
  return `Your mentorship with ${mention(leaverId)} has ended, because they have stepped back from the mentoring program. Thank you for the time and care you put into it. When you are ready for someone new, we will suggest a match.`;
}

export function partnerDeactivatedMessage(leaverId: string): string {
  return `Your mentorship with ${mention(leaverId)} has ended, because their Slack account is no longer active. Thank you for the time and care you put into it. When you are ready for someone new, we will suggest a match.`;
}

export function leftProgramMessage(program: { name: string }, wasIn: boolean, endedPairs: number): string {
  if (!wasIn) return `You are not in *${escape(program.name)}*, so there was nothing to leave.`;
  const ended = endedPairs ? ` Your ${endedPairs === 1 ? 'mentorship' : `${endedPairs} mentorships`} there ended, and your ${endedPairs === 1 ? 'partner was' : 'partners were'} told kindly.` : '';
  return `You have left *${escape(program.name)}*.${ended} Your other programs carry on.`;
}

export function partnerLeftProgramMessage(leaverId: string, programName: string): string {
  return `Your mentorship with ${mention(leaverId)} in *${escape(programName)}* has ended, because they have left that program. Thank you for the time and care you put into it.`;
}

/**
 * To the other person of a request that closed because one of them left (or
 * erased their data, then `leaverId` is null and nobody is named): it never
 * was a mentorship, so nothing "ended".
 */
export function requestClosedNotice(to: 'asker' | 'asked', kind: PairKind, leaverId: string | null, programName?: string): string {
  const role = kind === 'peer' ? 'partner' : 'mentor';
  const why = leaverId === null ? 'stepped back from the mentoring program' : programName ? `left *${escape(programName)}*` : 'stepped back from the mentoring program';
  if (to === 'asker') {
    const what = leaverId === null ? `One of your requests for a ${role} is closed: that person has ${why}.` : `Your request to ${mention(leaverId)} is closed: they have ${why}.`;
    return `${what} Nothing else has changed; \`/mentor match\` suggests others when you are ready.`;
  }
  const what = leaverId === null ? `A request for you to be someone's ${role} is withdrawn: they have ${why}.` : `${mention(leaverId)}'s request for you to be their ${role} is withdrawn: they have ${why}.`;
  return `${what} Nothing is needed from you.`;
}

/** Sent after a partner deleted their data, so it names nobody. */
export function partnerDeletedMessage(): string {
  return 'One of your mentorships has ended: your partner has stepped back from the mentoring program. Thank you for the time and care you put into it. When you are ready for someone new, we will suggest a match.';
}

export interface DeletionSummary {
  mentorships: number;
  ratings: number;
  checkIns: number;
}

export function deletedMessage(kept: DeletionSummary, onRoster: boolean): string {
  const keptParts = [
    kept.mentorships ? `${kept.mentorships} past mentorship${kept.mentorships === 1 ? '' : 's'}` : null,
    kept.ratings ? `the scores of ${kept.ratings} session rating${kept.ratings === 1 ? '' : 's'} you gave` : null,
    kept.checkIns ? `${kept.checkIns} check-in answer${kept.checkIns === 1 ? '' : 's'}` : null,
  ].filter(Boolean);
  const kept_ = keptParts.length
    ? `*Kept, with nothing that identifies you:* ${keptParts.join(', ')}, counted only in anonymous program totals. Your comments and notes were deleted.`
    : '*Kept:* nothing.';
  const roster = onRoster ? '\nYour company HR roster listed you; a future roster import may add your department and level again, but not a profile.' : '';
  return `*Your mentoring data is deleted:* your profile, skills, goals, availability, name, email and time zone, and anything you wrote.\n${kept_}${roster}`;
}

export function pausedMessage(until: Date | null): string {
  const when = until ? `until ${slackDate(until, '{date_long}')}` : 'until you resume';
  return `You are paused ${when}. You will get no check-ins, prompts or match suggestions in the meantime. Use \`/mentor resume\` whenever you are ready.`;
}

export const RESUMED_MESSAGE = 'Welcome back! You are active again: check-ins, prompts and match suggestions resume.';
export const NOT_PAUSED_MESSAGE = 'You are not paused, and none of your mentorships is, so there is nothing to resume. Use `/mentor pause` to take a break.';
export const ALREADY_PAUSED_MESSAGE = 'You are already paused.';
export const NOT_IN_PROGRAM_MESSAGE = 'You are not in the mentoring program right now, so there is nothing to leave. `/mentor join` to take part.';
export const NO_DATA_MESSAGE = 'We hold no data about you.';

/** For commands and buttons only coordinators may use: who they are, so people know whom to ask. */
/** Who may use something, and whom to ask: a program's coordinators, or the workspace admins who run every program. */
export function coordinatorOnlyMessage(usage: string, coordinatorIds: readonly string[], scope: 'program' | 'workspace' = 'program'): string {
  const who =
    coordinatorIds.length === 0
      ? 'No coordinators are set up yet; whoever installed the bot can name them.'
      : `The ${scope === 'workspace' ? 'workspace admins' : 'coordinators'} are ${coordinatorIds.map((id) => mention(id)).join(', ')}; ask ${coordinatorIds.length === 1 ? 'them' : 'one of them'} if you would like to help run ${scope === 'workspace' ? 'programs' : 'the program'}.`;
  return `Only ${scope === 'workspace' ? 'workspace admins' : 'program coordinators'} can use ${usage}. ${who}`;
}

export function joinedMessage(): string {
  return "Welcome to the mentoring program! :tada: Your profile is saved. We'll suggest people to meet, and explain why each one fits. See or change your answers any time with `/mentor profile`.";
}

/** An edit form sent after its program was left: nothing saved, and how to go on. */
export const NO_LONGER_IN_PROGRAM =
  'You have left this program since the form opened, so nothing was saved: saving would have enrolled you again. Close it and open `/mentor profile` to edit the rest, or `/mentor programs` to join again.';

export const PROFILE_UPDATED_MESSAGE = 'Your mentoring profile is updated. Your mentorships and sessions are unchanged.';
