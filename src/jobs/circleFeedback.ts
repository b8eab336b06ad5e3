import type { WebClient } from '@slack/web-api';
import type { Deps } from '../deps.js';
import { deliver } from '../outbox/outbox.js';
import { flagCircles, promptEndedSessions } from '../services/circleFeedback.js';

/**
 * After circle sessions: each planned session of an active circle that has
 * ended is held (once) and its members are asked whether they were there,
 * inside their working hours; then circles whose attendance falls or that
 * have stopped meeting are flagged to their program's coordinators, at most
 * once a week each. Everything is worked out from the database and the
 * message keys, so running again repeats nothing.
 */
export async function runCircleFeedback(deps: Deps, client: WebClient, now: Date): Promise<{ held: number; prompted: number; flagged: number }> {
  const { held, prompted } = promptEndedSessions(deps, now);
  const flagged = flagCircles(deps, now);
  await deliver(deps, client, now);
  return { held, prompted, flagged };
}
