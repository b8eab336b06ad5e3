import { stringify } from 'csv-stringify/sync';
import { formatInTimeZone } from 'date-fns-tz';
import type { Deps } from '../deps.js';
import { computeDigest, type Digest } from '../domain/digest.js';
import { previousWeek } from '../domain/digestWeek.js';
import { loadDigestInput } from '../repos/digestData.js';
import { buildDigest } from '../views/digestMessage.js';

/** The digest for the week that ended most recently, as coordinators see it. */
export function weeklyDigest(deps: Deps, now: Date): { digest: Digest; message: ReturnType<typeof buildDigest>; weekStart: Date } {
  const zone = deps.config.digestTimeZone;
  const week = previousWeek(now, zone);
  const digest = computeDigest(loadDigestInput(deps.db, now, week, zone, deps.config.ratingMinRaters));
  const weekLabel = `${formatInTimeZone(week.start, zone, 'd MMM')} – ${formatInTimeZone(new Date(week.end.getTime() - 1), zone, 'd MMM yyyy')}`;
  return { digest, message: buildDigest(digest, { timeZone: zone, weekLabel }), weekStart: week.start };
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
  return stringify(rows, { header: true, columns: ['section', 'item', 'value', 'previous_or_n'] });
}
