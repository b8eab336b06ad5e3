import type { WebClient } from '@slack/web-api';
import { stringify } from 'csv-stringify/sync';
import { and, eq } from 'drizzle-orm';
import type { Deps } from '../deps.js';
import { matches, matchRounds } from '../db/schema.js';
import { solveAssignment } from '../domain/matching/assignment.js';
import { exclusion } from '../domain/matching/candidates.js';
import { proposeRound, type RoundProposal } from '../domain/matching/round.js';
import { drainOutbox, enqueue } from '../outbox/outbox.js';
import { loadMatchingPool } from '../repos/matchingPool.js';
import { UNMATCHED_WORDS, unmatchedMessage } from '../views/matchMessages.js';
import type { UnmatchedReason } from '../domain/matching/candidates.js';
import { buildRoundPreview, PREVIEW_LINES, roundDecided } from '../views/roundPreview.js';
import { openIntro, scoringContext } from './selfServe.js';

/**
 * Coordinator rounds: a preview in the coordinators' channel, then, on
 * Publish, every intro and every "why you're waiting" note. A round is
 * published at most once: the status change is the guard.
 */

export type RoundOutcome = { ok: true; roundId: number; proposal: RoundProposal } | { ok: false; message: string };

export async function previewRound(deps: Deps, client: WebClient, coordinatorId: string): Promise<RoundOutcome> {
  const channel = deps.config.coordinatorChannelId;
  if (!channel) return { ok: false, message: 'Set COORDINATOR_CHANNEL_ID so the round preview has a channel to go to.' };
  const now = deps.clock();
  const pool = loadMatchingPool(deps.db, now, deps.config.matchCooldownMonths, deps.config.ratingMinRaters);
  const context = scoringContext(deps);
  const proposal = proposeRound(pool, context, solveAssignment);
  const round = deps.db
    .insert(matchRounds)
    .values({ createdBy: coordinatorId, status: 'preview', proposal: proposal as unknown as Record<string, unknown>, channelId: channel, createdAt: now })
    .returning()
    .get();
  const posted = await client.chat.postMessage({ channel, ...buildRoundPreview(round.id, coordinatorId, proposal) });
  deps.db.update(matchRounds).set({ messageTs: posted.ts ?? null }).where(eq(matchRounds.id, round.id)).run();
  if (proposal.pairs.length > PREVIEW_LINES || proposal.unmatched.length > PREVIEW_LINES) {
    await client.filesUploadV2({ channel_id: channel, filename: `round-${round.id}.csv`, title: `Matching round ${round.id}`, content: roundCsv(proposal) });
  }
  return { ok: true, roundId: round.id, proposal };
}

function roundCsv(p: RoundProposal): string {
  return stringify(
    [
      ...p.pairs.map((x) => ({ mentee: x.receiverId, mentor: x.giverId, kind: x.kind, score: x.score.toFixed(3), why: x.reasons.join(' · ').replace(/<@([A-Z0-9]+)>/g, '$1'), unmatched_reason: '' })),
      ...p.unmatched.map((u) => ({ mentee: u.id, mentor: '', kind: '', score: '', why: '', unmatched_reason: UNMATCHED_WORDS[u.reason].them })),
    ],
    { header: true, columns: ['mentee', 'mentor', 'kind', 'score', 'why', 'unmatched_reason'] },
  );
}

function claim(deps: Deps, roundId: number, status: 'published' | 'cancelled', actorId: string) {
  return deps.db
    .update(matchRounds)
    .set({ status, decidedAt: deps.clock(), decidedBy: actorId })
    .where(and(eq(matchRounds.id, roundId), eq(matchRounds.status, 'preview')))
    .returning()
    .get();
}

export interface PublishSummary {
  introduced: number;
  skipped: number;
  waiting: number;
}

/**
 * Publishes a previewed round. Pairs are re-checked against the program as
 * it is now (someone may have paused or filled up since the preview); a pair
 * that no longer fits is skipped and its mentee told they are waiting.
 */
export async function publishRound(deps: Deps, client: WebClient, roundId: number, actorId: string): Promise<PublishSummary | undefined> {
  const round = claim(deps, roundId, 'published', actorId);
  if (!round) return undefined;
  const proposal = round.proposal as unknown as RoundProposal;
  const now = deps.clock();
  const pool = loadMatchingPool(deps.db, now, deps.config.matchCooldownMonths, deps.config.ratingMinRaters);
  const byId = new Map(pool.participants.map((p) => [p.id, { ...p }]));
  const waiting = new Map<string, UnmatchedReason>(proposal.unmatched.map((u) => [u.id, u.reason]));
  const placed = new Set<string>();
  let introduced = 0;
  for (const pair of proposal.pairs) {
    const receiver = byId.get(pair.receiverId);
    const giver = byId.get(pair.giverId);
    if (!receiver || !giver || exclusion(receiver, giver, pair.kind, pool) !== null) {
      if (receiver) waiting.set(pair.receiverId, 'gone');
      continue;
    }
    try {
      const match = deps.db
        .insert(matches)
        .values({ mentorId: pair.giverId, menteeId: pair.receiverId, kind: pair.kind, status: 'active', source: 'round', roundId, score: pair.score, reasons: pair.reasons, requestedAt: now, decidedAt: now })
        .returning()
        .get();
      giver.load += 1;
      introduced += 1;
      await openIntro(deps, client, match);
    } catch (error) {
      // They found a partner on their own since the preview: nothing to tell them.
      if (!String(error).includes('UNIQUE')) throw error;
      placed.add(pair.receiverId);
    }
  }
  for (const [userId, reason] of waiting) {
    if (placed.has(userId)) continue;
    enqueue(deps.db, { key: `round:${roundId}:waiting:${userId}`, recipient: userId, text: unmatchedMessage(reason), notBefore: now });
  }
  await drainOutbox({ db: deps.db, client, logger: deps.logger }, now);
  const summary = { introduced, skipped: proposal.pairs.length - introduced, waiting: [...waiting.keys()].filter((id) => !placed.has(id)).length };
  if (round.channelId && round.messageTs) {
    const text = `Published by <@${actorId}>: ${summary.introduced} ${summary.introduced === 1 ? 'intro' : 'intros'} sent${summary.skipped ? `, ${summary.skipped} pairs skipped because they no longer fit` : ''}, ${summary.waiting} ${summary.waiting === 1 ? 'person' : 'people'} told why they are waiting.`;
    await client.chat.update({ channel: round.channelId, ts: round.messageTs, ...roundDecided(roundId, text) });
  }
  return summary;
}

export async function cancelRound(deps: Deps, client: WebClient, roundId: number, actorId: string): Promise<boolean> {
  const round = claim(deps, roundId, 'cancelled', actorId);
  if (!round) return false;
  if (round.channelId && round.messageTs) {
    await client.chat.update({ channel: round.channelId, ts: round.messageTs, ...roundDecided(roundId, `Cancelled by <@${actorId}>. Nothing was sent.`) });
  }
  return true;
}
