import { shiftLocalDays } from './localTime.js';
import { effectiveStatus, type Participation } from './participation.js';
import { seededRandom } from './random.js';

/*
 * The coordinators' weekly digest, computed from plain arrays: no database,
 * no Slack, and `now` and the week come from the caller, so the same input
 * always gives the same digest.
 *
 * Anonymity is enforced here, not in the view:
 * - no output field carries a rater id (the rater is only used to count
 *   distinct raters);
 * - an average appears only when it rests on at least `minRaters` distinct
 *   raters, and `minRaters` is never below 2, so a program of one rater never
 *   yields an average;
 * - ratings whose rater was deleted (rater id null) count together as a single
 *   rater, the cautious reading;
 * - comments are a count, plus the texts themselves only when the week has at
 *   least `minRaters` comments from at least `minRaters` distinct raters, in a
 *   deterministic shuffled order, with no ids, dates or session links;
 * - a low-rated pair is listed as the pair only: no average, no who-rated-what.
 */

export interface DigestPerson {
  id: string;
  department: string | null;
  level: number | null;
  location: string | null;
  joinedAt: Date | null;
  status: Participation;
  pausedUntil: Date | null;
  roles: readonly string[];
  /** Most mentees at once (profile capacity); null when not giving time. */
  capacity: number | null;
}

export interface RosterEntry {
  department: string | null;
  level: number | null;
  location: string | null;
}

export interface DigestMatch {
  id: number;
  mentorId: string | null;
  menteeId: string | null;
  kind: 'mentoring' | 'peer' | 'reverse';
  status: 'requested' | 'active' | 'paused' | 'declined' | 'expired' | 'ended';
  requestedAt: Date;
  decidedAt: Date | null;
  endedAt: Date | null;
}

export interface DigestSession {
  id: number;
  matchId: number;
  startsAt: Date;
  endsAt: Date;
  status: 'proposed' | 'booked' | 'cancelled' | 'held';
}

export interface DigestRating {
  sessionId: number;
  /** Used only to count distinct raters; never copied to the output. */
  raterId: string | null;
  usefulness: number | null;
  clarity: number | null;
  applicability: number | null;
  happened: boolean;
  comment: string | null;
  createdAt: Date;
}

export interface PersonSkill {
  personId: string;
  skillId: string;
}

/** A week as instants, [start, end): a local week across a DST change is 7 days ± 1 hour. */
export interface Week {
  start: Date;
  end: Date;
}

export interface DigestInput {
  now: Date;
  week: Week;
  /**
   * The zone the weeks are local to. Earlier weeks of the series are the same
   * local wall-clock span 7, 14… days back; without a zone they are 7×24 h back.
   */
  timeZone?: string;
  people: readonly DigestPerson[];
  roster: readonly RosterEntry[];
  matches: readonly DigestMatch[];
  sessions: readonly DigestSession[];
  ratings: readonly DigestRating[];
  wanted: readonly PersonSkill[];
  offered: readonly PersonSkill[];
  skillNames: Readonly<Record<string, string>> | ReadonlyMap<string, string>;
  stalled: readonly { matchId: number; weeksQuiet: number }[];
  /** Anonymity threshold: distinct raters an average needs. Default 3, never below 2. */
  minRaters?: number;
}

export interface Headline {
  value: number;
  previous: number;
}
export interface RatingHeadline {
  value: number | null;
  previous: number | null;
}

export interface Average {
  /** Mean on the 1–5 scale, or null below the anonymity threshold. */
  value: number | null;
  /** Distinct raters behind it. */
  n: number;
}

export interface PairFlag {
  matchId: number;
  mentorId: string | null;
  menteeId: string | null;
}
export interface StalledPair extends PairFlag {
  weeksQuiet: number;
}

export interface SkillGap {
  skillId: string;
  name: string;
  wanted: number;
  offered: number;
  /** wanted − offered: seekers left over if every offering mentor took one of them. */
  shortfall: number;
}

export interface MentorLoad {
  mentorId: string;
  load: number;
  capacity: number;
}

