import type { WebClient } from '@slack/web-api';
import type { Deps } from '../deps.js';
import { deliver } from '../outbox/outbox.js';
import { queueQuarterlyAudit, type QuarterlyOutcome } from '../services/biasAudit.js';
import { everyProgram } from '../services/programs.js';

/**
 * The quarterly bias audit: at the start of each calendar quarter in each
 * program's zone, its coordinators get the audit of everything so far, with
 * the CSV. What is due is worked out from the clock and the outbox, so a
 * double tick, a restart or a second replica posts nothing twice.
 */
export async function runBiasAudits(deps: Deps, client: WebClient, now: Date): Promise<Record<QuarterlyOutcome, number>> {
  const counts: Record<QuarterlyOutcome, number> = { 'not-due': 0, done: 0, posted: 0, 'nothing-to-audit': 0, 'nobody-to-tell': 0 };
  for (const program of everyProgram(deps, { open: true })) {
    try {
      counts[queueQuarterlyAudit(deps, program, now)] += 1;
    } catch (error) {
      // One program's failure must not hold up the others' audits.
      deps.logger.error(`bias-audit: program ${program.id} failed:`, error);
    }
  }
  await deliver(deps, client, now);
  return counts;
}
