import type { WebClient } from '@slack/web-api';
import { z } from 'zod';
import { ratingComment, requiredScore } from '../domain/ratingFields.js';
import type { Circle, CircleSession } from '../db/schema.js';
import type { Deps } from '../deps.js';
import { type CircleConcern, circleConcerns, DAY_MS } from '../domain/circleHealth.js';
import { trackLabel } from '../domain/outcomes.js';
import { deliver, enqueue } from '../outbox/outbox.js';
import { claimAction, recordOutcome } from '../repos/actionClaims.js';
import { findAttendance, findCircleRating, heldSessionCount, nextPlannedSession, plannedSessionCount } from '../repos/circleFeedback.js';
import {
  attendanceOf,
  cancelPlannedSessions,
  endCircle,
  findCircle,
  findCircleSession,
  findSeat,
  recordAttendance,
  saveCircleRating,
  moveSeat,
  seatsOf,
  sessionsOf,
} from '../repos/circles.js';
import type { Message } from '../views/blocks.js';
import {
  attendedAnswer,
  buildCircleFlag,
  buildCircleNudge,
  buildNewTimeRequest,
  CIRCLE_FEEDBACK_WORDS,
  CIRCLE_FLAG_WORDS,
  CIRCLE_RATING_BLOCKS,
  CIRCLE_RATING_COMMENT_MAX,
  type CircleLabel,
  type CircleRatingModalData,
  missedAnswer,
  type NudgeRole,
} from '../views/circleFeedbackMessages.js';
import { buildCircleClosing, CIRCLE_WORDS } from '../views/circleMessages.js';
import { programById } from './programs.js';

/*
 * What happens after each circle session. Once a planned session of an
 * active circle has ended it is held (once), and each member then is asked,
 * in their own working hours, whether they were there; those who were may
 * rate it anonymously, as pair sessions are rated. A circle whose
 * attendance falls or that stops meeting (domain/circleHealth.ts) is flagged
 * to its program's coordinators at most once a week, with buttons to nudge
 * its facilitator or host, ask them for a new time, or close it. The asking
 * and the flagging are the job's (jobs/circleFeedback.ts); the answers and
 * the buttons are here.
 */

/** A member may answer, or change their answer, for two weeks after the session. */
export const ANSWER_WINDOW_MS = 14 * DAY_MS;
/** A rating may be changed for 48 hours after it was first given, as pair ratings. */
export const CIRCLE_RATING_EDIT_WINDOW_MS = 48 * 3_600_000;
/** A nudge or a request for a new time that waited this long (a pause) is no longer news. */
const NUDGE_FRESH_MS = 7 * DAY_MS;
/** A second press of the same flag button by the same coordinator within this long repeats nothing. */
const REPEAT_WINDOW_MS = 10 * 60_000;

export function circleLabel(deps: Deps, circle: Pick<Circle, 'topic'>): CircleLabel {
  return { topicName: deps.taxonomy.clusters.find((c) => c.id === circle.topic)?.name ?? trackLabel(circle.topic) };
}

type Seated = { ok: true; session: CircleSession; circle: Circle; label: CircleLabel } | { ok: false; message: string };

/** The session, if this person is a member of its circle who can answer for it now. */
async function answerableSession(deps: Deps, userId: string, sessionId: number, now: Date): Promise<Seated> {
  const session = await findCircleSession(deps.db, sessionId);
  const circle = session && await findCircle(deps.db, session.circleId);
  if (!session || !circle) return { ok: false, message: CIRCLE_FEEDBACK_WORDS.unknown };
  const label = circleLabel(deps, circle);
  const seat = await findSeat(deps.db, circle.id, userId);
  if (seat?.status === 'left') return { ok: false, message: CIRCLE_FEEDBACK_WORDS.left(label) };
  if (seat?.status !== 'member') return { ok: false, message: CIRCLE_FEEDBACK_WORDS.unknown };
  if (seat.joinedAt && seat.joinedAt.getTime() > session.startsAt.getTime()) return { ok: false, message: CIRCLE_FEEDBACK_WORDS.notYetMember(label) };
  if (session.status === 'cancelled') return { ok: false, message: CIRCLE_FEEDBACK_WORDS.cancelled };
  if (session.status !== 'held') return { ok: false, message: CIRCLE_FEEDBACK_WORDS.notHeld };
  if (now.getTime() - session.endsAt.getTime() > ANSWER_WINDOW_MS) return { ok: false, message: CIRCLE_FEEDBACK_WORDS.closed(label) };
  return { ok: true, session, circle, label };
}

