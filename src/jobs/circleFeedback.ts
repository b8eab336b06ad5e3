import type { WebClient } from '@slack/web-api';
import type { Deps } from '../deps.js';
import { DAY_MS } from '../domain/circleHealth.js';
import { effectiveStatus } from '../domain/participation.js';
import { deliver, deliveryOf, enqueue } from '../outbox/outbox.js';
import { activeCircles, findCircle, markSessionHeld, seatsOf, sessionsEndedBy } from '../repos/circles.js';
import { findPerson } from '../repos/profiles.js';
import { circleLabel, concernsOf } from '../services/circleFeedback.js';
import { programsById } from '../services/programs.js';
import { buildAttendancePrompt, buildCircleFlag } from '../views/circleFeedbackMessages.js';

/**
 * After circle sessions: each planned session of an active circle that has
 * ended is held (once) and its members are asked whether they were there,
 * inside their working hours; then circles whose attendance falls or that
 * have stopped meeting are flagged to their program's coordinators, at most
 * once a week each. Everything is worked out from the database and the
 * message keys, so running again repeats nothing. The answers, the ratings
 * and the flag's buttons are services/circleFeedback.ts.
 */
export async function runCircleFeedback(deps: Deps, client: WebClient, now: Date): Promise<{ held: number; prompted: number; flagged: number }> {
  const { held, prompted } = await promptEndedSessions(deps, now);
  const flagged = await flagCircles(deps, now);
  await deliver(deps, client, now);
  return { held, prompted, flagged };
}

/** An attendance question not delivered within a week of the session (a long pause) is dropped. */
const ATTENDANCE_FRESH_MS = 7 * DAY_MS;
/** A circle is flagged at most once in this long. */
const FLAG_EVERY_MS = 7 * DAY_MS;

const attendanceKey = (sessionId: number, personId: string) => `circle-session:${sessionId}:attendance:${personId}`;
const flagKey = (circleId: number, week: number) => `circle:${circleId}:flag:${week}`;

/**
 * Planned sessions of active circles that have ended become held, and each
 * current member who had joined by then is asked once (the message key is
 * the guard). Someone who left the program is not asked; a paused person's
 * question waits in the outbox, and is dropped if the pause outlasts a week.
 */
export async function promptEndedSessions(deps: Deps, now: Date): Promise<{ held: number; prompted: number }> {
  let held = 0;
  let prompted = 0;
  for (const session of await sessionsEndedBy(deps.db, now)) {
    const circle = await findCircle(deps.db, session.circleId);
    if (!circle) continue;
    const label = circleLabel(deps, circle);
    await deps.db.transaction(async (tx) => {
      // Conditional: of two runs racing, one holds it and asks; the other does nothing.
      if (!await markSessionHeld(tx, session.id)) return;
      held += 1;
      for (const seat of await seatsOf(tx, circle.id)) {
        if (seat.joinedAt && seat.joinedAt.getTime() > session.startsAt.getTime()) continue;
        const person = await findPerson(tx, seat.personId);
        if (!person || effectiveStatus(person, now) === 'left') continue;
        const prompt = buildAttendancePrompt({ sessionId: session.id, circle: label, startsAt: session.startsAt, sessionTopic: session.topic });
        const key = attendanceKey(session.id, seat.personId);
        if (await enqueue(tx, { key, recipient: seat.personId, ...prompt, notBefore: now, expiresAt: new Date(session.endsAt.getTime() + ATTENDANCE_FRESH_MS), workingHoursOnly: true })) prompted += 1;
      }
    });
  }
  return { held, prompted };
}

/**
 * Flags each active circle with a concern to its program's channel, at most
 * once a week: the key carries the week, and last week's flag, if it went
 * out less than a week ago, holds this week's back. A paused or closed
 * program, or one without a channel, is not flagged to.
 */
export async function flagCircles(deps: Deps, now: Date): Promise<number> {
  const programs = await programsById(deps);
  let flagged = 0;
  for (const circle of await activeCircles(deps.db)) {
    const program = programs.get(circle.programId);
    if (!program || program.status !== 'active' || !program.channel) continue;
    const concerns = await concernsOf(deps, circle, now);
    if (concerns.length === 0) continue;
    const week = Math.floor(now.getTime() / FLAG_EVERY_MS);
    const flag = buildCircleFlag({ circleId: circle.id, circle: circleLabel(deps, circle), channelId: circle.channelId, style: circle.style, facilitatorId: circle.facilitatorId, concerns });
    const channel = program.channel;
    const sent = await deps.db.transaction(
      async (tx) => {
        const previous = await deliveryOf(tx, flagKey(circle.id, week - 1));
        if (previous && previous.notBefore.getTime() > now.getTime() - FLAG_EVERY_MS) return false;
        return enqueue(tx, { key: flagKey(circle.id, week), recipient: channel, ...flag, notBefore: now });
      },
      { behavior: 'immediate' },
    );
    if (sent) flagged += 1;
  }
  return flagged;
}
