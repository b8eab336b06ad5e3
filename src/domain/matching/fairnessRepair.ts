import type { AssignmentInput, AssignmentResult, PairScore } from './assignment.js';
import type { GroupIndex } from './groupRates.js';

/**
 * The last step of the fairness target, when bonuses alone fall short: a
 * bonus is the same for everyone in a group, so it cannot take one of two
 * identical colleagues and not the other, and groups pulling at the same
 * seats can leave a narrow window bisection steps over. Here people are
 * moved one at a time instead: an unmatched member of a group below the
 * target takes the seat of someone whose leaving hurts no group held to it
 * (who moves to a free seat of their own when they have one), choosing the
 * move that closes the most of the gap, then the one that costs the least
 * fit. Every move keeps the number matched and leaves no usable seat empty.
 */

export interface RepairRules {
  targetPoints: number;
  minGroupSize: number;
  /** Groups no assignment can lift: not counted in the gap, so no move is spent on them. */
  liftable(group: string): boolean;
}

/** At most this many moves per receiver: each one must close some of the gap, so it ends well before. */
const MOVES_PER_RECEIVER = 2;
/** Moves weighed in all, so a large round with a stubborn gap stops within a second or so. */
const WORK_LIMIT = 100_000;
/** Moves that close nothing, tried best first, before the search gives up. */
const SIDEWAYS_TRIED = 8;

/** One person's part in a move: from a seat (or from waiting) to a seat (or to waiting). */
interface Step {
  person: string;
  from: string | undefined;
  to: string | undefined;
}

interface Move {
  steps: Step[];
  /** How many more people are matched after it. */
  matched: number;
}

interface State {
  mentorOf: Map<string, string>;
  occupants: Map<string, Set<string>>;
  free: Map<string, number>;
  inGroup: Map<string, number>;
  matched: number;
}

export function repairTowardsTarget(input: AssignmentInput, index: GroupIndex, start: AssignmentResult, rules: RepairRules): AssignmentResult {
  const candidates = new Map<string, PairScore[]>();
  const score = new Map<string, number>();
  for (const s of input.scores) {
    if (s.score <= 0) continue;
    const list = candidates.get(s.mentee);
    if (list) list.push(s);
    else candidates.set(s.mentee, [s]);
    score.set(`${s.mentee}\u0000${s.mentor}`, s.score);
  }
  for (const list of candidates.values()) list.sort((a, b) => b.score - a.score || (a.mentor < b.mentor ? -1 : a.mentor > b.mentor ? 1 : 0));
  const state: State = { mentorOf: new Map(), occupants: new Map(), free: new Map(input.mentors.map((m) => [m.id, m.capacity])), inGroup: new Map(), matched: 0 };
  for (const p of start.pairs) place(state, index, p.mentee, p.mentor, +1);
  // Pinned people are matched outside the solve: they count, and no move touches them.
  for (const id of index.pinned) {
    state.matched += 1;
    for (const g of index.groupsOf.get(id) ?? []) state.inGroup.set(g, (state.inGroup.get(g) ?? 0) + 1);
  }
  const total = index.receivers.length;
  const size = new Map([...index.members.entries()].filter(([group, ids]) => ids.length >= rules.minGroupSize && rules.liftable(group)).map(([group, ids]) => [group, ids.length]));
  const penalty = (group: string, count: number, matched = state.matched) => {
    const n = size.get(group);
    return n === undefined ? 0 : Math.max(0, (matched / total - count / n) * 100 - rules.targetPoints - 1e-9);
  };
  const gap = (change: ReadonlyMap<string, number>, matched: number) => [...size.keys()].reduce((sum, g) => sum + penalty(g, (state.inGroup.get(g) ?? 0) + (change.get(g) ?? 0), matched), 0);
  /**
   * How much of the gap a move closes. A plain swap keeps the number matched,
   * so every group's bar stays put and only the people's groups change; when
   * the chain ends on a free seat, one more person is matched and every bar moves.
   */
  const gainOf = (move: Move) => {
    const change = new Map<string, number>();
    for (const step of move.steps) {
      const d = step.from === undefined ? 1 : step.to === undefined ? -1 : 0;
      if (d !== 0) for (const g of index.groupsOf.get(step.person) ?? []) change.set(g, (change.get(g) ?? 0) + d);
    }
    if (move.matched !== 0) return gap(new Map(), state.matched) - gap(change, state.matched + move.matched);
    let gain = 0;
    for (const [g, d] of change) if (d !== 0) gain += penalty(g, state.inGroup.get(g) ?? 0) - penalty(g, (state.inGroup.get(g) ?? 0) + d);
    return gain;
  };
  const freeSeat = (person: string, except: string) => (candidates.get(person) ?? []).find((o) => o.mentor !== except && (state.free.get(o.mentor) ?? 0) > 0);
  /** Whoever gives up a seat takes a free one of theirs if there is one (no usable seat stays empty), or waits. */
  const leaveOrMove = (person: string, from: string): Step => ({ person, from, to: freeSeat(person, from)?.mentor });
  /** Every move that seats `id`: straight into a free seat, or displacing one person, or a chain of two. */
  const eachMove = (id: string, visit: (move: Move) => boolean) => {
    const offer = (steps: Step[]) => visit({ steps, matched: steps.filter((st) => st.from === undefined).length - steps.filter((st) => st.to === undefined).length });
    for (const c of candidates.get(id) ?? []) {
      if ((state.free.get(c.mentor) ?? 0) > 0 && !offer([{ person: id, from: undefined, to: c.mentor }])) return;
      for (const outgoing of state.occupants.get(c.mentor) ?? []) {
        if (!offer([{ person: id, from: undefined, to: c.mentor }, leaveOrMove(outgoing, c.mentor)])) return;
        for (const next of candidates.get(outgoing) ?? []) {
          if (next.mentor === c.mentor || (state.free.get(next.mentor) ?? 0) > 0) continue;
          for (const third of state.occupants.get(next.mentor) ?? []) {
            if (third !== id && !offer([{ person: id, from: undefined, to: c.mentor }, { person: outgoing, from: c.mentor, to: next.mentor }, leaveOrMove(third, next.mentor)])) return;
          }
        }
      }
    }
  };
  const fitChange = (move: Move) => move.steps.reduce((sum, st) => sum + (st.to === undefined ? 0 : (score.get(`${st.person}\u0000${st.to}`) as number)) - (st.from === undefined ? 0 : (score.get(`${st.person}\u0000${st.from}`) as number)), 0);
  const keyOf = (move: Move) => move.steps.map((st) => `${st.person}>${st.to ?? ''}`).join('|');

  const currentGap = () => gap(new Map(), state.matched);
  const matchedKey = () => [...state.mentorOf.keys()].sort().join('|');
  const snapshot = () => ({ gap: currentGap(), pairs: pairsOf(state, score) });
  let best = snapshot();
  // A step that closes nothing is still taken when it opens a way on, but never back to an assignment already tried.
  const visited = new Set([matchedKey()]);
  const apply = (move: Move, sign: 1 | -1) => {
    const steps = sign > 0 ? move.steps : move.steps.map((st) => ({ person: st.person, from: st.to, to: st.from }));
    // Seats are given up before they are taken, so a chain never overfills a mentor on the way.
    for (const st of steps) if (st.from !== undefined) place(state, index, st.person, st.from, -1);
    for (const st of steps) if (st.to !== undefined) place(state, index, st.person, st.to, +1);
  };
  let work = 0;
  for (let round = 0, limit = MOVES_PER_RECEIVER * total; round < limit && work < WORK_LIMIT && best.gap > 0; round += 1) {
    const below = [...size.keys()].filter((g) => penalty(g, state.inGroup.get(g) ?? 0) > 0);
    const hopeful = [...new Set(below.flatMap((g) => index.members.get(g) ?? []))].filter((id) => !state.mentorOf.has(id) && !index.pinned.has(id)).sort();
    // The best few moves, best first: ranked by the gap they close, then the fit they keep, then by name.
    const ranked: Ranked[] = [];
    for (const id of hopeful) {
      eachMove(id, (move) => {
        work += 1;
        const gain = gainOf(move);
        if (gain >= -1e-9) keep(ranked, { gain: gain > 1e-9 ? gain : 0, delta: fitChange(move), move }, keyOf);
        return work < WORK_LIMIT;
      });
      if (work >= WORK_LIMIT) break;
    }
    let moved = false;
    for (const option of ranked) {
      apply(option.move, +1);
      const key = matchedKey();
      if (option.gain > 0 || !visited.has(key)) {
        visited.add(key);
        moved = true;
        break;
      }
      apply(option.move, -1);
    }
    if (!moved) break;
    const now = currentGap();
    if (now < best.gap - 1e-9) best = snapshot();
  }
  return { pairs: best.pairs, total: best.pairs.reduce((sum, p) => sum + p.score, 0) };
}

