import type { WebClient } from '@slack/web-api';
import { stringify } from 'csv-stringify/sync';
import { addDays } from 'date-fns';
import type { Deps } from '../deps.js';
import { solveAssignment } from '../domain/matching/assignment.js';
import { exclusion, type UnmatchedReason } from '../domain/matching/candidates.js';
import { proposeRound, type RoundProposal } from '../domain/matching/round.js';
import { deliver, enqueue, enqueueFile } from '../outbox/outbox.js';
import { claimAction, recordOutcome, releaseAction } from '../repos/actionClaims.js';
import { createMatch } from '../repos/matches.js';
import { createRound, decideRound, setPreviewMessage } from '../repos/rounds.js';
import { channelLink } from '../views/blocks.js';
import { UNMATCHED_WORDS, unmatchedMessage } from '../views/matchMessages.js';
import { reasonsPlain } from '../views/reasons.js';
import { buildRoundPreview, PREVIEW_LINES, roundDecided } from '../views/roundPreview.js';
import type { ProgramSettings } from '../domain/programs.js';
import { checkChannel } from './channels.js';
import { poolFor } from './pools.js';
import { defaultProgram, programById } from './programs.js';
import { queueIntro, scoringContext } from './selfServe.js';

/**
 * Coordinator rounds: a preview in the coordinators' channel, then, on
 * Publish, every intro and every "why you're waiting" note. A round is
 * published at most once, and wholly or not at all: the status change, the
 * matches and the queued messages are one transaction.
 */

/** `/mentor round` run again this soon shows the preview already posted instead of a second one. */
const PREVIEW_REPEAT_WINDOW_MS = 5 * 60_000;
/** "This round didn't find you a partner" is old news after a fortnight. */
const WAITING_NOTE_LIFETIME_DAYS = 14;

export type RoundOutcome = { ok: true; roundId: number; proposal: RoundProposal; repeated?: false } | { ok: true; repeated: true; message: string } | { ok: false; message: string };

export async function previewRound(deps: Deps, client: WebClient, coordinatorId: string, program: ProgramSettings = defaultProgram(deps)): Promise<RoundOutcome> {
  const channel = program.channel;
  if (!channel) return { ok: false, message: noChannel(program) };
  const now = deps.clock();
  const claim = claimAction(deps.db, { actorId: coordinatorId, intent: 'round-preview', target: program.isDefault ? channel : `${channel}:${program.id}` }, now, PREVIEW_REPEAT_WINDOW_MS);
  if (!claim.first) return { ok: true, repeated: true, message: `You asked for a round a moment ago; ${claim.outcome ?? `its preview is in ${channelLink(channel)}`}. Publish or cancel it there.` };
  const problem = await checkChannel(client, channel);
  if (problem) {
    releaseAction(deps.db, claim.id);
    return { ok: false, message: `I can't post the round preview in ${channelLink(channel)}: ${problem}` };
  }
  const proposal = proposeRound(poolFor(deps, program), scoringContext(deps), solveAssignment);
  const round = createRound(deps.db, { programId: program.id, createdBy: coordinatorId, proposal, channelId: channel, createdAt: now });
  recordOutcome(deps.db, claim.id, `round ${round.id}'s preview is in ${channelLink(channel)}`);
  // The coordinator is waiting for it, and its ts is what Publish and Cancel edit: posted directly.
  const posted = await client.chat.postMessage({ channel, ...buildRoundPreview(round.id, coordinatorId, proposal) });
  setPreviewMessage(deps.db, round.id, posted.ts ?? null);
  if (proposal.pairs.length > PREVIEW_LINES || proposal.unmatched.length > PREVIEW_LINES) {
    // Through the outbox, like every file: it names people, so it is erased with them.
    const named = [...proposal.pairs.flatMap((p) => [p.receiverId, p.giverId]), ...proposal.unmatched.map((u) => u.id)];
    enqueueFile(deps.db, { key: `round:${round.id}:csv`, recipient: channel, file: { filename: `round-${round.id}.csv`, title: `Matching round ${round.id}`, content: roundCsv(proposal) }, notBefore: now, workingHoursOnly: false, about: named });
    await deliver(deps, client, now);
  }
  return { ok: true, roundId: round.id, proposal };
}

