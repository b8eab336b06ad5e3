import { seededRandom } from '../random.js';
import { memberFit, levelPart, timePart, topicAffinity, topicOffered } from './circleFit.js';
import { type CircleInputProblem, checkFormationInput, type FormationInput } from './circleInput.js';
import { Circles, type CircleState } from './circleState.js';
import { construct } from './construction.js';
import { improve } from './localSearch.js';
import { compileProblem, type Problem } from './problem.js';
import { emptySlotSet, overlaps, type SlotSet } from './weeklySlots.js';

/**
 * Group mentoring circles: people who asked for one are partitioned into
 * circles of sizeMin–sizeMax around a topic, each with a weekly time all of
 * them (and, facilitated, their facilitator) can make.
 *
 * API:
 *   formCircles(input: FormationInput, budget?: SearchBudget): FormationOutcome
 *     input    { settings: { sizeMin, sizeMax (3–8), mode, topics, sessionMinutes },
 *                members: CircleMember[], facilitators: CircleFacilitator[] }  (circleInput.ts)
 *     budget   { iterations?, seed?, timeLimitMs?, clock? }
 *     returns  { ok: false, problems } for an input it cannot use (each problem names
 *              its field, e.g. settings.sizeMax out_of_range), else { ok: true, ...Formation }.
 *   Slot sets come from weeklySlots.ts (availableSlots for each person), and a
 *   circle's slotIndex reads back with describeSlot / nextOccurrence there.
 *
 * Hard rules, true of every result: each circle has sizeMin–sizeMax members
 * who all want its topic; its slotIndex is in every member's slots and its
 * facilitator's; nobody is in two circles; a facilitator offers the topic,
 * leads at most capacityLeft circles, and never two whose sessions overlap;
 * everyone given is either in a circle or in `unplaced`, with a reason.
 *
 * Soft: the fit (circleFit.ts) of each person, summed over everyone placed.
 * `upperBound` sums each person's best conceivable fit (their best topic,
 * departments all different, the widest level spread and as many common
 * slots as the topic allows), so totalFit ≤ upperBound always; the gap is
 * an honest "could be at most this much better".
 *
 * How: a greedy construction seeded by the scarcest people (construction.ts),
 * then a seeded local search of moves and swaps that only ever raises the
 * total (localSearch.ts). Deterministic for the same input, seed and
 * iterations; a time limit (with an injected clock) trades that for speed.
 */

export type { CircleFacilitator, CircleInputProblem, CircleMember, CircleMode, FormationSettings, CircleTopic, FormationInput } from './circleInput.js';
export { CIRCLE_SIZE_LIMITS } from './circleInput.js';
export { CIRCLE_FIT_WEIGHTS, LEVEL_SPREAD_FULL, ROBUST_COMMON_SLOTS } from './circleFit.js';

/** Why a person is in their circle, as facts; the views put them into words. */
export type CircleReason =
  /** The ids of theirs the topic covers (or the topic id, when they asked for the whole topic). */
  | { kind: 'topic'; topicId: string; wanted: string[] }
  | { kind: 'facilitator'; facilitatorId: string; offers: string[] }
  /** The meeting time works for everyone, with this many weekly times to fall back on. */
  | { kind: 'time'; slotIndex: number; commonSlots: number }
  /** Nobody else at the table is from their department; the circle spans this many. */
  | { kind: 'department_variety'; departments: number }
  /** Levels from min to max sit at the table (only said when they spread). */
  | { kind: 'level_spread'; minLevel: number; maxLevel: number };

export interface FormedCircle {
  topicId: string;
  facilitatorId: string | null;
  /** Sorted by id. */
  memberIds: string[];
  slotIndex: number;
  /** How many slots every member and the facilitator share; slotIndex is one. */
  commonSlots: number;
  /** The members' mean fit, 0–1. */
  fit: number;
  members: { id: string; fit: number; reasons: CircleReason[] }[];
}