export type AttendanceOutcome =
  | { ok: false; message: string }
  /** `replace`: the question is answered, so the answer takes its place; a repeat is answered beside it. */
  | { ok: true; message: Message; replace: boolean; rating?: CircleRatingModalData };

/**
 * "I was there" or "I couldn't make it", once per member and session: the
 * same answer again changes nothing, a different one within the window
 * replaces it, except that someone who rated the session stays as there.
 */
export async function answerAttendance(deps: Deps, userId: string, sessionId: number, attended: boolean): Promise<AttendanceOutcome> {
  const now = deps.clock();
  const found = await answerableSession(deps, userId, sessionId, now);
  if (!found.ok) return found;
  const { session, circle, label } = found;
  const result = await deps.db.transaction(async (tx): Promise<{ again: boolean; rated: boolean } | { refused: string }> => {
    const earlier = await findAttendance(tx, sessionId, userId);
    const rated = await findCircleRating(tx, sessionId, userId) !== undefined;
    if (earlier && earlier.attended === attended) return { again: true, rated };
    if (!attended && rated) return { refused: CIRCLE_FEEDBACK_WORDS.ratedSoStays(label) };
    await recordAttendance(tx, sessionId, userId, attended, now);
    return { again: false, rated };
  });
  if ('refused' in result) return { ok: false, message: result.refused };
  const { again, rated } = result;
  if (!attended) return { ok: true, replace: !again, message: missedAnswer({ circle: label, next: (await nextPlannedSession(deps.db, circle.id, now))?.startsAt ?? null, again }) };
  return {
    ok: true,
    replace: !again,
    message: attendedAnswer({ sessionId, circle: label, rated, again }),
    ...(again || rated ? {} : { rating: { sessionId, circle: label, startsAt: session.startsAt } }),
  };
}

// ── Rating ─────────────────────────────────────────────────────────────────

const editClosed = (createdAt: Date, now: Date) => now.getTime() - createdAt.getTime() > CIRCLE_RATING_EDIT_WINDOW_MS;

/** A member who said they were there: the form, filled in with their rating if they gave one. */
export async function circleRatingForm(deps: Deps, userId: string, sessionId: number): Promise<{ ok: true; form: CircleRatingModalData } | { ok: false; message: string }> {
  const now = deps.clock();
  const found = await answerableSession(deps, userId, sessionId, now);
  if (!found.ok) return found;
  if ((await findAttendance(deps.db, sessionId, userId))?.attended !== true) return { ok: false, message: CIRCLE_FEEDBACK_WORDS.notThere };
  const existing = await findCircleRating(deps.db, sessionId, userId);
  if (existing && editClosed(existing.createdAt, now)) return { ok: false, message: CIRCLE_FEEDBACK_WORDS.editClosed };
  return {
    ok: true,
    form: {
      sessionId,
      circle: found.label,
      startsAt: found.session.startsAt,
      ...(existing ? { existing: { usefulness: existing.usefulness, clarity: existing.clarity, applicability: existing.applicability, comment: existing.comment } } : {}),
    },
  };
}

/** What the form sends, as Slack gives it. */
export interface RawCircleRating {
  usefulness?: unknown;
  clarity?: unknown;
  applicability?: unknown;
  comment?: unknown;
}

const circleRatingInput = z.object({
  usefulness: requiredScore,
  clarity: requiredScore,
  applicability: requiredScore,
  comment: ratingComment(CIRCLE_RATING_COMMENT_MAX),
});

export type SaveCircleRatingOutcome = { ok: true; updated: boolean; circle: CircleLabel } | { ok: false; errors: Record<string, string> };

/**
 * Validates and stores a rating: one per member and session (the unique
 * index), so a second submit updates the first within the edit window.
 * Errors come back keyed by the form's block IDs; a refusal that is no
 * field's fault is shown on the first one.
 */
