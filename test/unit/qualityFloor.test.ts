import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { prng, syntheticOrg } from '../../bench/syntheticOrg.js';
import { solveAssignment } from '../../src/domain/matching/assignment.js';
import { candidatesFor, compilePool, exclusion, whyNoCandidates } from '../../src/domain/matching/candidates.js';
import { DEFAULT_WEIGHTS, type PairKind, type Participant } from '../../src/domain/matching/participant.js';
import { type MatchingPool, receivingKinds } from '../../src/domain/matching/pool.js';
import { groundFacts, hasCommonGround, NO_COMMON_GROUND, unofferedWants } from '../../src/domain/matching/qualityFloor.js';
import { proposeRound, shortlistRound } from '../../src/domain/matching/round.js';
import { compileParticipant, type ScoringContext, scorePair } from '../../src/domain/matching/scoring.js';
import { validateProgramForm } from '../../src/domain/programForm.js';
import { computeDigest, type DigestPerson } from '../../src/domain/digest.js';
import { loadTaxonomy } from '../../src/taxonomy/loadTaxonomy.js';
import { noSuggestions, unmatchedMessage, unmatchedWords } from '../../src/views/matchMessages.js';
import { mentor, person as berliner, pool } from '../support/participants.js';

/** A mentee in Paris who wants Public speaking. */
const person = (id: string, over: Partial<Participant> = {}): Participant => berliner(id, { wanted: ['public-speaking'], timeZone: 'Europe/Paris', location: 'Paris', ...over });

const taxonomy = loadTaxonomy();
const context: ScoringContext = { taxonomy, weights: DEFAULT_WEIGHTS, now: new Date('2026-06-01T00:00:00Z') };
const ground = (r: Participant, g: Participant, kind: PairKind = 'mentoring') => hasCommonGround(r, g, kind, taxonomy);

