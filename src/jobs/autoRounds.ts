import type { WebClient } from '@slack/web-api';
import type { Deps } from '../deps.js';
import type { ProgramSettings } from '../domain/programs.js';
import { dueRound, makesAutomaticRounds, nextOccurrence, SCHEDULE_ACTOR } from '../domain/roundSchedule.js';
import { deliver, deliveryOf, enqueue, METADATA_EVENT } from '../outbox/outbox.js';
import { findDelivered, outboxClient } from '../outbox/sending.js';
import { claimAction } from '../repos/actionClaims.js';
import { createScheduledRound, roundInTheWay, scheduledPreviews, setPreviewMessage, type StoredRound } from '../repos/rounds.js';
import { checkChannel } from '../services/channels.js';
import { everyProgram, programById } from '../services/programs.js';
import { proposeProgramRound } from '../services/roundProposal.js';
import { attachFullList, cancelRound, previewOf, publishRound } from '../services/rounds.js';
import { nobodyWaitingNote, noPairsNote } from '../views/roundPreview.js';

export interface AutoRoundsResult {
  previewed: number;
  /** Occurrences that found nobody waiting for a partner: a one-line note instead of a preview. */
  nobodyWaiting: number;
  /** Occurrences skipped for now: no usable channel, or another preview still open (each logged once). */
  skipped: number;
  published: number;
  withdrawn: number;
}

/**
 * Automatic rounds: first every automatic preview whose review window has
 * passed publishes itself (so a round due at the same moment as the next
 * occurrence makes way for it), then each running program with automatic
 * matching gets this occurrence's preview, once. Safe to run as often as
 * cron likes, on several replicas at once: what is due is read from the
 * database, creating a round is checked and done in one immediate
 * transaction, and publishing moves a round out of preview only once.
 */
export async function runAutoRounds(deps: Deps, client: WebClient, now: Date): Promise<AutoRoundsResult> {
  const { published, withdrawn } = await settleScheduledRounds(deps, client, now);
  const outcomes: ScheduledPreviewOutcome[] = [];
  for (const program of await everyProgram(deps, { open: true })) {
    try {
      outcomes.push(await previewScheduledRound(deps, client, program, now));
    } catch (error) {
      // One program's failure (Slack down, a bad pool) must not stop the others' rounds.
      deps.logger.error(`auto-rounds: program ${program.id} failed:`, error);
    }
  }
  await deliver(deps, client, now);
  const count = (...kinds: ScheduledPreviewOutcome[]) => outcomes.filter((o) => kinds.includes(o)).length;
  return { previewed: count('previewed'), nobodyWaiting: count('nobody-waiting'), skipped: count('blocked', 'no-channel'), published, withdrawn };
}

/*
 * Automatic rounds: a program whose matching is automatic previews a round
 * in its channel at its weekly local time, and the round publishes itself
 * through publishRound once the review window has passed, unless a
 * coordinator cancelled it (or published it sooner). At most one round per
 * program and occurrence: createScheduledRound checks and inserts in one
 * immediate transaction, and publishing is guarded by the round's status.
 */

/** "Nobody is waiting" is said once per program and occurrence; its outbox key is also what marks the occurrence done. */
const nobodyKey = (programId: number, occurrence: Date) => `auto-round:${programId}:${occurrence.toISOString()}:nobody`;
/** Warnings about an occurrence are logged once, however often the job ticks before it is given up. */
const WARNING_WINDOW_MS = 7 * 86_400_000;

async function warnOnce(deps: Deps, program: ProgramSettings, occurrence: Date, what: string, text: string, now: Date): Promise<void> {
  const claim = await claimAction(deps.db, { actorId: SCHEDULE_ACTOR, intent: `auto-round:${what}`, target: `${program.id}:${occurrence.toISOString()}` }, now, WARNING_WINDOW_MS);
  if (claim.first) deps.logger.warn(`automatic round for program ${program.id} (${program.name}), ${occurrence.toISOString()}: ${text}`);
}

export type ScheduledPreviewOutcome =
  /** Not an automatic program now (paused, closed, ended, or not automatic), or its time has not come. */
  | 'not-due'
  /** This occurrence already has its round (or its "nobody is waiting" note). */
  | 'done'
  | 'previewed'
  | 'nobody-waiting'
  /** Another round of the program is still in preview; skipped, with a warning. */
  | 'blocked'
  /** No channel, or one the bot cannot post in; skipped, with a warning. */
  | 'no-channel';

/**
 * Previews this occurrence's automatic round for a program, once. A program
 * without a usable channel is skipped (and logged once per occurrence). When
 * nobody is waiting for a partner there is nothing to review: the channel
 * gets one line saying so instead of a preview.
 */
