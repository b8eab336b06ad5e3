import type { WebClient } from '@slack/web-api';
import { stringify } from 'csv-stringify/sync';
import { addDays } from 'date-fns';
import type { Deps } from '../deps.js';
import { exclusion } from '../domain/matching/candidates.js';
import type { RoundProposal } from '../domain/matching/round.js';
import { deliver, enqueue, enqueueFile } from '../outbox/outbox.js';
import { claimAction, recordOutcome, releaseAction } from '../repos/actionClaims.js';
import { createMatch } from '../repos/matches.js';
import { createRound, decideRound, findRound, previewsOf, setPreviewMessage, type StoredRound } from '../repos/rounds.js';
import { channelLink, type Message } from '../views/blocks.js';
import { receivingKinds } from '../domain/matching/pool.js';
import { unmatchedMessage, unmatchedWords, type WaitingReason } from '../views/matchMessages.js';
import { reasonsPlain } from '../views/reasons.js';
import { buildRoundPreview, PREVIEW_LINES, roundDecided } from '../views/roundPreview.js';
import type { ProgramSettings } from '../domain/programs.js';
import { SCHEDULE_ACTOR } from '../domain/roundSchedule.js';
import { noChannel, programNotMatching } from '../views/roundPreview.js';
import { checkChannel } from './channels.js';
import { poolFor } from './pools.js';
import { proposeProgramRound } from './roundProposal.js';
import { defaultProgram, programById } from './programs.js';
import { queueIntro, scoringContext } from './selfServe.js';

/**
 * Coordinator rounds: a preview in the coordinators' channel, then, on
 * Publish, every intro and every "why you're waiting" note. A round is
 * published at most once, and wholly or not at all: the status change, the
 * matches and the queued messages are one transaction. Automatic rounds,
 * previewed and published on a schedule, are the job's (jobs/autoRounds.ts).
 */

/** `/mentor round` run again this soon shows the preview already posted instead of a second one. */
const PREVIEW_REPEAT_WINDOW_MS = 5 * 60_000;
/** "This round didn't find you a partner" is old news after a fortnight. */
const WAITING_NOTE_LIFETIME_DAYS = 14;

export type RoundOutcome = { ok: true; roundId: number; proposal: RoundProposal; repeated?: false } | { ok: true; repeated: true; message: string } | { ok: false; message: string };

export async function previewRound(deps: Deps, client: WebClient, coordinatorId: string, program?: ProgramSettings): Promise<RoundOutcome> {
  program ??= await defaultProgram(deps);
  const channel = program.channel;
  if (!channel) return { ok: false, message: noChannel(program) };
  if (program.status !== 'active') return { ok: false, message: programNotMatching(program) };
  const now = deps.clock();
  const key = { actorId: coordinatorId, intent: 'round-preview', target: program.isDefault ? channel : `${channel}:${program.id}` };
  let claim = await claimAction(deps.db, key, now, PREVIEW_REPEAT_WINDOW_MS);
  // A second `/mentor round` soon after points at the preview while it is being made or is still one; once it was
  // published or cancelled, a new round is previewed.
  const decided = !claim.first && claim.outcome !== null && (await previewsOf(deps.db, program.id)).length === 0;
  if (!claim.first && !decided) return { ok: true, repeated: true, message: `You asked for a round a moment ago; ${claim.outcome ?? `its preview is in ${channelLink(channel)}`}. Publish or cancel it there.` };
  if (!claim.first) claim = await claimAction(deps.db, key, now, 0);
  if (!claim.first) return { ok: true, repeated: true, message: `You asked for a round a moment ago; its preview is in ${channelLink(channel)}.` };
  const problem = await checkChannel(client, channel);
  if (problem) {
    await releaseAction(deps.db, claim.id);
    return { ok: false, message: `I can't post the round preview in ${channelLink(channel)}: ${problem}` };
  }
  const proposal = await proposeProgramRound(deps, program);
  const round = await createRound(deps.db, { programId: program.id, createdBy: coordinatorId, proposal, channelId: channel, createdAt: now });
  await recordOutcome(deps.db, claim.id, `round ${round.id}'s preview is in ${channelLink(channel)}`);
  // The coordinator is waiting for it, and its ts is what Publish and Cancel edit: posted directly.
  const posted = await client.chat.postMessage({ channel, ...buildRoundPreview(round.id, coordinatorId, proposal) });
  await setPreviewMessage(deps.db, round.id, posted.ts ?? null);
  await attachFullList(deps, client, round.id, channel, proposal, now);
  return { ok: true, roundId: round.id, proposal };
}

