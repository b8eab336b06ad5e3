import type { KnownBlock, ModalView } from '@slack/types';
import type { CircleConcern } from '../domain/circleHealth.js';
import { actions, bounded, button, channelLink, clip, confirmDialog, context, escape, type Message, mention, message, plain, section } from './blocks.js';
import { slackDate } from './format.js';
import { RATING_COMMENT_MAX, SCORE_LABELS, SCORE_OPTIONS, type ScoreField } from './ratingMessages.js';
import { zId } from './values.js';

/*
 * After a circle session: each member's one-click "I was there" / "I
 * couldn't make it", the anonymous rating those who were there may give,
 * and, when a circle's attendance falls or it stops meeting, the flag in its
 * program's channel with what coordinators can do about it.
 */

export const CIRCLE_ATTENDANCE_ACTIONS = { attended: 'circle_attended', missed: 'circle_missed' } as const;
export const CIRCLE_RATE_ACTION = 'circle_rate';
export const CIRCLE_RATING_CALLBACK = 'circle_rating';
/** The attendance and Rate buttons' value, and the rating form's private_metadata: the circle session's id. */
export const zCircleSession = zId;
export const CIRCLE_RATING_COMMENT_MAX = RATING_COMMENT_MAX;
/** Block IDs double as action IDs, so field errors land on the right input. */
export const CIRCLE_RATING_BLOCKS = { usefulness: 'usefulness', clarity: 'clarity', applicability: 'applicability', comment: 'comment' } as const;

export const CIRCLE_FLAG_ACTIONS = { nudge: 'circle_flag_nudge', newTime: 'circle_flag_new_time', close: 'circle_flag_close' } as const;
/** A flag button's value: the circle's id. */
export const zFlaggedCircle = zId;

/** What these views say about a circle: its topic as people read it. */
export interface CircleLabel {
  topicName: string;
}

const circleName = (c: CircleLabel) => `*${escape(clip(c.topicName, 80))}* circle`;
const plainName = (c: CircleLabel) => `${clip(c.topicName, 80)} circle`;
const pct = (x: number) => `${Math.round(x * 100)}%`;
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

// ── Attendance ─────────────────────────────────────────────────────────────

export interface AttendancePromptData {
  sessionId: number;
  circle: CircleLabel;
  startsAt: Date;
  /** The session's own topic from the circle's curriculum, if it had one. */
  sessionTopic: string | null;
}

export function buildAttendancePrompt(d: AttendancePromptData): Message {
  const lead = `Were you at the ${plainName(d.circle)} session?`;
  const topic = d.sessionTopic?.trim() ? ` on _${escape(clip(d.sessionTopic.trim(), 200))}_` : '';
  return message(escape(lead), [
    section(`:wave: Were you at the ${circleName(d.circle)} session${topic}? It met ${slackDate(d.startsAt, '{date_long} at {time}')}.`),
    actions(`circle_attendance_${d.sessionId}`, [
      button(CIRCLE_ATTENDANCE_ACTIONS.attended, 'I was there', { value: d.sessionId, style: 'primary' }),
      button(CIRCLE_ATTENDANCE_ACTIONS.missed, 'I couldn’t make it', { value: d.sessionId }),
    ]),
    context('One click. If you were there you can rate the session; the circle never sees who said what, and coordinators see only totals.'),
  ]);
}

/** The answer to "I was there": thanks, and the rating (a button too, for later, if the form was closed). */
export function attendedAnswer(d: { sessionId: number; circle: CircleLabel; rated: boolean; again: boolean }): Message {
  const text = d.again
    ? d.rated
      ? `You told us already that you were at the ${circleName(d.circle)} session, and rated it. Thank you!`
      : `You told us already that you were at the ${circleName(d.circle)} session. Rating it takes under a minute.`
    : `:raised_hands: Thanks, glad you were at the ${circleName(d.circle)} session!${d.rated ? '' : ' Three quick scores help the circle get better.'}`;
  const blocks: KnownBlock[] = [section(text)];
  if (!d.rated) blocks.push(actions(`circle_rate_${d.sessionId}`, [button(CIRCLE_RATE_ACTION, 'Rate the session', { value: d.sessionId, style: 'primary' })]));
  return message(text, blocks);
}

/** The answer to "I couldn't make it": thanks, and when the circle meets next. */
export function missedAnswer(d: { circle: CircleLabel; next: Date | null; again: boolean }): Message {
  const next = d.next ? ` The next one is ${slackDate(d.next, '{date_long} at {time}')}; hope to see you there.` : '';
  const text = d.again ? `You told us already that you couldn’t make the ${circleName(d.circle)} session. No worries.${next}` : `Thanks for letting us know. Missing one is fine.${next}`;
  return message(text, [section(text)]);
}

