import type { WebClient } from '@slack/web-api';
import type { Deps } from '../deps.js';
import { purgeDeletedFromDisk, type Tx } from '../db/client.js';
import type { Circle } from '../db/schema.js';
import { eraseTracesOf, queueRedaction } from '../outbox/erase.js';
import { deliver, enqueue, enqueueFile } from '../outbox/outbox.js';
import { endOpenMatches } from '../repos/matches.js';
import { isMember, partnerOf } from '../domain/mentorship.js';
import { erasePerson, markLeft, personExport } from '../repos/personalData.js';
import { ERASED_COORDINATOR, scrubRoundsOf } from '../repos/rounds.js';
import { type DeletionSummary, partnerDeactivatedMessage, partnerDeletedMessage, partnerLeftMessage } from '../views/membershipMessages.js';
import { findPerson } from '../repos/profiles.js';
import { roundDecided } from '../views/roundPreview.js';
import { previewOf } from './rounds.js';
import { endEnrollmentsOf } from '../repos/enrollments.js';
import { fillSeats } from './enrollment.js';
import { publishHome } from './home.js';
import { leaveCircles } from './circles.js';
import { circlesFacilitatedBy, findCircle, renewCalendarsOf, seatsOfPerson } from '../repos/circles.js';
import { slackErrorCode } from './channels.js';
import { tellOfClosedRequest } from './closedRequests.js';
import { rematchAfterEarlyEnd } from './selfServe.js';
import { programById } from './programs.js';
import { cancelFutureSessions } from './sessions.js';

/**
 * Leaving: the person's open mentorships end (and their booked sessions),
 * each partner gets a kind note through the outbox (so a paused partner
 * hears about it when they return), and the profile is kept for a return.
 */
export async function leaveProgram(deps: Deps, client: WebClient, userId: string, why: LeavingWords = LEFT): Promise<{ ended: number }> {
  const now = deps.clock();
  const ended = await deps.db.transaction(async (tx) => {
    const closed = await endOpenMatches(tx, userId, why.reason, now);
    await markLeft(tx, userId, now);
    await givePlacesOn(deps, tx, userId, now);
    await leaveCircles(deps, tx, userId, undefined, now);
    for (const match of closed) {
      const partner = partnerOf(match, userId);
      if (match.was === 'requested') await tellOfClosedRequest(tx, match, userId, { named: true }, now);
      else {
        await cancelFutureSessions(deps, tx, match, userId, now);
        if (partner) await rematchAfterEarlyEnd(deps, tx, match, userId, `match:${match.id}:ended:${partner}`, why.partnerLead(userId), now);
      }
    }
    return closed.filter((m) => m.was !== 'requested').length;
  });
  await deliver(deps, client, now);
  return { ended };
}

/** Their places in every program go to whoever waits for them, each told as the waitlist says. */
async function givePlacesOn(deps: Deps, tx: Tx, userId: string, now: Date): Promise<void> {
  for (const enrollment of await endEnrollmentsOf(tx, userId, now)) {
    const program = await programById(deps, enrollment.programId);
    if (program) await fillSeats(deps, tx, program, now);
  }
}

/** Why someone is leaving, as their ended mentorships record it and their partners are told. */
interface LeavingWords {
  reason: string;
  partnerLead: (leaverId: string) => string;
}
const LEFT: LeavingWords = { reason: 'partner left the program', partnerLead: partnerLeftMessage };
const DEACTIVATED: LeavingWords = { reason: "partner's Slack account was deactivated", partnerLead: partnerDeactivatedMessage };

/**
 * Slack says a person's account was deactivated (they left the company,
 * usually): they leave every program as if they had asked, so nobody is
 * matched with them, waits on their answer or hears from a pair that can no
 * longer meet. Their data stays, for coordinators' reports, until erased.
 * Slack sends user_change for every profile edit, so anything else costs
 * one lookup.
 */
export async function accountDeactivated(deps: Deps, client: WebClient, userId: string): Promise<void> {
  if (!isMember(await findPerson(deps.db, userId))) return;
  const { ended } = await leaveProgram(deps, client, userId, DEACTIVATED);
  deps.logger.info(`${userId}'s Slack account was deactivated: they left the program, ${ended} mentorship(s) ended`);
}

/**
 * Deleting: personal data and free text go, in the database, on disk and in
 * Slack. Only anonymous aggregates stay (past matches with the person's side
 * emptied, rating scores without a rater, check-in answers without notes).
 * Returns what was kept, for the reply.
 */
