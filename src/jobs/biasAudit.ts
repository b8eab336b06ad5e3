import type { WebClient } from '@slack/web-api';
import type { Deps } from '../deps.js';
import type { ProgramSettings } from '../domain/programs.js';
import { currentQuarterStart } from '../domain/quarters.js';
import { deliver, deliveryOf, enqueue, enqueueFile } from '../outbox/outbox.js';
import { anyoneEnrolledBefore } from '../repos/enrollments.js';
import { auditFileName, DIMENSION_NAMES, programAudit } from '../services/biasAudit.js';
import { coordinatorsFor, everyProgram } from '../services/programs.js';
import { auditCsv } from '../views/biasAuditCsv.js';
import { buildAuditMessage, nothingToAudit } from '../views/biasAuditMessages.js';

/**
 * The quarterly bias audit: at the start of each calendar quarter in each
 * program's zone, its coordinators get the audit of everything so far, with
 * the CSV. What is due is worked out from the clock and the outbox, so a
 * double tick, a restart or a second replica posts nothing twice. What the
 * audit counts, and `/mentor audit`, are services/biasAudit.ts.
 */
export async function runBiasAudits(deps: Deps, client: WebClient, now: Date): Promise<Record<QuarterlyOutcome, number>> {
  const counts: Record<QuarterlyOutcome, number> = { 'not-due': 0, done: 0, posted: 0, 'nothing-to-audit': 0, 'nobody-to-tell': 0 };
  for (const program of await everyProgram(deps, { open: true })) {
    try {
      counts[await queueQuarterlyAudit(deps, program, now)] += 1;
    } catch (error) {
      // One program's failure must not hold up the others' audits.
      deps.logger.error(`bias-audit: program ${program.id} failed:`, error);
    }
  }
  await deliver(deps, client, now);
  return counts;
}

/** A bot that was down at the quarter's start still posts its audit this long after; later, the quarter is skipped. */
const CATCH_UP_MS = 14 * 86_400_000;

/** Where a program's audit goes: its channel, or each of its coordinators when it has none. */
const recipientsOf = async (deps: Deps, program: ProgramSettings): Promise<string[]> => (program.channel ? [program.channel] : await coordinatorsFor(deps, program.id));

/** Whether a message is already queued (or sent) under each of these keys: asked one by one, up to the first missing. */
async function allQueued(deps: Deps, keys: readonly string[]): Promise<boolean> {
  for (const key of keys) if (!await deliveryOf(deps.db, key)) return false;
  return true;
}

export type QuarterlyOutcome = 'not-due' | 'done' | 'posted' | 'nothing-to-audit' | 'nobody-to-tell';

/**
 * The quarter's audit for one program, once: due from 00:00 on the
 * quarter's first day in the program's zone, for two weeks. The summary and
 * its CSV are queued in one transaction under keys made of the program and
 * the quarter, so two replicas, a double tick or a restart queue them once.
 */
export async function queueQuarterlyAudit(deps: Deps, program: ProgramSettings, now: Date): Promise<QuarterlyOutcome> {
  if (program.status === 'closed') return 'not-due';
  const quarter = currentQuarterStart(now, program.zone);
  if (now.getTime() - quarter.at.getTime() >= CATCH_UP_MS) return 'not-due';
  // Named by the quarter, not its instant: a change of the program's zone must not post the same quarter again.
  const key = `bias-audit:${program.id}:${quarter.ended}`;
  const recipients = await recipientsOf(deps, program);
  if (recipients.length === 0) return 'nobody-to-tell';
  if (await allQueued(deps, recipients.map((r) => `${key}:${r}`))) return 'done';
  const { audit, looked } = await programAudit(deps, program, quarter.at);
  // A program nobody had joined by the end of the quarter audited has nothing to report for it, not an empty report.
  if (looked === 0 && !await anyoneEnrolledBefore(deps.db, program.id, quarter.at)) return 'not-due';
  const summary = looked === 0 ? nothingToAudit(program.name, quarter.ended) : buildAuditMessage({ programName: program.name, quarter: quarter.ended, upTo: quarter.at, fairnessTarget: program.fairnessTarget, dimensionNames: DIMENSION_NAMES, audit });
  const csv = auditCsv(audit, DIMENSION_NAMES);
  const queued = await deps.db.transaction(async (tx) => {
    let any = false;
    for (const recipient of recipients) {
      // Coordinators are staff: they hear it when it is ready, not inside working hours.
      any = await enqueue(tx, { key: `${key}:${recipient}`, recipient, ...summary, notBefore: now, workingHoursOnly: false }) || any;
      if (looked > 0) await enqueueFile(tx, { key: `${key}:${recipient}:csv`, recipient, file: { filename: auditFileName(program, quarter.ended), title: `Bias audit ${quarter.ended}: ${program.name}`, content: csv }, notBefore: now, workingHoursOnly: false });
    }
    return any;
  });
  if (!queued) return 'done';
  return looked === 0 ? 'nothing-to-audit' : 'posted';
}