interface Ranked {
  gain: number;
  delta: number;
  move: Move;
}

function keep(ranked: Ranked[], option: Ranked, keyOf: (move: Move) => string): void {
  const before = (a: Ranked, b: Ranked) => a.gain > b.gain + 1e-9 || (Math.abs(a.gain - b.gain) <= 1e-9 && (a.delta > b.delta + 1e-12 || (Math.abs(a.delta - b.delta) <= 1e-12 && keyOf(a.move) < keyOf(b.move))));
  if (ranked.length === SIDEWAYS_TRIED && !before(option, ranked[ranked.length - 1] as Ranked)) return;
  let at = ranked.length;
  while (at > 0 && before(option, ranked[at - 1] as Ranked)) at -= 1;
  ranked.splice(at, 0, option);
  if (ranked.length > SIDEWAYS_TRIED) ranked.pop();
}

function pairsOf(state: State, score: ReadonlyMap<string, number>) {
  return [...state.mentorOf.entries()]
    .map(([mentee, mentor]) => ({ mentee, mentor, score: score.get(`${mentee}\u0000${mentor}`) as number }))
    .sort((a, b) => (a.mentee < b.mentee ? -1 : a.mentee > b.mentee ? 1 : a.mentor < b.mentor ? -1 : a.mentor > b.mentor ? 1 : 0));
}

function place(state: State, index: GroupIndex, mentee: string, mentor: string, sign: 1 | -1): void {
  if (sign > 0) {
    state.mentorOf.set(mentee, mentor);
    let set = state.occupants.get(mentor);
    if (!set) state.occupants.set(mentor, (set = new Set()));
    set.add(mentee);
  } else {
    state.mentorOf.delete(mentee);
    state.occupants.get(mentor)?.delete(mentee);
  }
  state.free.set(mentor, (state.free.get(mentor) ?? 0) - sign);
  state.matched += sign;
  for (const g of index.groupsOf.get(mentee) ?? []) state.inGroup.set(g, (state.inGroup.get(g) ?? 0) + sign);
}
