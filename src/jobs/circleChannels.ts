import type { WebClient } from '@slack/web-api';
import type { Circle } from '../db/schema.js';
import type { Deps } from '../deps.js';
import { deliveryOf, enqueue } from '../outbox/outbox.js';
import { outboxClient } from '../outbox/sending.js';
import { activeCircles, channelNameTaken, circlesEndedUnarchived, markChannelArchived, seatsOf, sessionsOf, setCircleChannel } from '../repos/circles.js';
import { programById } from '../services/programs.js';
import { buildCircleWelcome, channelNamesTaken, channelPurpose, channelRenamed, channelTopic } from '../views/circleMessages.js';
import { slackErrorCode } from '../services/channels.js';
import { circleFacts, planCircleSessions } from '../services/circles.js';

/*
 * Each circle's private channel, kept equal to what is stored: created once
 * (a lost answer is found again by name instead of making a second
 * channel), its members invited and those who left removed, the welcome
 * queued once (calendar files: jobs/circleCalendars.ts), and, when the circle has ended
 * and its closing message has gone out, archived. Safe to run on every tick
 * and on two replicas: each step is idempotent in Slack or in the outbox.
 * Run by the circles job (jobs/circles.ts).
 */

export interface ChannelSync {
  created: number;
  invited: number;
  removed: number;
  archived: number;
}

/** The bot's private channel with this name, if an earlier attempt made it and its answer was lost. */
async function findOwnChannel(client: WebClient, name: string): Promise<string | undefined> {
  let cursor: string | undefined;
  do {
    const page = await client.conversations.list({ types: 'private_channel', exclude_archived: true, limit: 200, ...(cursor ? { cursor } : {}) });
    const hit = page.channels?.find((c) => c.name === name);
    if (hit?.id) return hit.id;
    cursor = page.response_metadata?.next_cursor || undefined;
  } while (cursor);
  return undefined;
}

/** Names tried after the circle's own is taken in Slack: `-2` to `-9` on it, within Slack's 80 characters. */
const NAME_ATTEMPTS = 9;
const alternative = (name: string, n: number) => (n === 1 ? name : `${name.slice(0, 80 - String(n).length - 1)}-${n}`);

async function ensureChannel(deps: Deps, client: WebClient, circle: Circle): Promise<string | undefined> {
  if (circle.channelId) return circle.channelId;
  let id: string | undefined;
  let name = circle.channelName;
  for (let n = 1; !id && n <= NAME_ATTEMPTS; n += 1) {
    name = alternative(circle.channelName, n);
    // Another circle's name (the form only checks the one it was given) is as taken as Slack's.
    if (n > 1 && await channelNameTaken(deps.db, name)) continue;
    try {
      id = (await client.conversations.create({ name, is_private: true })).channel?.id;
    } catch (error) {
      if (slackErrorCode(error) !== 'name_taken') throw error;
      // Ours already, its answer lost on an earlier try; else someone else's, and the next name is tried.
      id = await findOwnChannel(client, name);
    }
  }
  if (!id) {
    await tellCoordinatorsOnce(deps, circle, `circle:${circle.id}:channel-names-taken`, channelNamesTaken(await circleFacts(deps, circle), circle.channelName));
    deps.logger.error(`circle ${circle.id}: #${circle.channelName} and the names after it are taken by channels the bot cannot see`);
    return undefined;
  }
  if (name !== circle.channelName) {
    await tellCoordinatorsOnce(deps, circle, `circle:${circle.id}:channel-renamed`, channelRenamed(await circleFacts(deps, circle), circle.channelName, name));
  }
  await setCircleChannel(deps.db, circle.id, id, name);
  const facts = await circleFacts(deps, circle);
  // Cosmetic: a failure here must not stop the members from being invited.
  await client.conversations.setTopic({ channel: id, topic: channelTopic(facts) }).catch((e: unknown) => deps.logger.warn(`circle ${circle.id}: could not set the topic:`, e));
  await client.conversations.setPurpose({ channel: id, purpose: channelPurpose(facts) }).catch((e: unknown) => deps.logger.warn(`circle ${circle.id}: could not set the purpose:`, e));
  return id;
}