export const CIRCLE_FEEDBACK_WORDS = {
  unknown: 'That session is not one of your circles’, so nothing was recorded.',
  left: (c: CircleLabel) => `You left the ${circleName(c)}, so there is nothing to answer for its sessions. Thanks for the time you gave it.`,
  notYetMember: (c: CircleLabel) => `That session of the ${circleName(c)} was before you joined it, so there is nothing to answer.`,
  notHeld: 'That session has not happened yet; you can answer once it has ended.',
  cancelled: 'That session was cancelled, so there is nothing to answer.',
  closed: (c: CircleLabel) => `That session of the ${circleName(c)} was more than two weeks ago, so its answers are closed. Thank you all the same.`,
  ratedSoStays: (c: CircleLabel) => `You rated that session of the ${circleName(c)}, so you stay down as having been there. Nothing was changed.`,
  notThere: 'Only people who were at the session rate it. If you were there, press “I was there” first.',
  editClosed: 'You rated this session more than 48 hours ago, so it can no longer be changed. Thank you for rating it!',
} as const;

// ── Rating ─────────────────────────────────────────────────────────────────

export interface ExistingCircleRating {
  usefulness: number;
  clarity: number;
  applicability: number;
  comment: string | null;
}

export interface CircleRatingModalData {
  sessionId: number;
  circle: CircleLabel;
  startsAt: Date;
  existing?: ExistingCircleRating;
}

export function buildCircleRatingModal(d: CircleRatingModalData): ModalView {
  const e = d.existing;
  const score = (field: ScoreField): KnownBlock => {
    const initial = e ? SCORE_OPTIONS.find((o) => o.value === String(e[field])) : undefined;
    return {
      type: 'input',
      block_id: CIRCLE_RATING_BLOCKS[field],
      label: plain(SCORE_LABELS[field], 2000),
      element: { type: 'static_select', action_id: CIRCLE_RATING_BLOCKS[field], placeholder: plain('1 to 5', 150), options: SCORE_OPTIONS, ...(initial ? { initial_option: initial } : {}) },
    };
  };
  return {
    type: 'modal',
    callback_id: CIRCLE_RATING_CALLBACK,
    private_metadata: String(d.sessionId),
    title: plain('Rate the session', 24),
    submit: plain(e ? 'Update' : 'Send', 24),
    close: plain('Cancel', 24),
    blocks: [
      section(`The ${circleName(d.circle)} session of ${slackDate(d.startsAt, '{date_long}')}.${e ? ' You rated it already; change anything below.' : ''}`),
      score('usefulness'),
      score('clarity'),
      score('applicability'),
      {
        type: 'input',
        block_id: CIRCLE_RATING_BLOCKS.comment,
        optional: true,
        label: plain('A private comment', 2000),
        hint: plain('Only program coordinators read comments, anonymously and together with everyone else’s. The circle never sees them.', 2000),
        element: { type: 'plain_text_input', action_id: CIRCLE_RATING_BLOCKS.comment, multiline: true, max_length: CIRCLE_RATING_COMMENT_MAX, ...(e?.comment ? { initial_value: e.comment } : {}) },
      },
      context('Scores are shown only as averages over several people, never with your name.'),
    ],
  };
}

export function circleRatingThanks(d: { circle: CircleLabel; updated: boolean }): string {
  return d.updated ? `Your rating of the ${circleName(d.circle)} session is updated. Thank you!` : `Thanks for rating the ${circleName(d.circle)} session! You can change it for 48 hours.`;
}

// ── Circles needing attention ──────────────────────────────────────────────

/** One concern in words: counts and rates only. */
export function concernLine(c: CircleConcern): string {
  if (c.kind === 'attendance_falling') return `attendance fell to ${c.attended} of ${c.answered} at the last session (${pct(c.earlierRate)} before)`;
  if (c.kind === 'too_few') return `down to ${plural(c.members, 'member')}, fewer than the ${c.sizeMin} it was formed for, and nobody waiting can take a seat`;
  return `nobody has said “I was there” in ${c.days / 7} weeks (${plural(c.held, 'session')} held)`;
}

export interface CircleFlagData {
  circleId: number;
  circle: CircleLabel;
  channelId: string | null;
  style: 'facilitated' | 'peer';
  facilitatorId: string | null;
  concerns: readonly CircleConcern[];
}

