import { stringify } from 'csv-stringify/sync';
import { formatInTimeZone } from 'date-fns-tz';
import type { Deps } from '../deps.js';
import { computeDigest, type Digest } from '../domain/digest.js';
import { previousWeek } from '../domain/digestWeek.js';
import type { ProgramSettings } from '../domain/programs.js';
import { loadDigestInputs } from '../repos/digestData.js';
import { buildDigest } from '../views/digestMessage.js';
import { defaultProgram, isSingleProgram } from './programs.js';

export interface ProgramDigest {
  program: ProgramSettings;
  digest: Digest;
  message: ReturnType<typeof buildDigest>;
  weekStart: Date;
  weekLabel: string;
}

/** Each program's digest for the week that ended most recently in its zone, read from the database once for all. */
export async function programDigests(deps: Deps, now: Date, programs: readonly ProgramSettings[]): Promise<ProgramDigest[]> {
  const scopes = programs.map((p) => ({ programId: p.id, week: previousWeek(now, p.zone), timeZone: p.zone, rhythm: p.rhythm }));
  const inputs = await loadDigestInputs(deps.db, now, scopes, deps.config.ratingMinRaters, { clusters: new Map(deps.taxonomy.clusters.map((c) => [c.id, c.name])) });
  const named = !await isSingleProgram(deps);
  return programs.map((program, i) => {
    const { week } = scopes[i] as (typeof scopes)[number];
    const digest = computeDigest(inputs.get(program.id) as NonNullable<ReturnType<typeof inputs.get>>);
    const weekLabel = `${formatInTimeZone(week.start, program.zone, 'd MMM')} – ${formatInTimeZone(new Date(week.end.getTime() - 1), program.zone, 'd MMM yyyy')}`;
    const message = buildDigest(digest, { timeZone: program.zone, weekLabel, ...(named ? { programName: program.name } : {}) });
    return { program, digest, message, weekStart: week.start, weekLabel };
  });
}

/** A program's digest for the week that ended most recently, as its coordinators see it. */
export async function weeklyDigest(deps: Deps, now: Date, program?: ProgramSettings): Promise<ProgramDigest> {
  return (await programDigests(deps, now, [program ?? (await defaultProgram(deps))]))[0] as ProgramDigest;
}

/** The program's numbers as a CSV, for coordinators' own spreadsheets. */
export function digestCsv(digest: Digest): string {
  const rows: { section: string; item: string; value: string | number; previous_or_n: string | number }[] = [];
  const add = (section: string, item: string, value: string | number | null, previousOrN: string | number | null = '') =>
    rows.push({ section, item, value: value ?? '', previous_or_n: previousOrN ?? '' });
  for (const [name, h] of Object.entries(digest.headline)) add('headline', name, (h as { value: number | null }).value, (h as { previous: number | null }).previous);
  for (const { role, count } of digest.byRole) add('participants by role', role, count);
  for (const [name, n] of Object.entries(digest.matches)) add('matches this week', name, n);
  add('sessions this week', 'held', digest.sessions.held);
  add('sessions this week', 'cancelled', digest.sessions.cancelled);
  for (const name of ['usefulness', 'clarity', 'applicability', 'overall'] as const) add('average rating (n = raters)', name, digest.ratings[name].value, digest.ratings[name].n);
  add('ratings', 'comments this week', digest.ratings.commentCount);
  for (const g of digest.skillGaps) add('skill gaps', g.name, g.wanted, g.offered);
  for (const p of digest.series) add('sessions held by week (average rating)', p.start.toISOString().slice(0, 10), p.sessionsHeld, p.averageRating);
  const c = digest.circles;
  if (c) {
    add('circles', 'active', c.active);
    add('circles', 'seats filled (of)', c.seats.filled, c.seats.of);
    add('circles', 'attendance last week (answers)', c.attendance.rate === null ? null : Math.round(c.attendance.rate * 100) / 100, c.attendance.answered);
    add('circles', 'average rating (n = raters)', c.rating.value, c.rating.n);
    add('circles', 'needing attention', c.needingAttention.length);
  }
  return stringify(rows, { header: true, columns: ['section', 'item', 'value', 'previous_or_n'] });
}