export async function saveCircleSessionRating(deps: Deps, userId: string, sessionId: number, raw: RawCircleRating): Promise<SaveCircleRatingOutcome> {
  const parsed = circleRatingInput.safeParse(raw);
  if (!parsed.success) {
    const errors: Record<string, string> = {};
    for (const issue of parsed.error.issues) {
      const field = String(issue.path[0] ?? 'usefulness') as keyof typeof CIRCLE_RATING_BLOCKS;
      errors[CIRCLE_RATING_BLOCKS[field] ?? CIRCLE_RATING_BLOCKS.usefulness] ??= issue.message;
    }
    return { ok: false, errors };
  }
  const refuse = (message: string): SaveCircleRatingOutcome => ({ ok: false, errors: { [CIRCLE_RATING_BLOCKS.usefulness]: message } });
  const form = await circleRatingForm(deps, userId, sessionId);
  if (!form.ok) return refuse(form.message);
  const now = deps.clock();
  const input = parsed.data;
  // One transaction: the window check and the write see the same row, so two quick submits cannot both insert.
  return deps.db.transaction(async (tx): Promise<SaveCircleRatingOutcome> => {
    const existing = await findCircleRating(tx, sessionId, userId);
    if (existing && editClosed(existing.createdAt, now)) return refuse(CIRCLE_FEEDBACK_WORDS.editClosed);
    await saveCircleRating(tx, { sessionId, raterId: userId, usefulness: input.usefulness, clarity: input.clarity, applicability: input.applicability, comment: input.comment ? input.comment : null, now });
    return { ok: true, updated: existing !== undefined, circle: form.form.circle };
  });
}

// ── Circles needing attention ──────────────────────────────────────────────

/** What is wrong with a circle's attendance now, from its sessions and the members' answers. */
export async function concernsOf(deps: Deps, circle: Circle, now: Date): Promise<CircleConcern[]> {
  const sessions = await sessionsOf(deps.db, circle.id);
  const answers = await attendanceOf(deps.db, sessions.filter((s) => s.status === 'held').map((s) => s.id));
  return circleConcerns({ cadence: circle.cadence, sessions, answers, now, seats: { members: (await seatsOf(deps.db, circle.id)).length, sizeMin: circle.sizeMin } });
}

/** Who a coordinator's nudge or request for a new time reaches: the facilitator; in a peer circle, the next session's host, or else every member. */
async function whoLeads(deps: Deps, circle: Circle, now: Date): Promise<{ role: NudgeRole; ids: string[]; next: Date | null }> {
  const next = await nextPlannedSession(deps.db, circle.id, now);
  const at = next?.startsAt ?? null;
  if (circle.style === 'facilitated' && circle.facilitatorId) return { role: 'facilitator', ids: [circle.facilitatorId], next: at };
  const members = (await seatsOf(deps.db, circle.id)).map((s) => s.personId);
  if (next?.hostId && members.includes(next.hostId)) return { role: 'host', ids: [next.hostId], next: at };
  return { role: 'member', ids: members, next: at };
}

export type FlagAction = 'nudge' | 'newTime' | 'close';

/** What a flag button did: `flag` redraws the flag with it; `settled`, the flag is done with (this press closed the circle) and its words replace it. */
export interface FlagOutcome {
  text: string;
  settled: boolean;
  flag?: Message;
}

/**
 * A coordinator's press of a flag button (the guard has checked they
 * coordinate the circle's program). A second press within ten minutes is
 * told what the first did; an ended circle is left alone. Returns what was
 * done, in words, and after a nudge or a request for a new time the flag
 * redrawn with it (its buttons stay, for what comes next).
 */
export async function actOnCircleFlag(deps: Deps, client: WebClient, what: FlagAction, circleId: number, actorId: string): Promise<FlagOutcome> {
  const now = deps.clock();
  const circle = await findCircle(deps.db, circleId);
  // Told to the presser only: the flag keeps what it says (the closing, if this was a second press).
  if (!circle) return { text: CIRCLE_FLAG_WORDS.unknown, settled: false };
  if (circle.status !== 'active') return { text: CIRCLE_FLAG_WORDS.ended, settled: false };
  const claim = await claimAction(deps.db, { actorId, intent: `circle-flag-${what}`, target: String(circleId) }, now, REPEAT_WINDOW_MS);
  if (!claim.first) return { text: CIRCLE_FLAG_WORDS.repeat(claim.outcome), settled: false };
  if (what === 'close') {
    const closed = await closeCircle(deps, client, circleId, actorId, now, 'closed by a coordinator');
    await recordOutcome(deps.db, claim.id, closed.text);
    return { text: closed.text, settled: true };
  }
  const done = await reachLeads(deps, client, what, circle, now);
  await recordOutcome(deps.db, claim.id, done);
  const flag = buildCircleFlag(
    { circleId, circle: circleLabel(deps, circle), channelId: circle.channelId, style: circle.style, facilitatorId: circle.facilitatorId, concerns: await concernsOf(deps, circle, now) },
    done,
  );
  return { text: done, settled: false, flag };
}