describe('the quality floor', () => {
  it('needs a wanted skill offered, another skill of its cluster, or a skill a goal names', () => {
    const mentee = person('E');
    expect(ground(mentee, mentor('M', { offered: ['public-speaking'] }))).toBe(true);
    // Clear writing is in Communication, like Public speaking: the "same area" half credit.
    expect(ground(mentee, mentor('M', { offered: ['writing'] }))).toBe(true);
    expect(ground(mentee, mentor('M', { offered: ['typescript', 'negotiation'] }))).toBe(false);
    const aiming = person('E', { wanted: [], goals: ['Get better at negotiation before the renewal'] });
    expect(ground(aiming, mentor('M', { offered: ['negotiation'] }))).toBe(true);
    // A goal's skill counts only itself: another skill of its cluster does not meet it.
    expect(ground(aiming, mentor('M', { offered: ['stakeholder-management'] }))).toBe(false);
    expect(ground(person('E', { wanted: [], goals: [] }), mentor('M', { offered: ['public-speaking'] }))).toBe(false);
  });

  it('reads reverse mentoring like mentoring, and lets peers meet on either side or a shared aim', () => {
    const leader = person('L', { roles: ['reverse_mentee'], wanted: ['digital-tools'], level: 9 });
    expect(ground(leader, person('J', { roles: ['reverse_mentor'], offered: ['emerging-tech'], level: 2 }), 'reverse')).toBe(true);
    expect(ground(leader, person('J', { roles: ['reverse_mentor'], offered: ['sales'], wanted: ['digital-tools'], level: 2 }), 'reverse')).toBe(false);
    const peer = (id: string, over: Partial<Participant>) => person(id, { roles: ['peer'], wanted: [], ...over });
    expect(ground(peer('A', { wanted: ['sales'] }), peer('B', { wanted: ['sales'] }), 'peer')).toBe(true);
    expect(ground(peer('A', { offered: ['sales'] }), peer('B', { wanted: ['marketing'] }), 'peer')).toBe(true);
    expect(ground(peer('A', { goals: ['Close more sales deals'] }), peer('B', { goals: ['My sales pipeline doubles'] }), 'peer')).toBe(true);
    expect(ground(peer('A', { wanted: ['sales'] }), peer('B', { wanted: ['python'] }), 'peer')).toBe(false);
  });

  it('is the last rule of exclusion, so another rule names itself first', () => {
    const p = pool([]);
    expect(exclusion(person('E'), mentor('M'), 'mentoring', p, context)).toBe(NO_COMMON_GROUND);
    expect(exclusion(person('E'), mentor('M', { load: 2 }), 'mentoring', p, context)).toBe('at capacity');
    expect(exclusion(person('E'), mentor('M', { offered: ['public-speaking'] }), 'mentoring', p, context)).toBeNull();
  });

  it('keeps the demo’s 40%-something pair with nothing in common out of rounds and suggestions', () => {
    // Same hours, same zone, another department, a senior mentor: a decent score, and nothing to learn.
    const dev = person('DEV', { wanted: ['executive-presence'], goals: ['Present our support insights to the leadership team'], department: 'Support', level: 2 });
    const chloe = mentor('CHLOE', { offered: ['typescript', 'system-design'], level: 5 });
    const score = scorePair(compileParticipant(dev, context), compileParticipant(chloe, context), 'mentoring', context).score;
    expect(score).toBeGreaterThan(0.4);
    const p = pool([dev, chloe]);
    const round = proposeRound(p, context, solveAssignment);
    expect(round.pairs).toEqual([]);
    expect(round.unmatched).toEqual([{ id: 'DEV', reason: 'no_common_ground', skills: ['Presenting to executives'] }]);
    const compiled = compilePool(p, context);
    expect(candidatesFor(compiled.get('DEV')!, [...compiled.values()], p, context, 3)).toEqual([]);
    expect(unmatchedWords(round.unmatched[0]!).you).toBe("nobody offers Presenting to executives yet; we'll tell you when someone does");
    expect(unmatchedMessage(round.unmatched[0]!)).toContain('nobody offers Presenting to executives yet');
    expect(noSuggestions('no_common_ground', ['Public speaking', 'Clear writing'])).toContain('nobody offers Public speaking and Clear writing yet');
  });

  it('says why nobody could be suggested, speaking only of the givers who fit', () => {
    const e = person('E');
    // The one mentor with common ground is full; the other offers nothing wanted: "at capacity" is about the one who fits.
    expect(whyNoCandidates(e, pool([e, mentor('FULL', { offered: ['public-speaking'], load: 2 }), mentor('OTHER')]), context)).toBe('at_capacity');
    expect(whyNoCandidates(e, pool([e, mentor('OTHER')]), context)).toBe('no_common_ground');
    expect(whyNoCandidates(e, pool([e, mentor('FIT', { offered: ['public-speaking'] })], { minFit: 99 }), context)).toBe('low_fit');
    expect(unofferedWants(person('E', { wanted: ['public-speaking', 'typescript', 'sales'] }), pool([mentor('M')]), taxonomy)).toEqual(['Public speaking', 'Sales']);
  });

  it('tells what the common ground is, the way the receiver sees it', () => {
    expect(groundFacts(person('E', { wanted: ['public-speaking', 'writing'] }), mentor('M', { offered: ['writing'] }), taxonomy)).toEqual({ match: 'exact', skills: ['writing'] });
    expect(groundFacts(person('E'), mentor('M', { offered: ['writing'] }), taxonomy)).toEqual({ match: 'near', skills: ['public-speaking'] });
    expect(groundFacts(person('E', { wanted: [], goals: ['Run a negotiation on my own'] }), mentor('M', { offered: ['negotiation'] }), taxonomy)).toEqual({ match: 'goal', skills: ['negotiation'] });
    expect(groundFacts(person('E'), mentor('M'), taxonomy)).toBeNull();
  });
});

/** Random programs: the synthetic organisation with roles shuffled, people's wishes thinned, and a minimum fit or none. */
const programArb = fc.record({
  seed: fc.integer({ min: 1, max: 10_000 }),
  minFit: fc.option(fc.integer({ min: 0, max: 80 }), { nil: null }),
  thin: fc.double({ min: 0, max: 0.8, noNaN: true }),
});

function randomProgram(t: { seed: number; minFit: number | null; thin: number }): MatchingPool {
  const { pool: org } = syntheticOrg(40, 15, taxonomy, t.seed);
  const random = prng(t.seed + 1);
  const participants = org.participants.map((p) => {
    const r = random();
    const roles = r < 0.15 ? (['peer'] as const) : r < 0.25 ? ([...p.roles, 'mentee'] as const) : p.roles;
    // Thinning leaves some people wanting nothing anyone offers, and some goals unmet.
    const thinned = (list: readonly string[]) => list.filter(() => random() >= t.thin);
    return { ...p, roles: [...roles], offered: thinned(p.offered), wanted: r < 0.25 && p.wanted.length === 0 ? ['coaching'] : thinned(p.wanted), goals: random() < t.thin ? [] : p.goals, capacity: roles.includes('peer') ? 2 : p.capacity };
  });
  return { ...org, participants, minFit: t.minFit };
}

