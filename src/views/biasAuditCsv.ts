import { stringify } from 'csv-stringify/sync';
import type { AuditRow, BiasAudit } from '../domain/biasAudit.js';
import { cellText } from './biasAuditMessages.js';

/**
 * The whole audit as a CSV: one row per group, the overall row first.
 * Hidden figures say "fewer than N"; a figure with nothing to count is
 * empty. Group names are people's words: a cell a spreadsheet would run as
 * a formula (= + - @) is kept as text.
 */

const cell = (text: string) => (/^[=+\-@\t\r]/.test(text) ? `'${text}` : text);
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

export function auditCsv(audit: BiasAudit, dimensionNames: Readonly<Record<string, string>>): string {
  const n = audit.minGroupSize;
  const raters = Math.max(audit.minGroupSize, audit.minRaters);
  const text = (c: AuditRow['people'], min: number, format: (v: number) => string) => (c.shown || c.why !== 'none' ? cellText(c, min, format) : '');
  const row = (dimension: string, r: AuditRow) => ({
    dimension,
    group: cell(r.group),
    people: text(r.people, n, String),
    match_rate: text(r.cells.match, n, pct),
    acceptance_rate: text(r.cells.acceptance, n, pct),
    decline_rate: text(r.cells.decline, n, pct),
    stall_rate: text(r.cells.stall, n, pct),
    average_rating: text(r.cells.rating, raters, (v) => v.toFixed(2)),
  });
  const rows = [
    row('overall', audit.overall),
    ...audit.sections.flatMap((s) => [
      ...s.rows.map((r) => row(dimensionNames[s.dimension] ?? s.dimension, r)),
      ...(s.unnamed > 0 ? [{ dimension: dimensionNames[s.dimension] ?? s.dimension, group: `${s.unnamed} other answers, each from fewer than ${n} people (not named)`, people: '', match_rate: '', acceptance_rate: '', decline_rate: '', stall_rate: '', average_rating: '' }] : []),
    ]),
  ];
  return stringify(rows, { header: true, columns: ['dimension', 'group', 'people', 'match_rate', 'acceptance_rate', 'decline_rate', 'stall_rate', 'average_rating'] });
}
