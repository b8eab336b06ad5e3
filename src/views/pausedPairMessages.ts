import { actions, bounded, button, context, type Message, mention, message, section } from './blocks.js';

/*
 * A paused pair: the notices when a check-in or silence pauses it, the way
 * back (a Resume button per pair), and the notice when it resumes.
 */

/** One Resume button per paused pair on a surface, so each needs its own action id. */
export const PAIR_RESUME_PREFIX = 'pair_resume:';
/** Also matches the plain id that messages sent before several buttons could share a surface carry. */
export const PAIR_RESUME_ACTION = /^pair_resume(:\d+)?$/;

export const resumeButton = (matchId: number, label = 'Resume this mentorship') => button(`${PAIR_RESUME_PREFIX}${matchId}`, label, { style: 'primary', value: matchId });


/** Goes to each person; it names no one as the one who went quiet. */
export function buildSilencePauseNotice(d: { partnerId: string; matchId: number }): Message {
  const lead = `We've paused reminders for your mentorship with ${mention(d.partnerId)}.`;
  return message(lead, [
    section(`${lead} The last few check-ins went unanswered, and busy stretches happen to everyone. Nothing else changes: you are still matched.`),
    section('Whenever you are ready to pick it up again, resume it here and check-ins start again.'),
    actions('pair_resume', [resumeButton(d.matchId)]),
  ]);
}

/** To the partner of whoever paused the pair at a check-in. */
export function buildPairPausedNotice(d: { byId: string; matchId: number }): Message {
  const lead = `${mention(d.byId)} has paused your mentorship for now; check-ins stop until one of you resumes it. Nothing for you to do.`;
  return message(lead, [section(`${lead} When you are both ready, resume it here.`), actions('pair_resume', [resumeButton(d.matchId)])]);
}

/** To whoever paused it: what happened, and the way back. */
export function buildPairPausedReply(d: { partnerId: string; matchId: number }): Message {
  const lead = `Your mentorship with ${mention(d.partnerId)} is paused: no check-ins until one of you resumes it.`;
  return message(lead, [section(`${lead} ${mention(d.partnerId)} has been told.`), actions('pair_resume', [resumeButton(d.matchId)])]);
}

export function buildPairResumedNotice(d: { byId: string }): Message {
  const lead = `${mention(d.byId)} resumed your mentorship: check-ins start again in a fortnight. \`/mentor schedule\` finds you both a time.`;
  return message(lead, [section(lead)]);
}

export const PAIR_RESUMED_REPLY = 'Your mentorship is active again; check-ins start afresh.';

export interface PausedPair {
  matchId: number;
  partnerId: string | null;
}

/** `/mentor resume` with several paused pairs, or `/mentor schedule` with only paused ones: which to resume. */
export function buildPausedPairs(lead: string, pairs: readonly PausedPair[]): Message {
  const lines = bounded(
    pairs.map((p) => `• With ${mention(p.partnerId)}`),
    10,
  );
  return message(lead, [
    section(`${lead}\n${lines.join('\n')}`),
    actions('pair_resume_choice', pairs.slice(0, 10).map((p) => resumeButton(p.matchId, pairs.length === 1 ? 'Resume it' : `Resume #${p.matchId}`))),
    context('Resuming starts check-ins afresh from today; nothing from before the pause counts against you.'),
  ]);
}
