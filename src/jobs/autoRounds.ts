import type { WebClient } from '@slack/web-api';
import type { Deps } from '../deps.js';
import { deliver } from '../outbox/outbox.js';
import { everyProgram } from '../services/programs.js';
import { previewScheduledRound, type ScheduledPreviewOutcome, settleScheduledRounds } from '../services/rounds.js';

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
  for (const program of everyProgram(deps, { open: true })) {
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
