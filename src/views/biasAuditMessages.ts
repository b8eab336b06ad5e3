import type { KnownBlock } from '@slack/types';
import { type AuditCell, type AuditRow, type AuditSection, type BiasAudit } from '../domain/biasAudit.js';
import { clip, context, escape, header, type Message, message, section } from './blocks.js';
import { slackDate } from './format.js';

/*
 * The quarterly bias audit as coordinators read it: the overall figures,
 * then each kind of group with the lowest match rates first, every figure
 * that rests on too few people said as "fewer than N" rather than shown.
 * Group names are departments, offices and people's own words: escaped,
 * and clipped to a line.
 */

/** Groups listed per kind in the message; the CSV has them all. */
export const AUDIT_LINES_PER_SECTION = 8;
const GROUP_NAME_SHOWN = 60;
const PROGRAM_NAME_SHOWN = 80;

export interface AuditMessageData {
  programName: string;
  /** "Q4 2026", or undefined for an audit asked for on demand. */
  quarter: string | undefined;
  /** Everything up to this moment is counted. */
  upTo: Date;
  fairnessTarget: number | null;
  /** How each dimension is named in the message (its key is the audit's dimension). */
  dimensionNames: Readonly<Record<string, string>>;
  audit: BiasAudit;
}

const pct = (x: number) => `${Math.round(x * 100)}%`;

export function cellText(cell: AuditCell, minimum: number, format: (value: number) => string): string {
  if (cell.shown) return format(cell.value);
  return cell.why === 'none' ? '—' : cell.why === 'withheld' ? 'withheld' : `fewer than ${minimum}`;
}

function line(row: AuditRow, audit: BiasAudit): string {
  const n = audit.minGroupSize;
  const c = row.cells;
  const raters = Math.max(audit.minGroupSize, audit.minRaters);
  return [
    row.people.shown ? `${row.people.value} ${row.people.value === 1 ? 'person' : 'people'}` : row.people.why === 'withheld' ? 'number withheld' : `fewer than ${n} people`,
    `matched ${cellText(c.match, n, pct)}`,
    `accepted ${cellText(c.acceptance, n, pct)}`,
    `declined ${cellText(c.decline, n, pct)}`,
    `stalled ${cellText(c.stall, n, pct)}`,
    `rated ${cellText(c.rating, raters, (v) => v.toFixed(1))}`,
  ].join(' · ');
}

/** Lowest match rate first: where to look. Hidden rates go last, then by name. */
const byMatchRate = (a: AuditRow, b: AuditRow) => (a.cells.match.shown ? a.cells.match.value : 2) - (b.cells.match.shown ? b.cells.match.value : 2) || a.group.localeCompare(b.group, 'en');

function sectionBlock(s: AuditSection, audit: BiasAudit, name: string): KnownBlock {
  const rows = [...s.rows].sort(byMatchRate);
  const lines = rows.slice(0, AUDIT_LINES_PER_SECTION).map((r) => `• ${escape(clip(r.group, GROUP_NAME_SHOWN))}: ${line(r, audit)}`);
  if (rows.length > AUDIT_LINES_PER_SECTION) lines.push(`…and ${rows.length - AUDIT_LINES_PER_SECTION} more in the CSV`);
  if (s.unnamed > 0) lines.push(`_${s.unnamed} other ${s.unnamed === 1 ? 'answer' : 'answers'}, each given by fewer than ${audit.minGroupSize} people, not named_`);
  if (lines.length === 0) lines.push('_Nobody to count yet._');
  return section(`*By ${escape(name)}*\n${lines.join('\n')}`);
}

export function buildAuditMessage(d: AuditMessageData): Message {
  const a = d.audit;
  const program = `*${escape(clip(d.programName, PROGRAM_NAME_SHOWN))}*`;
  const title = d.quarter ? `Bias audit, ${d.quarter}` : 'Bias audit, at the start of this quarter';
  const target = d.fairnessTarget === null ? 'Rounds have no fairness target.' : `Rounds keep each department, level and location within ${d.fairnessTarget} points of the overall match rate where the pool allows.`;
  const intro = `${program}: everyone who looked for a partner in any round or by a request, everything up to ${slackDate(d.upTo, '{date_long}')}. ${target}`;
  // The notification text is mrkdwn too: an admin's program name reaches it only escaped.
  return message(`${title}: ${escape(d.programName)}`, [
    header(title),
    section(`${intro}\n*Overall*: ${line(a.overall, a)}`),
    ...a.sections.map((s) => sectionBlock(s, a, d.dimensionNames[s.dimension] ?? s.dimension)),
    context(
      `Matched: of the people who looked for a partner. Accepted and declined: of their requests (the rest lapsed). Stalled: of their mentorships, quiet as long as the quiet-pair flag waits. Rated: their own session ratings, 1–5. A figure resting on fewer than ${a.minGroupSize} different people is not shown (ratings: fewer than ${Math.max(a.minGroupSize, a.minRaters)} raters), "withheld" ones hide it from subtraction, and nobody's own answers are ever shown. The whole table is in the CSV.`,
    ),
  ]);
}

/** The audit of a program nobody has looked for a partner in yet: one line, so coordinators know it ran. */
export function nothingToAudit(programName: string, quarter: string | undefined): Message {
  const text = `${quarter ? `Bias audit, ${quarter}` : 'Bias audit'} for *${escape(clip(programName, PROGRAM_NAME_SHOWN))}*: nobody has looked for a partner in it yet, so there is nothing to count.`;
  return message(text, [section(text)]);
}
