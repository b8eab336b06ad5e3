import type { FairnessCost, GroupChange, UnliftedReason } from '../domain/matching/fairnessTarget.js';
import { splitGroupName } from '../domain/matching/fairnessGroups.js';
import { clip, escape, LIMITS } from './blocks.js';

/*
 * The line a round preview gives its fairness target: whether it was met,
 * which groups it lifted and how far, which it could not and why, and what
 * it cost in total fit. Group names are departments and offices as people
 * and HR typed them: escaped, and clipped.
 */

/** Groups named per list; the rest are counted. */
export const GROUPS_NAMED = 5;
const GROUP_NAME_SHOWN = 40;

const pct = (x: number) => `${Math.round(x * 100)}%`;

/** A group as a coordinator says it: "Platform", "level 2", "Sydney". */
export function groupLabel(group: string): string {
  const { dimension, value } = splitGroupName(group);
  const shown = escape(clip(value, GROUP_NAME_SHOWN));
  return dimension === 'level' && value !== 'not given' ? `level ${shown}` : dimension && value === 'not given' ? `${dimension} not given` : shown;
}

const REASONS: Record<UnliftedReason, string> = {
  no_candidates: 'nobody they could be paired with',
  too_few_candidates: 'too few places they could take, even with all of them',
  contested: 'the places they could take are needed by other groups',
};

function named<T>(items: readonly T[], show: (item: T) => string): string {
  const shown = items.slice(0, GROUPS_NAMED).map(show);
  if (items.length > GROUPS_NAMED) shown.push(`and ${items.length - GROUPS_NAMED} more`);
  return shown.join(', ');
}

const share = (percent: number) => (percent > 0 && percent < 0.01 ? 'under 0.01%' : `${percent.toFixed(2)}%`);

export function fairnessCostLine(cost: FairnessCost): string {
  const head = `*Fairness target ${cost.targetPoints} points*`;
  const change = (g: GroupChange) => `${groupLabel(g.group)} ${pct(g.before)} → ${pct(g.after)}`;
  const parts: string[] = [];
  if (cost.lifted.length === 0 && cost.unmet.length === 0) {
    parts.push(`already met: every department, level and location is within ${cost.targetPoints} points of the overall ${pct(cost.overallAfter)}, at no cost in fit`);
  } else {
    if (cost.lifted.length > 0) parts.push(`${cost.unmet.length === 0 ? 'met by lifting' : 'lifted'} ${named(cost.lifted, change)} (overall ${pct(cost.overallBefore)} → ${pct(cost.overallAfter)})`);
    if (cost.unmet.length > 0) parts.push(`not met for ${named(cost.unmet, (g) => `${change(g)}: ${REASONS[g.reason]}`)}`);
    parts.push(`cost ${cost.cost.toFixed(2)} of ${cost.unconstrainedTotal.toFixed(2)} total fit (${share(cost.costPercent)})`);
  }
  return clip(`${head}: ${parts.join('; ')}.`, LIMITS.sectionText);
}