export type UnplacedReason =
  /** They want nothing any of the program's topics covers. */
  | 'no_topic'
  /** Fewer than sizeMin people want any topic they want. */
  | 'too_few'
  /** Enough people want their topic, but never sizeMin of them at one weekly time they can make. */
  | 'no_common_time'
  /** Facilitated: nobody with room offers their topic, or not at a time their circle could meet. */
  | 'no_facilitator'
  /** Facilitated: a circle was possible, but its facilitators' capacity (or their time then) went to other circles. */
  | 'facilitators_full'
  /** A circle was possible, but the circles that fit them are full and too few were left for another. */
  | 'no_room';

export interface Formation {
  circles: FormedCircle[];
  unplaced: { id: string; reason: UnplacedReason }[];
  totalFit: number;
  upperBound: number;
  stats: {
    /** Total fit and placed people after construction alone. */
    greedyFit: number;
    greedyPlaced: number;
    iterations: number;
    acceptedMoves: number;
    /** Only with a clock. */
    timings?: { constructionMs: number; localSearchMs: number };
  };
}

export type FormationOutcome = ({ ok: true } & Formation) | { ok: false; problems: CircleInputProblem[] };

export interface SearchBudget {
  /** Local-search steps; 0 keeps the greedy construction. Default: ITERATIONS_PER_MEMBER per member. */
  iterations?: number;
  /** Seeds the local search's generator. Default 1. */
  seed?: number;
  /** Stop the local search after this long, by `clock`; ignored without one. */
  timeLimitMs?: number;
  /** Milliseconds, e.g. () => performance.now() from the caller; the domain never reads a clock itself. */
  clock?: () => number;
}

/** Enough steps for every person to be tried in a dozen or two places; on bench:circles, more added little. */
export const ITERATIONS_PER_MEMBER = 20;

export function formCircles(input: FormationInput, budget: SearchBudget = {}): FormationOutcome {
  const problems = checkFormationInput(input);
  if (problems.length > 0) return { ok: false, problems };
  const clock = budget.clock;
  const started = clock?.();
  const problem = compileProblem(input);
  const circles = new Circles(problem);
  construct(problem, circles);
  const greedyFit = circles.total();
  const greedyPlaced = circles.list.reduce((n, c) => n + c.members.length, 0);
  const built = clock?.();
  const deadline = clock !== undefined && budget.timeLimitMs !== undefined ? { clock, at: (built as number) + budget.timeLimitMs } : undefined;
  const search = improve(problem, circles, seededRandom(budget.seed ?? 1), {
    iterations: budget.iterations ?? ITERATIONS_PER_MEMBER * problem.members.length,
    ...(deadline ? { deadline } : {}),
  });
  const finished = clock?.();
  settleSlots(circles);
  const formed = circles.list.map((c) => describeCircle(problem, c)).sort(byTopicThenFirstMember(problem));
  const totalFit = formed.reduce((sum, c) => sum + c.members.reduce((s, m) => s + m.fit, 0), 0);
  const timings = started !== undefined ? { constructionMs: (built as number) - started, localSearchMs: (finished as number) - (built as number) } : undefined;
  return {
    ok: true,
    circles: formed,
    unplaced: problem.members.flatMap((m, i) => (circles.circleOf[i] === -1 ? [{ id: m.id, reason: whyUnplaced(problem, circles, i) }] : [])),
    totalFit,
    upperBound: problem.bound.reduce((a, b) => a + b, 0),
    stats: { greedyFit, greedyPlaced, iterations: search.iterations, acceptedMoves: search.accepted, ...(timings ? { timings } : {}) },
  };
}

/**
 * Moves and swaps keep a circle's slot while it still works; at the end
 * each circle takes the middle of its longest free run instead, so the time
 * can shift half an hour either way if someone's calendar changes.
 */
function settleSlots(circles: Circles): void {
  circles.list.forEach((c, i) => {
    c.slot = -1;
    c.slot = circles.slotFor(c.facilitator, c.common, i, -1);
    if (c.slot < 0) throw new Error('a circle lost its time to meet');
  });
}

