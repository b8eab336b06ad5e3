import type { DigestMatch, PairFlag, StalledPair } from '../digestTypes.js';
import type { DigestIndex } from './digestIndex.js';

export const LOW_RATING = 3;

/** The caller decides what is stalled; the digest only names the pair, longest quiet first. */
export function stalledPairs(ix: DigestIndex): StalledPair[] {
  return ix.input.stalled
    .map((s) => {
      const m = ix.matchById.get(s.matchId);
      return { matchId: s.matchId, mentorId: m?.mentorId ?? null, menteeId: m?.menteeId ?? null, weeksQuiet: s.weeksQuiet };
    })
    .sort((a, b) => b.weeksQuiet - a.weeksQuiet || a.matchId - b.matchId);
}

/**
 * Open pairs whose last two rated sessions average below LOW_RATING: two, so
 * one bad session is not enough. Only the pair is named, never the average
 * or who rated what: in a pair of two, either would say who gave which score.
 */
export function lowRatedPairs(ix: DigestIndex): PairFlag[] {
  const { matchById, endMs } = ix;
  // Only each pair's latest two rated sessions matter, so they are kept as we go rather than sorting all of them.
  const latest = new Map<number, { at1: number; score1: number; at2: number; score2: number }>();
  for (const [sessionId, s] of ix.scoreBySession) {
    const session = ix.sessionById.get(sessionId);
    if (!session) continue;
    const at = session.startsAt.getTime();
    if (at >= endMs) continue;
    const m = matchById.get(session.matchId);
    if (!m || (m.status !== 'active' && m.status !== 'paused')) continue;
    const score = s.sum / s.n;
    const top = latest.get(m.id);
    if (!top) latest.set(m.id, { at1: at, score1: score, at2: -Infinity, score2: 0 });
    else if (at > top.at1) {
      top.at2 = top.at1;
      top.score2 = top.score1;
      top.at1 = at;
      top.score1 = score;
    } else if (at > top.at2) {
      top.at2 = at;
      top.score2 = score;
    }
  }
  const flagged: PairFlag[] = [];
  for (const [matchId, top] of latest) {
    if (top.at2 === -Infinity || (top.score1 + top.score2) / 2 >= LOW_RATING) continue;
    const m = matchById.get(matchId) as DigestMatch;
    flagged.push({ matchId, mentorId: m.mentorId, menteeId: m.menteeId });
  }
  return flagged.sort((a, b) => a.matchId - b.matchId);
}