export async function previewScheduledRound(deps: Deps, client: WebClient, program: ProgramSettings, now: Date): Promise<ScheduledPreviewOutcome> {
  if (!makesAutomaticRounds(program, program.zone, now)) return 'not-due';
  const due = dueRound(program.autoRound, program.zone, now);
  if (!due) return 'not-due';
  const { occurrence, publishAt } = due;
  const inTheWay = await roundInTheWay(deps.db, program.id, occurrence);
  if (inTheWay?.done) return 'done';
  if (inTheWay) {
    await warnOnce(deps, program, occurrence, 'blocked', `round ${inTheWay.round.id} is still in preview; this occurrence is skipped until it is published or cancelled`, now);
    return 'blocked';
  }
  if (await deliveryOf(deps.db, nobodyKey(program.id, occurrence))) return 'done';
  const channel = program.channel;
  if (!channel) {
    await warnOnce(deps, program, occurrence, 'no-channel', 'the program has no channel for the preview; skipped', now);
    return 'no-channel';
  }
  const problem = await checkChannel(client, channel, 'form');
  if (problem) {
    await warnOnce(deps, program, occurrence, 'channel-problem', `cannot post the preview in ${channel}: ${problem}`, now);
    return 'no-channel';
  }
  const proposal = await proposeProgramRound(deps, program);
  if (proposal.pairs.length === 0) {
    // Nothing to publish: one line for the coordinators, and no weekly repeat of "why you wait" to the same people.
    const next = nextOccurrence(program.autoRound, program.zone, now);
    const note = proposal.unmatched.length === 0 ? nobodyWaitingNote(program.name, next) : noPairsNote(program.name, proposal.unmatched, next);
    await enqueue(deps.db, { key: nobodyKey(program.id, occurrence), recipient: channel, ...note, notBefore: now, workingHoursOnly: false, about: proposal.unmatched.map((u) => u.id) });
    return 'nobody-waiting';
  }
  const round = await createScheduledRound(deps.db, { programId: program.id, occurrence, proposal, channelId: channel, createdAt: now, publishAt });
  if (!round) return 'done';
  await postScheduledPreview(deps, client, round, now);
  return 'previewed';
}

/**
 * Posts an automatic round's preview (directly, like a coordinator's: Publish
 * and Cancel edit it by its ts). Nobody is waiting on this post, so it goes
 * through the outbox's client, which never retries behind our back; instead
 * a later tick posts again, first looking for an earlier attempt whose
 * answer was lost (by the key in its metadata), so the preview appears once.
 * False when Slack refused or did not answer.
 */
async function postScheduledPreview(deps: Deps, client: WebClient, round: StoredRound, now: Date, retry = false): Promise<boolean> {
  const channel = round.channelId as string;
  const key = `round:${round.id}:preview`;
  const preview = await previewOf(deps, round);
  const slack = outboxClient(client);
  try {
    const earlier = retry ? await findDelivered(slack, channel, { idempotencyKey: key, fileId: null }) : undefined;
    const ts = earlier ? earlier.ts : (await slack.chat.postMessage({ channel, ...preview, metadata: { event_type: METADATA_EVENT, event_payload: { key } } })).ts;
    await setPreviewMessage(deps.db, round.id, ts ?? null);
    if (!ts) return false;
  } catch (error) {
    deps.logger.warn(`automatic round ${round.id}: could not post its preview in ${channel}; trying again on the next run:`, error);
    return false;
  }
  await attachFullList(deps, client, round.id, channel, round.proposal, now);
  return true;
}

export interface ScheduledSettlement {
  published: number;
  /** Previews that never reached the channel by their publish time: withdrawn, since nobody could review them. */
  withdrawn: number;
  reposted: number;
}

/**
 * Automatic previews whose review window has passed publish themselves,
 * through publishRound's all-or-nothing path; a preview whose post failed is
 * posted again while its window is open. A paused program's previews wait
 * (and a closed program's never publish); Cancel or Publish now take them
 * out of preview, and then nothing here touches them again.
 */
export async function settleScheduledRounds(deps: Deps, client: WebClient, now: Date): Promise<ScheduledSettlement> {
  const settled: ScheduledSettlement = { published: 0, withdrawn: 0, reposted: 0 };
  for (const round of await scheduledPreviews(deps.db)) {
    const program = await programById(deps, round.programId);
    if (!program || program.status !== 'active') continue;
    const due = round.publishAt !== null && round.publishAt.getTime() <= now.getTime();
    try {
      if (round.messageTs === null) {
        if (!due) {
          if (await postScheduledPreview(deps, client, round, now, true)) settled.reposted += 1;
        } else if (await cancelRound(deps, client, round.id, SCHEDULE_ACTOR, now)) {
          settled.withdrawn += 1;
          deps.logger.error(`automatic round ${round.id} of program ${program.id}: its preview never reached ${round.channelId}, so it was withdrawn unpublished`);
        }
      } else if (due) {
        const outcome = await publishRound(deps, client, round.id, SCHEDULE_ACTOR, now);
        if (outcome && !('refused' in outcome)) settled.published += 1;
      }
    } catch (error) {
      // Publishing commits before Slack is told; a failed edit of the preview must not hold up the other rounds.
      deps.logger.error(`automatic round ${round.id}: settling it failed:`, error);
    }
  }
  return settled;
}
