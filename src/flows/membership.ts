import type { WebClient } from '@slack/web-api';
import type { Deps } from '../deps.js';
import { purgeDeletedFromDisk } from '../db/client.js';
import { eraseTracesOf, queueRedaction } from '../outbox/erase.js';
import { deliver, enqueue, enqueueFile } from '../outbox/outbox.js';
import { endOpenMatches, partnerOf } from '../repos/matches.js';
import { erasePerson, markLeft, personExport } from '../repos/personalData.js';
import { scrubRoundsOf } from '../repos/rounds.js';
import { type DeletionSummary, partnerDeletedMessage, partnerLeftMessage } from '../views/membershipMessages.js';
import { buildRoundPreview } from '../views/roundPreview.js';
import { cancelFutureSessions } from './sessions.js';

/**
 * Leaving: the person's open mentorships end (and their booked sessions),
 * each partner gets a kind note through the outbox (so a paused partner
 * hears about it when they return), and the profile is kept for a return.
 */
export async function leaveProgram(deps: Deps, client: WebClient, userId: string): Promise<{ ended: number }> {
  const now = deps.clock();
  const ended = deps.db.transaction((tx) => {
    const closed = endOpenMatches(tx, userId, 'partner left the program', now);
    markLeft(tx, userId, now);
    for (const match of closed) {
      const partner = partnerOf(match, userId);
      cancelFutureSessions(deps, tx, match, userId, now);
      if (partner) enqueue(tx, { key: `match:${match.id}:ended:${partner}`, recipient: partner, text: partnerLeftMessage(userId), notBefore: now });
    }
    return closed.length;
  });
  await deliver(deps, client, now);
  return { ended };
}

/**
 * Deleting: personal data and free text go, in the database, on disk and in
 * Slack. Only anonymous aggregates stay (past matches with the person's side
 * emptied, rating scores without a rater, check-in answers without notes).
 * Returns what was kept, for the reply.
 */
export async function deletePersonData(deps: Deps, client: WebClient, userId: string): Promise<DeletionSummary & { onRoster: boolean }> {
  const now = deps.clock();
  const summary = deps.db.transaction((tx) => {
    const closed = endOpenMatches(tx, userId, 'partner deleted their data', now);
    for (const match of closed) {
      cancelFutureSessions(deps, tx, match, userId, now);
      const partner = partnerOf(match, userId);
      if (partner) enqueue(tx, { key: `match:${match.id}:ended:${partner}`, recipient: partner, text: partnerDeletedMessage(), notBefore: now });
    }
    // Round previews still on screen are re-drawn without the person; decided ones only say who published them.
    for (const round of scrubRoundsOf(tx, userId)) {
      if (round.status === 'preview' && round.channelId && round.messageTs) {
        const preview = buildRoundPreview(round.id, round.createdBy, round.proposal);
        queueRedaction(tx, `erase:round:${round.id}:${now.getTime()}`, round.channelId, round.messageTs, preview.text, preview.blocks, now);
      }
    }
    eraseTracesOf(tx, userId, now);
    return erasePerson(tx, userId);
  });
  // The rows are gone; the old page images in the WAL go too.
  purgeDeletedFromDisk(deps.db);
  await deliver(deps, client, now);
  return summary;
}

/** Everything stored about one person, as one JSON document they can keep. */
export function exportPersonData(deps: Deps, userId: string): Record<string, unknown> | undefined {
  const data = personExport(deps.db, userId);
  return data ? { exportedAt: deps.clock().toISOString(), ...data } : undefined;
}

/** The export arrives as a file in their DM, through the outbox: it is theirs, and it is erased with the rest. */
export async function sendExport(deps: Deps, client: WebClient, userId: string, data: Record<string, unknown>): Promise<void> {
  const now = deps.clock();
  enqueueFile(deps.db, {
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