/** Where to set the channel a program's previews go to. */
export const noChannel = (program: ProgramSettings): string =>
  program.isDefault ? 'Set COORDINATOR_CHANNEL_ID so the round preview has a channel to go to.' : `Give ${program.name} a coordinators' channel (\`/mentor program edit ${program.name}\`) so its round previews have somewhere to go.`;

/** A spreadsheet opens a cell that starts with = + - @ as a formula: such text is kept as text. */
const cell = (text: string) => (/^[=+\-@\t\r]/.test(text) ? `'${text}` : text);

function roundCsv(p: RoundProposal): string {
  return stringify(
    [
      ...p.pairs.map((x) => ({ mentee: x.receiverId, mentor: x.giverId, kind: x.kind, score: x.score.toFixed(3), why: cell(reasonsPlain(x.reasons, 'the mentee')), unmatched_reason: '' })),
      ...p.unmatched.map((u) => ({ mentee: u.id, mentor: '', kind: '', score: '', why: '', unmatched_reason: UNMATCHED_WORDS[u.reason].them })),
    ],
    { header: true, columns: ['mentee', 'mentor', 'kind', 'score', 'why', 'unmatched_reason'] },
  );
}

export interface PublishSummary {
  introduced: number;
  skipped: number;
  waiting: number;
}

/**
 * Publishes a previewed round. Pairs are re-checked against the program as
 * it is now (someone may have paused or filled up since the preview); a pair
 * that no longer fits is skipped and its mentee told they are waiting. The
 * outbox delivers what the transaction queued, after it commits.
 */
export async function publishRound(deps: Deps, client: WebClient, roundId: number, actorId: string): Promise<PublishSummary | undefined> {
  const now = deps.clock();
  const published = deps.db.transaction((tx) => {
    const round = decideRound(tx, roundId, 'published', actorId, now);
    if (!round) return undefined;
    const { proposal } = round;
    const pool = poolFor(deps, programById(deps, round.programId) ?? defaultProgram(deps), tx);
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
      const match = createMatch(tx, { programId: round.programId, mentorId: pair.giverId, menteeId: pair.receiverId, kind: pair.kind, status: 'active', source: 'round', roundId, score: pair.score, reasons: pair.reasons, requestedAt: now, decidedAt: now });
      // They found a partner on their own since the preview: nothing to tell them.
      if (!match) {
        placed.add(pair.receiverId);
        continue;
      }
      giver.load += 1;
      introduced += 1;
      queueIntro(deps, tx, match, now);
    }
    for (const [userId, reason] of waiting) {
      if (placed.has(userId)) continue;
      enqueue(tx, { key: `round:${roundId}:waiting:${userId}`, recipient: userId, text: unmatchedMessage(reason), notBefore: now, expiresAt: addDays(now, WAITING_NOTE_LIFETIME_DAYS) });
    }
    return { round, summary: { introduced, skipped: proposal.pairs.length - introduced, waiting: [...waiting.keys()].filter((id) => !placed.has(id)).length } };
  });
  if (!published) return undefined;
  const { round, summary } = published;
  if (round.channelId && round.messageTs) {
    const text = `Published by <@${actorId}>: ${summary.introduced} ${summary.introduced === 1 ? 'intro' : 'intros'} sent${summary.skipped ? `, ${summary.skipped} pairs skipped because they no longer fit` : ''}, ${summary.waiting} ${summary.waiting === 1 ? 'person' : 'people'} told why they are waiting.`;
    await client.chat.update({ channel: round.channelId, ts: round.messageTs, ...roundDecided(roundId, text) });
  }
  await deliver(deps, client, now);
  return summary;
}

export async function cancelRound(deps: Deps, client: WebClient, roundId: number, actorId: string): Promise<boolean> {
  const round = decideRound(deps.db, roundId, 'cancelled', actorId, deps.clock());
  if (!round) return false;
  if (round.channelId && round.messageTs) {
    await client.chat.update({ channel: round.channelId, ts: round.messageTs, ...roundDecided(roundId, `Cancelled by <@${actorId}>. Nothing was sent.`) });
  }
  return true;
}
