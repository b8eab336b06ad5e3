import type { WebClient } from '@slack/web-api';
import type { Deps } from '../deps.js';
import { deliver } from '../outbox/outbox.js';
import { type ChannelSync, syncCircleChannels } from '../services/circleChannels.js';
import { endFinishedCircles } from '../services/circleEnds.js';
import { announceCircleSessions } from '../services/circleRhythm.js';

/**
 * Circles in Slack: each active circle's channel made and its members kept
 * in step, its welcome and calendar files queued, its sessions planned
 * ahead and announced the day before; circles whose program closed or whose
 * last session is past end, and their channels are archived after the
 * closing message. Every step is idempotent; running it often,
 * or on two replicas, changes nothing twice.
 */
export async function runCircles(deps: Deps, client: WebClient, now: Date): Promise<ChannelSync & { ended: number; announced: number; reminded: number }> {
  const ended = await endFinishedCircles(deps, client, now);
  const channels = await syncCircleChannels(deps, client, now);
  const rhythm = announceCircleSessions(deps, now);
  await deliver(deps, client, now);
  return { ended, ...channels, ...rhythm };
}