export interface ReachGroup {
  group: string;
  participants: number;
  share: number;
  roster: number;
  rosterShare: number;
  /** share − rosterShare: negative means under-represented in the program. */
  gap: number;
}

export type Milestone =
  | { kind: 'sessions'; mentorId: string; count: number }
  | { kind: 'six_months'; mentorId: string; menteeId: string | null; matchId: number };

export interface SeriesPoint {
  start: Date;
  end: Date;
  sessionsHeld: number;
  averageRating: number | null;
  raters: number;
}

export interface Digest {
  week: Week;
  minRaters: number;
  headline: {
    activeParticipants: Headline;
    newSignUps: Headline;
    matchesMade: Headline;
    sessionsHeld: Headline;
    averageRating: RatingHeadline;
  };
  /** Active participants per intake role, most first. */
  byRole: { role: string; count: number }[];
  matches: { proposed: number; accepted: number; declined: number; expired: number };
  sessions: { held: number; cancelled: number };
  ratings: {
    usefulness: Average;
    clarity: Average;
    applicability: Average;
    overall: Average;
    commentCount: number;
    /** Empty unless the week reaches the threshold; shuffled, no ids or dates. */
    comments: string[];
  };
  stalledPairs: StalledPair[];
  lowRatedPairs: PairFlag[];
  skillGaps: SkillGap[];
  load: { atCapacity: MentorLoad[]; nearCapacity: MentorLoad[] };
  reach: { byDepartment: ReachGroup[]; byLevel: ReachGroup[]; byLocation: ReachGroup[] };
  milestones: Milestone[];
  /** The last 8 weeks, oldest first; the last is the digest's week. */
  series: SeriesPoint[];
}

export const DIGEST_WEEKS = 8;
export const DEFAULT_MIN_RATERS = 3;
export const SESSION_MILESTONES = [5, 10, 25, 50, 100, 250, 500, 1000] as const;
export const LOW_RATING = 3;
export const NEAR_CAPACITY = 0.8;
const GIVING_ROLES = new Set(['mentor', 'peer', 'reverse_mentor']);
const OPEN = new Set<DigestMatch['status']>(['requested', 'active', 'paused']);
const ACCEPTED = new Set<DigestMatch['status']>(['active', 'paused', 'ended']);
const DAY = 86_400_000;

const within = (at: Date | null, w: Week) => at !== null && at.getTime() >= w.start.getTime() && at.getTime() < w.end.getTime();

/** The same local wall-clock instant `days` days earlier in a zone (or exactly days×24 h without one). */
function shiftDays(at: Date, days: number, timeZone: string | undefined): Date {
  if (!timeZone) return new Date(at.getTime() + days * DAY);
  return shiftLocalDays(at, days, timeZone);
}

/** The digest's week and the ones before it, oldest first. */
export function digestWeeks(week: Week, timeZone?: string, count = DIGEST_WEEKS): Week[] {
  const weeks: Week[] = [week];
  for (let i = 1; i < count; i++) {
    const next = weeks[0] as Week;
    weeks.unshift({ start: shiftDays(next.start, -7, timeZone), end: next.start });
  }
  return weeks;
}

/** Mean of a rating's given scores, or null when it has none (or the session did not happen). */
function ratingScore(r: DigestRating): number | null {
  if (!r.happened) return null;
  let sum = 0;
  let n = 0;
  if (r.usefulness !== null) (sum += r.usefulness), (n += 1);
  if (r.clarity !== null) (sum += r.clarity), (n += 1);
  if (r.applicability !== null) (sum += r.applicability), (n += 1);
  return n === 0 ? null : sum / n;
}

/** Accumulates an average together with its distinct raters; null raters count as one. */
class RaterMean {
  private sum = 0;
  private count = 0;
  private readonly raters = new Set<string | null>();
  add(value: number | null, raterId: string | null): void {
    if (value === null) return;
    this.sum += value;
    this.count += 1;
    this.raters.add(raterId);
  }
  get n(): number {
    return this.raters.size;
  }
  result(minRaters: number): Average {
    return { value: this.n >= minRaters && this.count > 0 ? round2(this.sum / this.count) : null, n: this.n };
  }
}