describe('no proposed pair is below the floor (property)', () => {
  it('holds for every round, every shortlist and every self-serve suggestion, and a program’s minimum fit holds too', () => {
    fc.assert(
      fc.property(programArb, (t) => {
        const p = randomProgram(t);
        const byId = new Map(p.participants.map((x) => [x.id, x]));
        const min = t.minFit === null ? Number.NEGATIVE_INFINITY : t.minFit / 100;
        const check = (receiverId: string, giverId: string, kind: PairKind, score: number) => {
          const r = byId.get(receiverId)!;
          const g = byId.get(giverId)!;
          expect(hasCommonGround(r, g, kind, taxonomy)).toBe(true);
          expect(exclusion(r, g, kind, p, context)).toBeNull();
          expect(score).toBeGreaterThanOrEqual(min);
        };
        for (const c of shortlistRound(p, context, 5)) check(c.receiverId, c.giverId, c.kind, c.score);
        const round = proposeRound(p, context, solveAssignment);
        for (const pair of round.pairs) check(pair.receiverId, pair.giverId, pair.kind, pair.score);
        const compiled = compilePool(p, context);
        for (const r of p.participants.slice(0, 10)) for (const c of candidatesFor(compiled.get(r.id)!, [...compiled.values()], p, context, 3)) check(c.receiverId, c.giverId, c.kind, c.score);
        // Everyone the round leaves below the floor is told which wanted skills nobody offers.
        for (const u of round.unmatched.filter((x) => x.reason === 'no_common_ground')) {
          const r = byId.get(u.id)!;
          expect(u.skills).toEqual(unofferedWants(r, p, taxonomy));
          expect(p.participants.some((g) => g.id !== r.id && receivingKinds(r, p.busyReceivers).some((k) => exclusion(r, g, k, p, context) === null))).toBe(false);
        }
      }),
      { numRuns: 25 },
    );
  });
});

describe('the program form’s minimum fit', () => {
  const raw = { name: 'Leadership cohort', modes: ['mentoring'], tracks: [], coordinators: [], enrollment: 'open', matchingMode: 'self_serve' };
  const facts = { takenNames: [], clusterIds: new Set<string>(), today: '2026-06-01' };
  it('takes a whole percentage from 0 to 100, or nothing, and says so on its field', () => {
    const minFit = (value: string | undefined) => {
      const result = validateProgramForm({ ...raw, minFit: value }, facts);
      return result.ok ? result.answers.minFit : result.errors.minFit;
    };
    expect(minFit(undefined)).toBeNull();
    expect(minFit('')).toBeNull();
    expect(minFit('60')).toBe(60);
    expect(minFit('60 %')).toBe(60);
    expect(minFit('0')).toBe(0);
    expect(minFit('100')).toBe(100);
    for (const bad of ['101', '-5', '0.5', 'high']) expect(minFit(bad)).toBe('The minimum fit is a percentage: a whole number from 0 to 100, or empty for none.');
  });
});

describe('the digest’s skill gaps', () => {
  it('counts, for a skill nobody offers, the people waiting for it without a partner', () => {
    const at = new Date('2025-01-01T00:00:00Z');
    const p = (id: string, roles: string[]): DigestPerson => ({ id, department: null, level: null, location: null, joinedAt: at, status: 'active', pausedUntil: null, roles, capacity: roles.includes('mentor') ? 2 : null });
    const people = [p('A', ['mentee']), p('B', ['mentee']), p('C', ['mentee']), p('D', ['mentor']), p('M', ['mentor'])];
    const week = { start: new Date('2026-03-02T00:00:00Z'), end: new Date('2026-03-09T00:00:00Z') };
    const d = computeDigest({
      now: week.end,
      week,
      people,
      roster: [],
      // C found a partner some other way; D wants it too, but only mentors.
      matches: [{ id: 1, mentorId: 'M', menteeId: 'C', kind: 'mentoring', status: 'active', requestedAt: at, decidedAt: at, endedAt: null }],
      sessions: [],
      ratings: [],
      wanted: ['A', 'B', 'C', 'D'].map((personId) => ({ personId, skillId: 'public-speaking' })).concat([{ personId: 'A', skillId: 'sales' }]),
      offered: [{ personId: 'M', skillId: 'sales' }],
      skillNames: { 'public-speaking': 'Public speaking', sales: 'Sales' },
      stalled: [],
    });
    expect(d.skillGaps.map((g) => [g.name, g.wanted, g.offered, g.waiting])).toEqual([['Public speaking', 4, 0, 2]]);
  });
});