function describeCircle(p: Problem, c: CircleState): FormedCircle {
  const topic = p.topics[c.topic] as (typeof p.topics)[number];
  const members = [...c.members].sort((a, b) => a - b);
  const size = members.length;
  const departments = members.map((m) => p.department[m] as number);
  const levels = members.map((m) => p.level[m] as number).filter((l) => !Number.isNaN(l));
  const minLevel = Math.min(...levels);
  const maxLevel = Math.max(...levels);
  const level = levelPart(levels.length, minLevel, maxLevel);
  const time = timePart(c.commonCount);
  const facilitator = c.facilitator >= 0 ? p.facilitators[c.facilitator] : undefined;
  const knownDepartments = new Set(members.flatMap((m) => (p.members[m]?.department != null ? [p.members[m]?.department] : [])));
  const described = members.map((m, k) => {
    const person = p.members[m] as (typeof p.members)[number];
    const { affinity, wanted } = topicAffinity(person.wants, topic);
    const same = departments.filter((d) => d === departments[k]).length;
    const reasons: CircleReason[] = [{ kind: 'topic', topicId: topic.id, wanted }];
    if (facilitator) reasons.push({ kind: 'facilitator', facilitatorId: facilitator.id, offers: topicOffered(facilitator.offers, topic) });
    reasons.push({ kind: 'time', slotIndex: c.slot, commonSlots: c.commonCount });
    if (person.department !== null && same === 1 && knownDepartments.size > 1) reasons.push({ kind: 'department_variety', departments: knownDepartments.size });
    if (levels.length >= 2 && maxLevel - minLevel >= 2) reasons.push({ kind: 'level_spread', minLevel, maxLevel });
    return { id: person.id, fit: memberFit(affinity, size, same, level, time), reasons };
  });
  return {
    topicId: topic.id,
    facilitatorId: facilitator?.id ?? null,
    memberIds: described.map((m) => m.id),
    slotIndex: c.slot,
    commonSlots: c.commonCount,
    fit: described.reduce((s, m) => s + m.fit, 0) / size,
    members: described,
  };
}

function byTopicThenFirstMember(p: Problem) {
  const order = new Map(p.topics.map((t, i) => [t.id, i]));
  return (a: FormedCircle, b: FormedCircle) => (order.get(a.topicId) as number) - (order.get(b.topicId) as number) || ((a.memberIds[0] as string) < (b.memberIds[0] as string) ? -1 : 1);
}

/**
 * The furthest a person got towards a circle over all their topics: a topic
 * enough people want, a facilitator for it, a time enough of them share, a
 * facilitator free then, and finally room.
 */
function whyUnplaced(p: Problem, circles: Circles, i: number): UnplacedReason {
  const topics = p.topicsOf[i] as Int32Array;
  if (topics.length === 0) return 'no_topic';
  const mine = p.members[i]?.slots as SlotSet;
  const stages: UnplacedReason[] = ['too_few', 'no_facilitator', 'no_common_time', 'no_facilitator', 'no_room'];
  let furthest = 0;
  for (const k of topics) {
    let stage = 0;
    if ((p.membersOf[k] as Int32Array).length >= p.sizeMin) {
      stage = 1;
      if (!p.facilitated || (p.facilitatorsOf[k] as Int32Array).length > 0) {
        stage = 2;
        if (overlaps(mine, p.possibleForMembers[k] as SlotSet)) stage = overlaps(mine, p.possible[k] as SlotSet) ? 4 : 3;
      }
    }
    furthest = Math.max(furthest, stage);
  }
  if (furthest === 4 && p.facilitated) {
    // Room means a facilitator of their topic with a circle to spare who is free at one of their times.
    const free = emptySlotSet();
    const anyFree = topics.some((k) => Array.from(p.facilitatorsOf[k] as Int32Array).some((f) => circles.facilitatorHasRoom(f) && overlaps(mine, circles.facilitatorFree(f, -1, free))));
    return anyFree ? 'no_room' : 'facilitators_full';
  }
  return stages[furthest] as UnplacedReason;
}
