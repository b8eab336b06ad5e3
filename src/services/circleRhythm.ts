import type { Deps } from '../deps.js';
import { enqueue } from '../outbox/outbox.js';
import { findCircle, sessionsStartingBetween, setSessionHost } from '../repos/circles.js';
import { buildSessionAnnouncement, buildSessionReminder } from '../views/circleMessages.js';
import { circleFacts, hostOf } from './circles.js';

/*
 * A circle's rhythm in its channel: the day before each session, its topic
 * and (in a peer circle) its host, whose turn is fixed then from the
 * members of that day; an hour before, a reminder. Keyed per session, so a
 * rerun or a second replica queues nothing twice; both expire at the start.
 */

const HOUR_MS = 3_600_000;
export const ANNOUNCE_HOURS = 24;
export const REMIND_HOURS = 1;

export function announceCircleSessions(deps: Deps, now: Date): { announced: number; reminded: number } {
  let announced = 0;
  let reminded = 0;
  for (const session of sessionsStartingBetween(deps.db, now, new Date(now.getTime() + ANNOUNCE_HOURS * HOUR_MS))) {
    const circle = findCircle(deps.db, session.circleId);
    if (!circle?.channelId) continue;
    const facts = circleFacts(deps, circle);
    deps.db.transaction((tx) => {
      const hostId = session.hostId ?? hostOf(tx, circle, session.seq);
      if (hostId !== session.hostId) setSessionHost(tx, session.id, hostId);
      const announcement = buildSessionAnnouncement({ circle: facts, startsAt: session.startsAt, topic: session.topic, hostId, seq: session.seq });
      if (enqueue(tx, { key: `circle-session:${session.id}:announce`, recipient: circle.channelId as string, ...announcement, notBefore: now, expiresAt: session.startsAt, workingHoursOnly: false })) announced += 1;
      if (session.startsAt.getTime() - now.getTime() <= REMIND_HOURS * HOUR_MS) {
        const reminder = buildSessionReminder({ circle: facts, startsAt: session.startsAt, hostId });
        if (enqueue(tx, { key: `circle-session:${session.id}:remind`, recipient: circle.channelId as string, ...reminder, notBefore: now, expiresAt: session.startsAt, workingHoursOnly: false })) reminded += 1;
      }
    });
  }
  return { announced, reminded };
}
