import type { WebClient } from '@slack/web-api';
import type { Deps } from '../deps.js';
import { type AuditDimension, type AuditInput, type AuditMembership, type BiasAudit, computeBiasAudit, everStalled } from '../domain/biasAudit.js';
import type { ProgramSettings } from '../domain/programs.js';
import { currentQuarterStart } from '../domain/quarters.js';
import { answerKey, DEMOGRAPHIC_QUESTIONS } from '../domain/selfDescription.js';
import { deliver, enqueueFile } from '../outbox/outbox.js';
import { type AuditRows, loadAuditRows } from '../repos/biasAudit.js';
import { auditCsv } from '../views/biasAuditCsv.js';
import { buildAuditMessage, nothingToAudit } from '../views/biasAuditMessages.js';
import type { Message } from '../views/blocks.js';
import { DEMOGRAPHIC_DIMENSIONS } from '../views/selfDescriptionModal.js';

/**
 * The bias audit of a program: read its whole history, count it by group
 * (domain/biasAudit.ts), and send coordinators the summary with the full
 * table as a CSV, through the outbox. Quarterly from the job
 * (jobs/biasAudit.ts), once per program and quarter however many replicas
 * tick (the outbox key is the guard); on demand with `/mentor audit`.
 */

const DAY_MS = 86_400_000;
const NOT_GIVEN = 'not given';
const NO_ANSWER = 'no answer';

const ORG_DIMENSIONS: AuditDimension[] = [
  { name: 'department', selfDescribed: false },
  { name: 'level', selfDescribed: false },
  { name: 'location', selfDescribed: false },
];
export const DIMENSION_NAMES: Record<string, string> = { department: 'department', level: 'level', location: 'location', ...DEMOGRAPHIC_DIMENSIONS };

/**
 * "Woman", "woman" and " woman " are one group; it is named as most of
 * its people wrote it (on a tie, the first in alphabetical order).
 */
function answerLabels(answers: readonly string[]): Map<string, string> {
  const spellings = new Map<string, Map<string, number>>();
  for (const a of answers) {
    const key = answerKey(a);
    const spelled = a.trim().replace(/\s+/g, ' ');
    const counts = spellings.get(key) ?? new Map<string, number>();
    counts.set(spelled, (counts.get(spelled) ?? 0) + 1);
    spellings.set(key, counts);
  }
  return new Map([...spellings].map(([key, counts]) => [key, [...counts].sort(([a, n], [b, m]) => m - n || a.localeCompare(b, 'en'))[0]?.[0] ?? key]));
}

/** The facts as the audit counts them: who is in which group, who looked, who was matched, what came of it. */
export function auditInput(rows: AuditRows, program: ProgramSettings, now: Date): AuditInput {
  const labels = new Map(program.demographics.map((q) => [q, answerLabels([...rows.selfDescribed.values()].map((a) => a[q]).filter((a): a is string => a !== undefined))]));
  const groupsOf = new Map<string, AuditMembership[]>();
  for (const [id, f] of rows.facts) {
    const answers = rows.selfDescribed.get(id) ?? {};
    groupsOf.set(id, [
      { dimension: 'department', value: f.department ?? NOT_GIVEN },
      { dimension: 'level', value: f.level === null ? NOT_GIVEN : `level ${f.level}` },
      { dimension: 'location', value: f.location ?? NOT_GIVEN },
      ...program.demographics.map((q) => ({ dimension: q, value: answers[q] ? (labels.get(q)?.get(answerKey(answers[q] as string)) as string) : NO_ANSWER })),
    ]);
  }
  // A mentorship is a match that was accepted or published: open now, or ended after it began.
  const mentorships = rows.matches.filter((m) => m.start !== null && (m.status === 'active' || m.status === 'paused' || m.status === 'ended'));
  const accepted = new Set(mentorships);
  const quietMs = program.rhythm.flagAfterDays * DAY_MS;
  const ratings = rows.ratings.flatMap((r) => {
    const scores = r.scores.filter((s): s is number => s !== null);
    return scores.length === 0 ? [] : [{ raterId: r.raterId, score: scores.reduce((a, b) => a + b, 0) / scores.length }];
  });
  return {
    groupsOf,
    sought: new Set([...rows.roundReceivers, ...rows.matches.map((m) => m.menteeId)]),
    matched: new Set(mentorships.map((m) => m.menteeId)),
    requests: rows.matches.flatMap((m): AuditInput['requests'] => {
      if (m.source !== 'self_serve') return [];
      if (m.status === 'declined') return [{ menteeId: m.menteeId, outcome: 'declined' }];
      if (m.status === 'expired') return [{ menteeId: m.menteeId, outcome: 'lapsed' }];
      return accepted.has(m) ? [{ menteeId: m.menteeId, outcome: 'accepted' }] : [];
    }),
    mentorships: mentorships.map((m) => ({ menteeId: m.menteeId, stalled: everStalled(m.start as Date, m.end ?? now, m.signs, quietMs, m.paused) })),
    ratings,
  };
}

/** The audit as things stood at `asOf`, a quarter's start (see loadAuditRows). */
export async function programAudit(deps: Deps, program: ProgramSettings, asOf: Date): Promise<{ audit: BiasAudit; looked: number }> {
  const input = auditInput(await loadAuditRows(deps.db, program.id, program.demographics.length > 0, asOf), program, asOf);
  const dimensions = [...ORG_DIMENSIONS, ...DEMOGRAPHIC_QUESTIONS.filter((q) => program.demographics.includes(q)).map((q) => ({ name: q, selfDescribed: q !== 'disability' }))];
  return { audit: computeBiasAudit(input, { minGroupSize: deps.config.fairnessMinGroupSize, minRaters: deps.config.ratingMinRaters, dimensions }), looked: input.sought.size };
}

/** The CSV's file name: the program and the quarter (or the day) it is of. */
export const auditFileName = (program: ProgramSettings, label: string) => `bias-audit-${program.id}-${label.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '')}.csv`;

/**
 * `/mentor audit`: the audit as it stood at the start of this quarter, for
 * the coordinator who asked, with the CSV in their DM. Never "as of now":
 * two looks a day apart would show what one person answered or rated in
 * between; the figures move once a quarter, over everyone's changes.
 */
export async function auditNow(deps: Deps, client: WebClient, coordinatorId: string, program: ProgramSettings): Promise<Message> {
  const now = deps.clock();
  const asOf = currentQuarterStart(now, program.zone).at;
  const { audit, looked } = await programAudit(deps, program, asOf);
  if (looked === 0) return nothingToAudit(program.name, undefined);
  const summary = buildAuditMessage({ programName: program.name, quarter: undefined, upTo: asOf, fairnessTarget: program.fairnessTarget, dimensionNames: DIMENSION_NAMES, audit });
  await enqueueFile(deps.db, {
    key: `bias-audit:${program.id}:asked:${coordinatorId}:${now.toISOString()}`,
    recipient: coordinatorId,
    file: { filename: auditFileName(program, now.toISOString().slice(0, 10)), title: `Bias audit: ${program.name}`, content: auditCsv(audit, DIMENSION_NAMES) },
    notBefore: now,
    workingHoursOnly: false,
    reply: true,
  });
  await deliver(deps, client, now);
  return summary;
}
