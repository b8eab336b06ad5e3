import type { Average, Digest, SeriesPoint } from '../digestTypes.js';
import { acceptedIn } from './activity.js';
import { isParticipant, type DigestIndex } from './digestIndex.js';
import { within } from './weeks.js';

/** Each figure beside the same figure a week earlier, so the digest can show the trend. */
export function headline(ix: DigestIndex): Digest['headline'] {
  const { input, week, previous, last } = ix;
  return {
    activeParticipants: { value: ix.activeNow.length, previous: input.people.filter((p) => isParticipant(p, previous.end)).length },
    newSignUps: {
      value: input.people.filter((p) => within(p.joinedAt, week)).length,
      previous: input.people.filter((p) => within(p.joinedAt, previous)).length,
    },
    matchesMade: { value: acceptedIn(input.matches, week), previous: acceptedIn(input.matches, previous) },
    sessionsHeld: { value: ix.heldPerWeek[last] as number, previous: ix.heldPerWeek[last - 1] as number },
    averageRating: { value: (ix.ratingPerWeek[last] as Average).value, previous: (ix.ratingPerWeek[last - 1] as Average).value },
  };
}

export function series(ix: DigestIndex): SeriesPoint[] {
  return ix.weeks.map((w, i) => {
    const r = ix.ratingPerWeek[i] as Average;
    return { start: w.start, end: w.end, sessionsHeld: ix.heldPerWeek[i] as number, averageRating: r.value, raters: r.n };
  });
}