/** A round's preview as it stands, an automatic one with its program and when it publishes itself. */
export async function previewOf(deps: Deps, round: StoredRound): Promise<Message> {
  const program = await programById(deps, round.programId);
  const automatic = round.createdBy === SCHEDULE_ACTOR && program && round.publishAt ? { programName: program.name, publishAt: round.publishAt } : undefined;
  return buildRoundPreview(round.id, round.createdBy, round.proposal, automatic);
}

/**
 * A preview after coordinators changed it: edited in place, and the whole
 * list attached again when it is too long to show. The change is already
 * stored; a preview Slack would not take is logged, and Publish still sends
 * the round as stored.
 */
export async function redrawPreview(deps: Deps, client: WebClient, round: StoredRound, now: Date): Promise<void> {
  if (!round.channelId || !round.messageTs) return;
  try {
    await client.chat.update({ channel: round.channelId, ts: round.messageTs, ...await previewOf(deps, round) });
  } catch (error) {
    deps.logger.warn(`round ${round.id}: its changed preview could not be redrawn:`, error);
  }
  await attachFullList(deps, client, round.id, round.channelId, round.proposal, now, round.proposal.adjustments?.log.length);
}

/** A preview too long for the channel gets the whole list as a CSV beside it (again after each change, `version`). */
export async function attachFullList(deps: Deps, client: WebClient, roundId: number, channel: string, proposal: RoundProposal, now: Date, version?: number): Promise<void> {
  if (proposal.pairs.length <= PREVIEW_LINES && proposal.unmatched.length <= PREVIEW_LINES) return;
  // Through the outbox, like every file: it names people, so it is erased with them.
  const named = [...proposal.pairs.flatMap((p) => [p.receiverId, p.giverId]), ...proposal.unmatched.map((u) => u.id)];
  await enqueueFile(deps.db, { key: `round:${roundId}:csv${version ? `:${version}` : ''}`, recipient: channel, file: { filename: `round-${roundId}${version ? `-v${version + 1}` : ''}.csv`, title: `Matching round ${roundId}${version ? ` after ${version} ${version === 1 ? 'change' : 'changes'}` : ''}`, content: roundCsv(proposal) }, notBefore: now, workingHoursOnly: false, about: named });
  await deliver(deps, client, now);
}

/** A spreadsheet opens a cell that starts with = + - @ as a formula: such text is kept as text. */
const cell = (text: string) => (/^[=+\-@\t\r]/.test(text) ? `'${text}` : text);