/** One line to the circle's program's coordinators, once per key. */
async function tellCoordinatorsOnce(deps: Deps, circle: Circle, key: string, text: string): Promise<void> {
  const channel = (await programById(deps, circle.programId))?.channel;
  if (channel) await enqueue(deps.db, { key, recipient: channel, text, notBefore: deps.clock(), workingHoursOnly: false });
}

async function channelMembers(client: WebClient, channel: string): Promise<Set<string>> {
  const members = new Set<string>();
  let cursor: string | undefined;
  do {
    const page = await client.conversations.members({ channel, limit: 200, ...(cursor ? { cursor } : {}) });
    for (const m of page.members ?? []) members.add(m);
    cursor = page.response_metadata?.next_cursor || undefined;
  } while (cursor);
  return members;
}

/** Invites who should be there and removes who left; returns how many of each. */
async function syncMembers(deps: Deps, client: WebClient, circle: Circle, channel: string): Promise<{ invited: number; removed: number }> {
  const wanted = new Set([...(await seatsOf(deps.db, circle.id)).map((s) => s.personId), ...(circle.facilitatorId ? [circle.facilitatorId] : [])]);
  const present = await channelMembers(client, channel);
  const missing = [...wanted].filter((id) => !present.has(id));
  // Only people who left the circle are removed: anyone a coordinator added by hand stays.
  const extra = (await seatsOf(deps.db, circle.id, ['left'])).map((s) => s.personId).filter((id) => present.has(id) && !wanted.has(id));
  if (missing.length) {
    // force: one deactivated account must not keep everyone else out.
    await client.conversations.invite({ channel, users: missing.join(','), force: true });
  }
  for (const user of extra) {
    await client.conversations.kick({ channel, user }).catch((e: unknown) => {
      if (slackErrorCode(e) !== 'not_in_channel') throw e;
    });
  }
  return { invited: missing.length, removed: extra.length };
}

/** The welcome in the channel once (the calendar files follow: jobs/circleCalendars.ts). */
async function queueWelcome(deps: Deps, circle: Circle, channel: string, now: Date): Promise<void> {
  const facts = await circleFacts(deps, circle);
  const seats = await seatsOf(deps.db, circle.id);
  const upcoming = (await sessionsOf(deps.db, circle.id)).filter((s) => s.status === 'planned' && s.startsAt.getTime() > now.getTime());
  const first = upcoming[0];
  if (!first) return;
  await enqueue(deps.db, {
    key: `circle:${circle.id}:welcome`,
    recipient: channel,
    ...buildCircleWelcome({ circle: facts, members: seats.map((s) => ({ id: s.personId, reasons: s.reasons })), next: first.startsAt, firstTopic: first.topic }),
    notBefore: now,
    workingHoursOnly: false,
  });
}

export async function syncCircleChannels(deps: Deps, slackClient: WebClient, now: Date): Promise<ChannelSync> {
  // No retries behind our back: a failed step is tried again on the next run.
  const client = outboxClient(slackClient);
  const sync: ChannelSync = { created: 0, invited: 0, removed: 0, archived: 0 };
  for (const circle of await activeCircles(deps.db)) {
    try {
      await planCircleSessions(deps.db, circle, now);
      const hadChannel = circle.channelId !== null;
      const channel = await ensureChannel(deps, client, circle);
      if (!channel) continue;
      if (!hadChannel) sync.created += 1;
      const { invited, removed } = await syncMembers(deps, client, circle, channel);
      sync.invited += invited;
      sync.removed += removed;
      await queueWelcome(deps, circle, channel, now);
    } catch (error) {
      // One circle's trouble (Slack down, a refused name) must not hold up the others.
      deps.logger.error(`circle ${circle.id}: keeping its channel in step failed; trying again on the next run:`, error);
    }
  }
  for (const circle of await circlesEndedUnarchived(deps.db)) {
    // The closing message goes first; the archive waits until it has been posted (or was never queued).
    const closing = await deliveryOf(deps.db, `circle:${circle.id}:closed`);
    if (closing && closing.status !== 'sent' && closing.status !== 'failed') continue;
    try {
      await client.conversations.archive({ channel: circle.channelId as string });
    } catch (error) {
      if (slackErrorCode(error) !== 'already_archived') {
        deps.logger.error(`circle ${circle.id}: archiving its channel failed; trying again on the next run:`, error);
        continue;
      }
    }
    await markChannelArchived(deps.db, circle.id, now);
    sync.archived += 1;
  }
  return sync;
}