const round2 = (x: number) => Math.round(x * 100) / 100;


/** Sorted first, so input order (which may follow ids or dates) leaves no trace, then shuffled by the week. */
function shuffleComments(texts: string[], seed: number): string[] {
  const out = [...texts].sort();
  const random = seededRandom(seed);
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j] as string, out[i] as string];
  }
  return out;
}

function addMonthsUtc(at: Date, months: number): Date {
  const d = new Date(at.getTime());
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + months);
  const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, last));
  return d;
}

function reach(participants: readonly RosterEntry[], roster: readonly RosterEntry[], key: (e: RosterEntry) => string): ReachGroup[] {
  const count = (list: readonly RosterEntry[]) => {
    const m = new Map<string, number>();
    for (const e of list) m.set(key(e), (m.get(key(e)) ?? 0) + 1);
    return m;
  };
  const inProgram = count(participants);
  const inRoster = count(roster);
  const groups = new Set([...inProgram.keys(), ...inRoster.keys()]);
  return [...groups]
    .map((group) => {
      const p = inProgram.get(group) ?? 0;
      const r = inRoster.get(group) ?? 0;
      const share = participants.length ? p / participants.length : 0;
      const rosterShare = roster.length ? r / roster.length : 0;
      return { group, participants: p, share, roster: r, rosterShare, gap: share - rosterShare };
    })
    .sort((a, b) => a.gap - b.gap || b.roster - a.roster || a.group.localeCompare(b.group));
}