function roundCsv(p: RoundProposal): string {
  return stringify(
    [
      ...p.pairs.map((x) => ({ mentee: x.receiverId, mentor: x.giverId, kind: x.kind, score: x.score.toFixed(3), pinned: x.pinned ? 'yes' : '', why: cell(reasonsPlain(x.reasons, 'the mentee')), unmatched_reason: '' })),
      ...p.unmatched.map((u) => ({ mentee: u.id, mentor: '', kind: '', score: '', pinned: '', why: '', unmatched_reason: cell(unmatchedWords(u, { plainText: true }).them) })),
    ],
    { header: true, columns: ['mentee', 'mentor', 'kind', 'score', 'pinned', 'why', 'unmatched_reason'] },
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
export async function publishRound(deps: Deps, client: WebClient, roundId: number, actorId: string, now: Date = deps.clock()): Promise<PublishSummary | { refused: string } | undefined> {
  const published = await deps.db.transaction(async (tx) => {
    // Paused or closed since the preview: nobody is matched (a paused program can publish once resumed). Read
    // under the write lock, so a pause on another replica cannot slip in between.
    const previewed = await findRound(tx, roundId);
    const program = previewed && await programById(deps, previewed.programId);
    if (previewed?.status === 'preview' && program && program.status !== 'active') return { refused: programNotMatching(program) };
    const round = await decideRound(tx, roundId, 'published', actorId, now);
    if (!round) return undefined;
    const { proposal } = round;
    const pool = await poolFor(deps, await programById(deps, round.programId) ?? await defaultProgram(deps), tx);
    const context = scoringContext(deps);
    const byId = new Map(pool.participants.map((p) => [p.id, { ...p }]));
    const waiting = new Map<string, WaitingReason>(proposal.unmatched.map((u) => [u.id, u]));
    const placed = new Set<string>();
    let introduced = 0;
    for (const pair of proposal.pairs) {
      const receiver = byId.get(pair.receiverId);
      const giver = byId.get(pair.giverId);
      if (!receiver || !giver || exclusion(receiver, giver, pair.kind, pool, context) !== null) {
        if (receiver) waiting.set(pair.receiverId, { reason: 'gone' });
        // A peer on the giving side was to have a partner too: they are told, like the receiver.
        if (giver && pair.kind === 'peer') waiting.set(pair.giverId, { reason: 'gone' });
        continue;
      }
      const match = await createMatch(tx, { programId: round.programId, mentorId: pair.giverId, menteeId: pair.receiverId, kind: pair.kind, status: 'active', source: 'round', roundId, score: pair.score, reasons: pair.reasons, requestedAt: now, decidedAt: now });
      // They found a partner on their own since the preview: nothing to tell them.
      if (!match) {
        placed.add(pair.receiverId);
        continue;
      }
      giver.load += 1;
      if (pair.kind === 'peer') receiver.load += 1;
      introduced += 1;
      await queueIntro(deps, tx, match, now);
    }
    for (const [userId, why] of waiting) {
      // Paired since the preview (by hand, or an accepted request) for everything they asked: nothing to wait for.
      const person = byId.get(userId);
      if (person && receivingKinds(person, pool.busyReceivers).length === 0) placed.add(userId);
      if (placed.has(userId)) continue;
      await enqueue(tx, { key: `round:${roundId}:waiting:${userId}`, recipient: userId, text: unmatchedMessage(why), notBefore: now, expiresAt: addDays(now, WAITING_NOTE_LIFETIME_DAYS) });
    }
    return { round, summary: { introduced, skipped: proposal.pairs.length - introduced, waiting: [...waiting.keys()].filter((id) => !placed.has(id)).length } };
  });
  if (!published) return undefined;
  if (published.refused !== undefined) return { refused: published.refused };
  const { round, summary } = published;
  if (round.channelId && round.messageTs) {
    const by = actorId === SCHEDULE_ACTOR ? 'Published automatically after the review window' : `Published by <@${actorId}>`;
    const text = `${by}: ${summary.introduced} ${summary.introduced === 1 ? 'intro' : 'intros'} sent${summary.skipped ? `, ${summary.skipped} pairs skipped because they no longer fit` : ''}, ${summary.waiting} ${summary.waiting === 1 ? 'person' : 'people'} told why they are waiting.`;
    await client.chat.update({ channel: round.channelId, ts: round.messageTs, ...roundDecided(roundId, text) });
  }
  await deliver(deps, client, now);
  return summary;
}

export async function cancelRound(deps: Deps, client: WebClient, roundId: number, actorId: string, now: Date = deps.clock()): Promise<boolean> {
  const round = await decideRound(deps.db, roundId, 'cancelled', actorId, now);
  if (!round) return false;
  if (round.channelId && round.messageTs) {
    await client.chat.update({ channel: round.channelId, ts: round.messageTs, ...roundDecided(roundId, `Cancelled by <@${actorId}>. Nothing was sent.`) });
  }
  return true;
}
