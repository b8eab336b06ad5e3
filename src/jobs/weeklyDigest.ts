import type { WebClient } from '@slack/web-api';
import type { Deps } from '../deps.js';
import { digestDue } from '../domain/digestWeek.js';
import { deliver, enqueue } from '../outbox/outbox.js';
import { weeklyDigest } from '../services/digest.js';

/**
 * The weekly post: due from Monday 09:00 in DIGEST_TIMEZONE, and sent once
 * per week however often the job runs or the bot restarts, because the
 * message's key is the week.
 */
export async function postWeeklyDigest(deps: Deps, client: WebClient, now: Date): Promise<{ posted: boolean }> {
  const channel = deps.config.coordinatorChannelId;
  if (!channel || !digestDue(now, deps.config.digestTimeZone)) return { posted: false };
  const { message, weekStart } = weeklyDigest(deps, now);
  const posted = enqueue(deps.db, { key: `digest:${weekStart.toISOString()}`, recipient: channel, text: message.text, blocks: message.blocks, notBefore: now });
  await deliver(deps, client, now);
  return { posted };
}
