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

/** A bot that was down at the quarter's start still posts its audit this long after; later, the quarter is skipped. */
const CATCH_UP_MS = 14 * 86_400_000;

/** Where a program's audit goes: its channel, or each of its coordinators when it has none. */
const recipientsOf = (deps: Deps, program: ProgramSettings): string[] => (program.channel ? [program.channel] : coordinatorsFor(deps, program.id));

export type QuarterlyOutcome = 'not-due' | 'done' | 'posted' | 'nothing-to-audit' | 'nobody-to-tell';

/**
 * The quarter's audit for one program, once: due from 00:00 on the
 * quarter's first day in the program's zone, for two weeks. The summary and
 * its CSV are queued in one transaction under keys made of the program and
 * the quarter, so two replicas, a double tick or a restart queue them once.
 */
export function queueQuarterlyAudit(deps: Deps, program: ProgramSettings, now: Date): QuarterlyOutcome {
  if (program.status === 'closed') return 'not-due';
  const quarter = currentQuarterStart(now, program.zone);
  if (now.getTime() - quarter.at.getTime() >= CATCH_UP_MS) return 'not-due';
  // Named by the quarter, not its instant: a change of the program's zone must not post the same quarter again.
  const key = `bias-audit:${program.id}:${quarter.ended}`;
  const recipients = recipientsOf(deps, program);
  if (recipients.length === 0) return 'nobody-to-tell';
  if (recipients.every((r) => deliveryOf(deps.db, `${key}:${r}`))) return 'done';
  const { audit, looked } = programAudit(deps, program, quarter.at);
  // A program nobody had joined by the end of the quarter audited has nothing to report for it, not an empty report.
  if (looked === 0 && !anyoneEnrolledBefore(deps.db, program.id, quarter.at)) return 'not-due';
  const summary = looked === 0 ? nothingToAudit(program.name, quarter.ended) : buildAuditMessage({ programName: program.name, quarter: quarter.ended, upTo: quarter.at, fairnessTarget: program.fairnessTarget, dimensionNames: DIMENSION_NAMES, audit });
  const csv = auditCsv(audit, DIMENSION_NAMES);
  const queued = deps.db.transaction((tx) => {
    let any = false;
    for (const recipient of recipients) {
      // Coordinators are staff: they hear it when it is ready, not inside working hours.
      any = enqueue(tx, { key: `${key}:${recipient}`, recipient, ...summary, notBefore: now, workingHoursOnly: false }) || any;
      if (looked > 0) enqueueFile(tx, { key: `${key}:${recipient}:csv`, recipient, file: { filename: auditFileName(program, quarter.ended), title: `Bias audit ${quarter.ended}: ${program.name}`, content: csv }, notBefore: now, workingHoursOnly: false });
    }
    return any;
  });
  if (!queued) return 'done';
  return looked === 0 ? 'nothing-to-audit' : 'posted';
}