export function computeDigest(input: DigestInput): Digest {
  const minRaters = Math.max(2, Math.floor(input.minRaters ?? DEFAULT_MIN_RATERS));
  const { week, now } = input;
  const endMs = week.end.getTime();
  const weeks = digestWeeks(week, input.timeZone);
  const previous = weeks[weeks.length - 2] as Week;
  const firstStart = (weeks[0] as Week).start.getTime();
  const weekIndex = (at: Date): number => {
    const t = at.getTime();
    if (t < firstStart || t >= endMs) return -1;
    let i = weeks.length - 1;
    while (i > 0 && t < (weeks[i] as Week).start.getTime()) i--;
    return i;
  };
  const last = weeks.length - 1;

  // People
  const isParticipant = (p: DigestPerson, at: Date) =>
    p.joinedAt !== null && p.joinedAt.getTime() < at.getTime() && effectiveStatus(p, at) === 'active';
  const activeNow = input.people.filter((p) => isParticipant(p, now));
  const activeIds = new Set(activeNow.map((p) => p.id));
  const roleCounts = new Map<string, number>();
  for (const p of activeNow) for (const r of new Set(p.roles)) roleCounts.set(r, (roleCounts.get(r) ?? 0) + 1);

  // Matches
  const matchById = new Map<number, DigestMatch>();
  const matchCounts = { proposed: 0, accepted: 0, declined: 0, expired: 0 };
  let acceptedBefore = 0;
  const load = new Map<string, number>();
  for (const m of input.matches) {
    matchById.set(m.id, m);
    if (within(m.requestedAt, week)) matchCounts.proposed += 1;
    if (ACCEPTED.has(m.status)) {
      if (within(m.decidedAt, week)) matchCounts.accepted += 1;
      else if (within(m.decidedAt, previous)) acceptedBefore += 1;
    }
    if (m.status === 'declined' && within(m.decidedAt, week)) matchCounts.declined += 1;
    if (m.status === 'expired' && within(m.decidedAt, week)) matchCounts.expired += 1;
    if (OPEN.has(m.status) && m.mentorId !== null) load.set(m.mentorId, (load.get(m.mentorId) ?? 0) + 1);
  }

  // Sessions: held per week, and each mentor's held sessions in order for milestones.
  const sessionById = new Map<number, DigestSession>();
  const heldPerWeek = new Array<number>(weeks.length).fill(0);
  let cancelled = 0;
  const heldByMentor = new Map<string, number[]>();
  for (const s of input.sessions) {
    sessionById.set(s.id, s);
    if (s.status === 'cancelled' && within(s.startsAt, week)) cancelled += 1;
    if (s.status !== 'held') continue;
    const i = weekIndex(s.startsAt);
    if (i >= 0) heldPerWeek[i] = (heldPerWeek[i] as number) + 1;
    const mentorId = matchById.get(s.matchId)?.mentorId;
    if (mentorId && s.startsAt.getTime() < endMs) {
      const list = heldByMentor.get(mentorId);
      if (list) list.push(s.startsAt.getTime());
      else heldByMentor.set(mentorId, [s.startsAt.getTime()]);
    }
  }

  // Ratings: by the week they were given in; per-session scores for low-rated pairs.
  const weekly = weeks.map(() => new RaterMean());
  const dims = { usefulness: new RaterMean(), clarity: new RaterMean(), applicability: new RaterMean() };
  const comments: string[] = [];
  const commenters = new Set<string | null>();
  const sessionScores = new Map<number, { sum: number; n: number }>();
  for (const r of input.ratings) {
    if (r.createdAt.getTime() >= endMs) continue;
    const score = ratingScore(r);
    if (score !== null) {
      const s = sessionScores.get(r.sessionId);
      if (s) {
        s.sum += score;
        s.n += 1;
      } else sessionScores.set(r.sessionId, { sum: score, n: 1 });
    }
    const i = weekIndex(r.createdAt);
    if (i < 0) continue;
    (weekly[i] as RaterMean).add(score, r.raterId);
    if (i !== last) continue;
    if (r.happened) {
      dims.usefulness.add(r.usefulness, r.raterId);
      dims.clarity.add(r.clarity, r.raterId);
      dims.applicability.add(r.applicability, r.raterId);
    }
    const text = r.comment?.trim();
    if (text) {
      comments.push(text);
      commenters.add(r.raterId);
    }
  }
  const showComments = comments.length >= minRaters && commenters.size >= minRaters;

  // Low-rated pairs: open pairs whose last two rated sessions average below 3.
  // Per open pair, its latest two rated sessions (time and score), kept as we go.
  const latest = new Map<number, { at1: number; score1: number; at2: number; score2: number }>();
  for (const [sessionId, s] of sessionScores) {
    const session = sessionById.get(sessionId);
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
  const lowRatedPairs: PairFlag[] = [];
  for (const [matchId, top] of latest) {
    if (top.at2 === -Infinity || (top.score1 + top.score2) / 2 >= LOW_RATING) continue;
    const m = matchById.get(matchId) as DigestMatch;
    lowRatedPairs.push({ matchId, mentorId: m.mentorId, menteeId: m.menteeId });
  }
  lowRatedPairs.sort((a, b) => a.matchId - b.matchId);

  const stalledPairs: StalledPair[] = input.stalled
    .map((s) => {
      const m = matchById.get(s.matchId);
      return { matchId: s.matchId, mentorId: m?.mentorId ?? null, menteeId: m?.menteeId ?? null, weeksQuiet: s.weeksQuiet };
    })
    .sort((a, b) => b.weeksQuiet - a.weeksQuiet || a.matchId - b.matchId);

  // Skill gaps among active participants.
  const skillName = (id: string) =>
    (input.skillNames instanceof Map ? input.skillNames.get(id) : (input.skillNames as Record<string, string>)[id]) ?? id;
  const tally = (list: readonly PersonSkill[]) => {
    const m = new Map<string, Set<string>>();
    for (const s of list) {
      if (!activeIds.has(s.personId)) continue;
      const set = m.get(s.skillId);
      if (set) set.add(s.personId);
      else m.set(s.skillId, new Set([s.personId]));
    }
    return m;
  };
  const wanted = tally(input.wanted);
  const offered = tally(input.offered);
  const skillGaps: SkillGap[] = [...wanted]
    .map(([skillId, who]) => {
      const o = offered.get(skillId)?.size ?? 0;
      return { skillId, name: skillName(skillId), wanted: who.size, offered: o, shortfall: who.size - o };
    })
    .filter((g) => g.shortfall > 0)
    .sort((a, b) => b.shortfall - a.shortfall || b.wanted - a.wanted || a.name.localeCompare(b.name))
    .slice(0, 5);

  // Mentor load, for active participants who give time.
  const atCapacity: MentorLoad[] = [];
  const nearCapacity: MentorLoad[] = [];
  for (const p of activeNow) {
    if (p.capacity === null || p.capacity <= 0 || !p.roles.some((r) => GIVING_ROLES.has(r))) continue;
    const l = load.get(p.id) ?? 0;
    const entry = { mentorId: p.id, load: l, capacity: p.capacity };
    if (l >= p.capacity) atCapacity.push(entry);
    else if (l >= p.capacity * NEAR_CAPACITY) nearCapacity.push(entry);
  }
  const byLoad = (a: MentorLoad, b: MentorLoad) => b.load / b.capacity - a.load / a.capacity || b.load - a.load || a.mentorId.localeCompare(b.mentorId);
  atCapacity.sort(byLoad);
  nearCapacity.sort(byLoad);

  // Recognition.
  const milestones: Milestone[] = [];
  for (const [mentorId, times] of heldByMentor) {
    times.sort((a, b) => a - b);
    for (const n of SESSION_MILESTONES) {
      const t = times[n - 1];
      if (t !== undefined && t >= week.start.getTime()) milestones.push({ kind: 'sessions', mentorId, count: n });
    }
  }
  for (const m of input.matches) {
    if (!m.mentorId || !m.decidedAt || !ACCEPTED.has(m.status)) continue;
    const half = addMonthsUtc(m.decidedAt, 6);
    if (!within(half, week)) continue;
    if (m.endedAt !== null && m.endedAt.getTime() <= half.getTime()) continue;
    milestones.push({ kind: 'six_months', mentorId: m.mentorId, menteeId: m.menteeId, matchId: m.id });
  }
  milestones.sort((a, b) => a.mentorId.localeCompare(b.mentorId) || a.kind.localeCompare(b.kind));

  const series: SeriesPoint[] = weeks.map((w, i) => {
    const r = (weekly[i] as RaterMean).result(minRaters);
    return { start: w.start, end: w.end, sessionsHeld: heldPerWeek[i] as number, averageRating: r.value, raters: r.n };
  });
  const overall = (weekly[last] as RaterMean).result(minRaters);
  const prevOverall = (weekly[last - 1] as RaterMean).result(minRaters);

  return {
    week,
    minRaters,
    headline: {
      activeParticipants: { value: activeNow.length, previous: input.people.filter((p) => isParticipant(p, previous.end)).length },
      newSignUps: {
        value: input.people.filter((p) => within(p.joinedAt, week)).length,
        previous: input.people.filter((p) => within(p.joinedAt, previous)).length,
      },
      matchesMade: { value: matchCounts.accepted, previous: acceptedBefore },
      sessionsHeld: { value: heldPerWeek[last] as number, previous: heldPerWeek[last - 1] as number },
      averageRating: { value: overall.value, previous: prevOverall.value },
    },
    byRole: [...roleCounts].map(([role, count]) => ({ role, count })).sort((a, b) => b.count - a.count || a.role.localeCompare(b.role)),
    matches: matchCounts,
    sessions: { held: heldPerWeek[last] as number, cancelled },
    ratings: {
      usefulness: dims.usefulness.result(minRaters),
      clarity: dims.clarity.result(minRaters),
      applicability: dims.applicability.result(minRaters),
      overall,
      commentCount: comments.length,
      comments: showComments ? shuffleComments(comments, week.start.getTime() / 1000) : [],
    },
    stalledPairs,
    lowRatedPairs,
    skillGaps,
    load: { atCapacity, nearCapacity },
    reach: {
      byDepartment: reach(activeNow, input.roster, (e) => e.department ?? 'not given'),
      byLevel: reach(activeNow, input.roster, (e) => (e.level === null ? 'not given' : `level ${e.level}`)),
      byLocation: reach(activeNow, input.roster, (e) => e.location ?? 'not given'),
    },
    milestones,
    series,
  };
}
