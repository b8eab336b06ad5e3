import { type Hidden, hiddenIndexes } from './auditSuppression.js';
import { pausedWithin, type Spell } from './pauseSpells.js';

/**
 * A program's bias audit: for each group of the people who looked for a
 * partner in it (department, level, location, and each self-described
 * answer where the program asks), across all its rounds and requests, how
 * often they were matched, how often their requests were accepted or
 * declined, how often their mentorships stalled, and how they rated their
 * sessions. Every figure rests on at least the minimum number of different
 * people or is not shown; a self-described group that small is not even
 * named, since its name is someone's own words. Pure: the caller reads
 * the facts and decides who is in which group.
 */

export const AUDIT_METRICS = ['match', 'acceptance', 'decline', 'stall', 'rating'] as const;
export type AuditMetric = (typeof AUDIT_METRICS)[number];

export interface AuditMembership {
  dimension: string;
  value: string;
}

export interface AuditDimension {
  name: string;
  /** Answers in people's own words: a group too small to show is not named either. */
  selfDescribed: boolean;
}

export interface AuditInput {
  /** Each person's group in each dimension they are counted in. */
  groupsOf: ReadonlyMap<string, readonly AuditMembership[]>;
  /** Everyone who looked for a partner: named in a published round, or who asked someone. */
  sought: ReadonlySet<string>;
  /** Of them, those who had a mentorship. */
  matched: ReadonlySet<string>;
  /** Requests that were answered or lapsed, by whoever asked. */
  requests: readonly { menteeId: string; outcome: 'accepted' | 'declined' | 'lapsed' }[];
  mentorships: readonly { menteeId: string; stalled: boolean }[];
  /** Session ratings by the person mentored: the mean of the rating's scores, 1–5. */
  ratings: readonly { raterId: string; score: number }[];
}

export interface AuditOptions {
  minGroupSize: number;
  /** Averages of ratings also need this many different raters (RATING_MIN_RATERS). */
  minRaters: number;
  dimensions: readonly AuditDimension[];
}

/** A figure, or why not: it rests on too few people, it is withheld so a hidden one cannot be worked out, or there is nothing to count. */
export type AuditCell = { shown: true; value: number } | { shown: false; why: 'too_few' | 'withheld' | 'none' };

export interface AuditRow {
  group: string;
  people: AuditCell;
  cells: Record<AuditMetric, AuditCell>;
}

export interface AuditSection {
  dimension: string;
  selfDescribed: boolean;
  rows: AuditRow[];
  /** Self-described groups too small to name. */
  unnamed: number;
}

export interface BiasAudit {
  minGroupSize: number;
  minRaters: number;
  overall: AuditRow;
  sections: AuditSection[];
}

/** One group's counts: who is in it, and what each figure rests on. */
interface Tally {
  people: Set<string>;
  matched: number;
  requesters: Set<string>;
  decided: number;
  accepted: number;
  declined: number;
  mentored: Set<string>;
  mentorships: number;
  stalled: number;
  raters: Set<string>;
  ratingSum: number;
  ratingCount: number;
}

const emptyTally = (): Tally => ({ people: new Set(), matched: 0, requesters: new Set(), decided: 0, accepted: 0, declined: 0, mentored: new Set(), mentorships: 0, stalled: 0, raters: new Set(), ratingSum: 0, ratingCount: 0 });

function tallyOf(input: AuditInput, inGroup: (id: string) => boolean): Tally {
  const t = emptyTally();
  for (const id of input.sought) {
    if (!inGroup(id)) continue;
    t.people.add(id);
    if (input.matched.has(id)) t.matched += 1;
  }
  for (const r of input.requests) {
    if (!inGroup(r.menteeId)) continue;
    t.requesters.add(r.menteeId);
    t.decided += 1;
    if (r.outcome === 'accepted') t.accepted += 1;
    if (r.outcome === 'declined') t.declined += 1;
  }
  for (const m of input.mentorships) {
    if (!inGroup(m.menteeId)) continue;
    t.mentored.add(m.menteeId);
    t.mentorships += 1;
    if (m.stalled) t.stalled += 1;
  }
  for (const r of input.ratings) {
    if (!inGroup(r.raterId)) continue;
    t.raters.add(r.raterId);
    t.ratingSum += r.score;
    t.ratingCount += 1;
  }
  return t;
}

