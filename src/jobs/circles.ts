import type { WebClient } from '@slack/web-api';
import type { Deps } from '../deps.js';
import { localDateOf } from '../domain/localTime.js';
import { SCHEDULE_ACTOR } from '../domain/roundSchedule.js';
import { deliver, enqueue } from '../outbox/outbox.js';
import { activeCircles, findCircle, sessionsOf, sessionsStartingBetween, setSessionHost } from '../repos/circles.js';
import { closeCircle } from '../services/circleFeedback.js';
import { circleFacts, hostOf, mayHost } from '../services/circles.js';
import { type CalendarSync, syncCircleCalendars } from './circleCalendars.js';
import { programById } from '../services/programs.js';
import { buildSessionAnnouncement, buildSessionReminder } from '../views/circleMessages.js';
import { type ChannelSync, syncCircleChannels } from './circleChannels.js';

/**
 * Circles in Slack: each active circle's channel made and its members kept
 * in step, its welcome and calendar files queued, its sessions planned
 * ahead and announced the day before; circles whose program closed or whose
 * last session is past end, and their channels are archived after the
 * closing message. Every step is idempotent; running it often,
 * or on two replicas, changes nothing twice.
 */
export async function runCircles(deps: Deps, client: WebClient, now: Date): Promise<ChannelSync & { ended: number; calendars: CalendarSync; announced: number; reminded: number }> {
  const ended = await endFinishedCircles(deps, client, now);
  const channels = await syncCircleChannels(deps, client, now);
  const calendars = await syncCircleCalendars(deps, now);
  const rhythm = await announceCircleSessions(deps, now);
  await deliver(deps, client, now);
  return { ended, ...channels, calendars, ...rhythm };
}

/**
 * Circles end with their program (closed by an admin, or a cohort at its
 * close) and after their last session when they have an end date: each
 * gets its closing message, and the channel sync (jobs/circleChannels.ts)
 * archives its channel once that message is out. A circle ends once.
 */
async function endFinishedCircles(deps: Deps, client: WebClient, now: Date): Promise<number> {
  let ended = 0;
  for (const circle of await activeCircles(deps.db)) {
    const program = await programById(deps, circle.programId);
    const lastDone = circle.endsOn !== null && localDateOf(now, circle.zone) > circle.endsOn && !(await sessionsOf(deps.db, circle.id)).some((s) => s.status === 'planned' && s.endsAt.getTime() > now.getTime());
    const reason = !program || program.status === 'closed' ? 'its program has closed' : lastDone ? 'its last session has been held' : undefined;
    if (!reason) continue;
    if ((await closeCircle(deps, client, circle.id, SCHEDULE_ACTOR, now, reason)).ok) ended += 1;
  }
  return ended;
}

/*
 * A circle's rhythm in its channel: the day before each session, its topic
 * and (in a peer circle) its host, whose turn is fixed then from the
 * members of that day; an hour before, a reminder. Keyed per session, so a
 * rerun or a second replica queues nothing twice; both expire at the start.
 */

const HOUR_MS = 3_600_000;
const ANNOUNCE_HOURS = 24;
const REMIND_HOURS = 1;

async function announceCircleSessions(deps: Deps, now: Date): Promise<{ announced: number; reminded: number }> {
  let announced = 0;
  let reminded = 0;
  for (const session of await sessionsStartingBetween(deps.db, now, new Date(now.getTime() + ANNOUNCE_HOURS * HOUR_MS))) {
    const circle = await findCircle(deps.db, session.circleId);
    if (!circle?.channelId) continue;
    const facts = await circleFacts(deps, circle);
    await deps.db.transaction(async (tx) => {
      // A host named earlier who has paused or left since is passed over too.
      const hostId = session.hostId !== null && await mayHost(tx, circle, session.hostId, now) ? session.hostId : await hostOf(tx, circle, session.seq, now);
      if (hostId !== session.hostId) await setSessionHost(tx, session.id, hostId);
      const announcement = buildSessionAnnouncement({ circle: facts, startsAt: session.startsAt, topic: session.topic, hostId, seq: session.seq });
      if (await enqueue(tx, { key: `circle-session:${session.id}:announce`, recipient: circle.channelId as string, ...announcement, notBefore: now, expiresAt: session.startsAt, workingHoursOnly: false })) announced += 1;
      if (session.startsAt.getTime() - now.getTime() <= REMIND_HOURS * HOUR_MS) {
        const reminder = buildSessionReminder({ circle: facts, startsAt: session.startsAt, hostId });
        if (await enqueue(tx, { key: `circle-session:${session.id}:remind`, recipient: circle.channelId as string, ...reminder, notBefore: now, expiresAt: session.startsAt, workingHoursOnly: false })) reminded += 1;
      }
    });
  }
  return { announced, reminded };
}