export async function deletePersonData(deps: Deps, client: WebClient, userId: string): Promise<DeletionSummary & { onRoster: boolean }> {
  const now = deps.clock();
  const partners = new Set<string>();
  // The circle channels they sit in: their seats go with them, so the channel sync would never know to remove them.
  const seatedCircles: Circle[] = [];
  for (const s of await seatsOfPerson(deps.db, userId, ['member'])) {
    const circle = await findCircle(deps.db, s.circleId);
    if (circle) seatedCircles.push(circle);
  }
  const theirCircles = [...seatedCircles, ...(await circlesFacilitatedBy(deps.db, userId))].filter((c) => c.status === 'active' && c.channelArchivedAt === null);
  const circleChannels = [...new Set(theirCircles.flatMap((c) => c.channelId ?? []))];
  const summary = await deps.db.transaction(async (tx) => {
    const closed = await endOpenMatches(tx, userId, 'partner deleted their data', now);
    for (const match of closed) {
      const partner = partnerOf(match, userId);
      if (partner) partners.add(partner);
      if (match.was === 'requested') {
        await tellOfClosedRequest(tx, match, userId, { named: false }, now);
        continue;
      }
      await cancelFutureSessions(deps, tx, match, userId, now);
      if (partner) await enqueue(tx, { key: `match:${match.id}:ended:${partner}`, recipient: partner, text: partnerDeletedMessage(), notBefore: now });
    }
    // Round previews still on screen are re-drawn without the person; a decided one only says who published
    // or cancelled it, which is re-drawn when that was the person (a coordinator erasing their own data).
    for (const round of await scrubRoundsOf(tx, userId)) {
      if (!round.channelId || !round.messageTs) continue;
      const key = `erase:round:${round.id}:${now.getTime()}`;
      if (round.status === 'preview') {
        const preview = await previewOf(deps, round);
        await queueRedaction(tx, key, round.channelId, round.messageTs, preview.text, preview.blocks, now);
      } else if (round.decidedBy === ERASED_COORDINATOR) {
        const decided = roundDecided(round.id, round.status === 'published' ? 'Published. The intros and notes went out.' : 'Cancelled. Nothing was sent.');
        await queueRedaction(tx, key, round.channelId, round.messageTs, decided.text, decided.blocks, now);
      }
    }
    // Their program places and circle seats free up for whoever waits, before the rows go.
    await givePlacesOn(deps, tx, userId, now);
    await leaveCircles(deps, tx, userId, undefined, now);
    // The others' calendar files name them and are taken back with their data: each is sent again without them.
    await renewCalendarsOf(tx, theirCircles.map((c) => c.id), now);
    await eraseTracesOf(tx, userId, now);
    return erasePerson(tx, userId);
  });
  // The rows are gone; the old page images in the WAL go too.
  let purged = await purgeDeletedFromDisk(deps.db);
  await deliver(deps, client, now);
  for (const channel of circleChannels) {
    await client.conversations.kick({ channel, user: userId }).catch((error: unknown) => {
      if (slackErrorCode(error) !== 'not_in_channel') deps.logger.warn('delete-my-data: could not remove them from a circle channel (a coordinator can):', error);
    });
  }
  // Their partners' Home tabs listed the mentorship and its sessions with the person's name: re-drawn from what is stored now.
  for (const partner of partners) {
    try {
      await publishHome(deps, client, partner);
    } catch (error) {
      deps.logger.warn(`delete-my-data: could not re-draw ${partner}'s Home tab (it is re-drawn when they open it):`, error);
    }
  }
  // Another connection's read kept the old pages on disk: it has usually finished by now.
  if (!purged) purged = await purgeDeletedFromDisk(deps.db);
  if (!purged) deps.logger.error('delete-my-data: another connection kept the deleted rows’ old pages on disk; run `PRAGMA wal_checkpoint(TRUNCATE)` once it has finished');
  return summary;
}

/** Everything stored about one person, as one JSON document they can keep. */
export async function exportPersonData(deps: Deps, userId: string): Promise<Record<string, unknown> | undefined> {
  const data = await personExport(deps.db, userId);
  return data ? { exportedAt: deps.clock().toISOString(), ...data } : undefined;
}

/** The export arrives as a file in their DM, through the outbox: it is theirs, and it is erased with the rest. */
export async function sendExport(deps: Deps, client: WebClient, userId: string, data: Record<string, unknown>): Promise<void> {
  const now = deps.clock();
  await enqueueFile(deps.db, {
    key: `export:${userId}:${now.getTime()}`,
    recipient: userId,
    file: {
      filename: 'my-mentoring-data.json',
      title: 'Your mentoring data',
      content: JSON.stringify(data, null, 2),
      comment: 'Here is everything the mentoring program stores about you. Ratings others gave are anonymous and so are not part of it.',
    },
    notBefore: now,
    workingHoursOnly: false,
    reply: true,
  });
  await deliver(deps, client, now);
}