async function reachLeads(deps: Deps, client: WebClient, what: 'nudge' | 'newTime', circle: Circle, now: Date): Promise<string> {
  const label = circleLabel(deps, circle);
  const { role, ids, next } = await whoLeads(deps, circle, now);
  if (ids.length === 0) return CIRCLE_FLAG_WORDS.nobodyToNudge(label);
  const message =
    what === 'nudge'
      ? buildCircleNudge({ circle: label, channelId: circle.channelId, role, concerns: await concernsOf(deps, circle, now), next })
      : buildNewTimeRequest({ circleId: circle.id, circle: label, channelId: circle.channelId });
  await deps.db.transaction(async (tx) => {
    for (const person of ids) {
      const key = `circle:${circle.id}:${what === 'nudge' ? 'coordinator-nudge' : 'new-time'}:${now.getTime()}:${person}`;
      await enqueue(tx, { key, recipient: person, ...message, notBefore: now, expiresAt: new Date(now.getTime() + NUDGE_FRESH_MS) });
    }
  });
  await deliver(deps, client, now);
  return what === 'nudge' ? CIRCLE_FLAG_WORDS.nudged(label, role, ids, now) : CIRCLE_FLAG_WORDS.newTimeAsked(label, role, ids, now);
}

/**
 * Ends an active circle once: its planned sessions are cancelled and a
 * closing note goes to its channel (key `circle:<id>:closed`, which the
 * channel sync waits for before archiving), or, while it has no channel yet,
 * to each member. A circle already ended is left as it is.
 */
export async function closeCircle(deps: Deps, client: WebClient, circleId: number, actorId: string, now: Date, reason: string): Promise<{ ok: boolean; text: string }> {
  const circle = await findCircle(deps.db, circleId);
  if (!circle) return { ok: false, text: CIRCLE_FLAG_WORDS.unknown };
  const label = circleLabel(deps, circle);
  const program = await programById(deps, circle.programId);
  const cancelled = await deps.db.transaction(async (tx) => {
    const ended = await endCircle(tx, circleId, reason, now);
    if (!ended) return undefined;
    const planned = await plannedSessionCount(tx, circleId);
    await cancelPlannedSessions(tx, circleId);
    const note = buildCircleClosing({
      circle: {
        id: ended.id,
        topicName: label.topicName,
        intent: ended.intent,
        style: ended.style,
        facilitatorId: ended.facilitatorId,
        cadence: ended.cadence,
        sessionMinutes: ended.sessionMinutes,
        slotWeekday: ended.slotWeekday,
        slotMinute: ended.slotMinute,
        zone: ended.zone,
        programName: program?.name ?? 'the program',
      },
      sessionsHeld: await heldSessionCount(tx, circleId),
      reason,
    });
    if (ended.channelId) await enqueue(tx, { key: `circle:${circleId}:closed`, recipient: ended.channelId, ...note, notBefore: now });
    else for (const seat of await seatsOf(tx, circleId)) await enqueue(tx, { key: `circle:${circleId}:closed:${seat.personId}`, recipient: seat.personId, ...note, notBefore: now });
    // Those still waiting for a seat are told, not left in a line that no longer leads anywhere.
    for (const seat of await seatsOf(tx, circleId, ['waitlisted'])) {
      if (await moveSeat(tx, seat.id, ['waitlisted'], 'left', now)) await enqueue(tx, { key: `circle:${circleId}:closed:waitlist:${seat.personId}`, recipient: seat.personId, text: CIRCLE_WORDS.waitlistEnded(label), notBefore: now });
    }
    return planned;
  });
  if (cancelled === undefined) return { ok: false, text: CIRCLE_FLAG_WORDS.ended };
  deps.logger.info(`circle ${circleId} closed by ${actorId}: ${reason}`);
  await deliver(deps, client, now);
  return { ok: true, text: CIRCLE_FLAG_WORDS.closed(label, cancelled) };
}