/** The flag; `done` is what a coordinator just did from it, shown under its buttons, which stay for what comes next. */
export function buildCircleFlag(d: CircleFlagData, done?: string): Message {
  const lead = `The ${plainName(d.circle)} may need a hand`;
  const where = d.channelId ? ` (${channelLink(d.channelId)})` : '';
  const who = d.style === 'facilitated' && d.facilitatorId ? `Facilitated by ${mention(d.facilitatorId)}.` : 'Peer-led: members take turns hosting.';
  const why = d.concerns.length ? bounded(d.concerns.map((c) => `• ${concernLine(c)}`), 5) : ['• _its attendance looks fine again_'];
  return message(escape(lead), [
    section(`:seedling: *The ${escape(plainName(d.circle))}${where} may need a hand.*\n${why.join('\n')}\n${who}`),
    actions(`circle_flag_${d.circleId}`, [
      button(CIRCLE_FLAG_ACTIONS.nudge, d.style === 'facilitated' && d.facilitatorId ? 'Nudge the facilitator' : 'Nudge the host', { value: d.circleId, style: 'primary' }),
      button(CIRCLE_FLAG_ACTIONS.newTime, 'Propose a new time', { value: d.circleId }),
      button(CIRCLE_FLAG_ACTIONS.close, 'Close the circle', {
        value: d.circleId,
        style: 'danger',
        confirm: confirmDialog('Close this circle?', 'The circle ends, its planned sessions are cancelled, and its members get a kind closing note in its channel.', 'Close it', 'Not yet'),
      }),
    ]),
    ...(done ? [context(done)] : []),
    context(`Circle ${d.circleId} · flagged at most once a week. Attendance is counted from members’ own answers; nobody’s answers are shown.`),
  ]);
}

export type NudgeRole = 'facilitator' | 'host' | 'member';

export function buildCircleNudge(d: { circle: CircleLabel; channelId: string | null; role: NudgeRole; concerns: readonly CircleConcern[]; next: Date | null }): Message {
  const lead = d.role === 'facilitator' ? `Your ${plainName(d.circle)} could use a lift` : d.role === 'host' ? `You host the next ${plainName(d.circle)} session` : `Your ${plainName(d.circle)} misses you`;
  const why = d.concerns.length ? ` Lately ${d.concerns.map(concernLine).join('; ')}.` : '';
  const where = d.channelId ? ` in ${channelLink(d.channelId)}` : '';
  const next = d.next ? ` The next session is ${slackDate(d.next, '{date_long} at {time}')}.` : '';
  const ask =
    d.role === 'member'
      ? ` A word${where} about what would help you come, or just showing up next time, keeps it going.`
      : ` A short note${where} before the next session, or asking members what would suit them better, often brings people back.`;
  return message(escape(lead), [section(`:seedling: *${escape(lead)}.* The program’s coordinators asked me to pass this on.${why}${ask}${next}`)]);
}

export function buildNewTimeRequest(d: { circleId: number; circle: CircleLabel; channelId: string | null }): Message {
  const lead = `Could the ${plainName(d.circle)} meet at a better time?`;
  const where = d.channelId ? ` Ask members in ${channelLink(d.channelId)} what would suit them,` : ' Ask members what would suit them,';
  return message(escape(lead), [
    section(`:calendar: *${escape(lead)}* The program’s coordinators asked me to help find a new time, since the current one seems hard for people to make.${where} then use \`/mentor circles time ${d.circleId}\` to move the circle’s sessions.`),
  ]);
}

export const CIRCLE_FLAG_WORDS = {
  ended: 'That circle has ended already, so there is nothing to do.',
  unknown: 'That circle no longer exists, so there is nothing to do.',
  repeat: (outcome: string | null) => `You did that a moment ago: ${outcome ?? 'it is under way'}.`,
  // What was done replaces or joins the flag by its response URL, which an erasure cannot find later: it names only who the flag already named.
  nudged: (c: CircleLabel, role: NudgeRole, recipients: readonly string[], at: Date) =>
    `${slackDate(at, '{date_short_pretty} {time}')}: ${role === 'facilitator' ? `nudged the facilitator, ${mention(recipients[0])}` : role === 'host' ? 'nudged the host of the next session' : `nudged the ${plural(recipients.length, 'member')}`} of the ${circleName(c)}.`,
  nobodyToNudge: (c: CircleLabel) => `The ${circleName(c)} has nobody to reach right now: no facilitator, host or members.`,
  newTimeAsked: (c: CircleLabel, role: NudgeRole, recipients: readonly string[], at: Date) =>
    `${slackDate(at, '{date_short_pretty} {time}')}: asked ${role === 'facilitator' ? `the facilitator, ${mention(recipients[0])},` : role === 'host' ? 'the host of the next session' : `the ${plural(recipients.length, 'member')}`} to find a new time for the ${circleName(c)}.`,
  closed: (c: CircleLabel, cancelled: number) => `The ${circleName(c)} is closed: ${plural(cancelled, 'planned session')} cancelled, and its members get a closing note.`,
} as const;
