import type { WebClient } from '@slack/web-api';
import type { Deps } from '../deps.js';
import { localDateOf } from '../domain/localTime.js';
import { SCHEDULE_ACTOR } from '../domain/roundSchedule.js';
import { activeCircles, sessionsOf } from '../repos/circles.js';
import { closeCircle } from './circleFeedback.js';
import { programById } from './programs.js';

/**
 * Circles end with their program (closed by an admin, or a cohort at its
 * close) and after their last session when they have an end date: each
 * gets its closing message, and the circles job archives its channel once
 * that message is out. Runs on every tick; a circle ends once.
 */
export async function endFinishedCircles(deps: Deps, client: WebClient, now: Date): Promise<number> {
  let ended = 0;
  for (const circle of activeCircles(deps.db)) {
    const program = programById(deps, circle.programId);
    const lastDone = circle.endsOn !== null && localDateOf(now, circle.zone) > circle.endsOn && !sessionsOf(deps.db, circle.id).some((s) => s.status === 'planned' && s.endsAt.getTime() > now.getTime());
    const reason = !program || program.status === 'closed' ? 'its program has closed' : lastDone ? 'its last session has been held' : undefined;
    if (!reason) continue;
    if ((await closeCircle(deps, client, circle.id, SCHEDULE_ACTOR, now, reason)).ok) ended += 1;
  }
  return ended;
}