/** Each figure and the number of different people it rests on. */
function figures(t: Tally): Record<'people' | AuditMetric, { value: number | null; base: number }> {
  const rate = (part: number, whole: number) => (whole === 0 ? null : part / whole);
  return {
    people: { value: t.people.size, base: t.people.size },
    match: { value: rate(t.matched, t.people.size), base: t.people.size },
    acceptance: { value: rate(t.accepted, t.decided), base: t.requesters.size },
    decline: { value: rate(t.declined, t.decided), base: t.requesters.size },
    stall: { value: rate(t.stalled, t.mentorships), base: t.mentored.size },
    rating: { value: t.ratingCount === 0 ? null : t.ratingSum / t.ratingCount, base: t.raters.size },
  };
}

const FIGURES = ['people', ...AUDIT_METRICS] as const;

export function computeBiasAudit(input: AuditInput, options: AuditOptions): BiasAudit {
  const threshold = (figure: (typeof FIGURES)[number]) => (figure === 'rating' ? Math.max(options.minGroupSize, options.minRaters) : options.minGroupSize);
  const cell = (f: { value: number | null; base: number }, hidden: 'too_few' | 'withheld' | undefined): AuditCell =>
    f.value === null ? { shown: false, why: 'none' } : hidden ? { shown: false, why: hidden } : { shown: true, value: f.value };
  const rowOf = (group: string, figs: ReturnType<typeof figures>, hidden: (figure: (typeof FIGURES)[number]) => 'too_few' | 'withheld' | undefined): AuditRow => ({
    group,
    people: cell(figs.people, hidden('people')),
    cells: Object.fromEntries(AUDIT_METRICS.map((m) => [m, cell(figs[m], hidden(m))])) as Record<AuditMetric, AuditCell>,
  });

  const overallFigures = figures(tallyOf(input, () => true));
  const overall = rowOf('everyone', overallFigures, (f) => (overallFigures[f].base < threshold(f) ? 'too_few' : undefined));

  const sections = options.dimensions.map((dimension): AuditSection => {
    const valueOf = (id: string) => input.groupsOf.get(id)?.find((g) => g.dimension === dimension.name)?.value;
    const values = [...new Set([...input.sought].map(valueOf).filter((v): v is string => v !== undefined))].sort((a, b) => a.localeCompare(b, 'en'));
    const figs = values.map((v) => figures(tallyOf(input, (id) => valueOf(id) === v)));
    const hidden = Object.fromEntries(FIGURES.map((f) => [f, hiddenIndexes(figs.map((x) => x[f].base), threshold(f))])) as Record<(typeof FIGURES)[number], Hidden>;
    const rows: AuditRow[] = [];
    let unnamed = 0;
    values.forEach((v, i) => {
      const fig = figs[i] as ReturnType<typeof figures>;
      // Someone's own words, given by fewer people than the minimum, could point at them: not even the name.
      if (dimension.selfDescribed && fig.people.base < options.minGroupSize) {
        unnamed += 1;
        return;
      }
      rows.push(rowOf(v, fig, (f) => (hidden[f].tooFew.has(i) ? 'too_few' : hidden[f].withheld.has(i) ? 'withheld' : undefined)));
    });
    return { dimension: dimension.name, selfDescribed: dimension.selfDescribed, rows, unnamed };
  });
  return { minGroupSize: options.minGroupSize, minRaters: options.minRaters, overall, sections };
}

/**
 * Whether a mentorship ever went `quietMs` without a sign of life (its
 * start, a session, a check-in answer, a resume) between its start and its
 * end, or now for one still open: the same bar as the quiet-pair flag.
 * Time spent paused is quiet by agreement and does not count; an open
 * spell runs to the end.
 */
export function everStalled(start: Date, end: Date, signs: readonly Date[], quietMs: number, paused: readonly Spell[] = []): boolean {
  const [s, e] = [start.getTime(), end.getTime()];
  // Where an instant falls on the clock of active time: minus every paused moment before it.
  const active = (t: number) => t - pausedWithin(paused, s, t);
  const times = [s, ...signs.map((d) => d.getTime()).filter((t) => t > s && t <= e), e].sort((a, b) => a - b).map(active);
  for (let i = 1; i < times.length; i += 1) if ((times[i] as number) - (times[i - 1] as number) >= quietMs) return true;
  return false;
}
