import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { greedyAssignment, solveAssignment } from '../../src/domain/matching/assignment.js';
import { candidatesFor, compilePool, exclusion, whyNoCandidates } from '../../src/domain/matching/candidates.js';
import { type MatchingPool, pairKey, sameManagerChain } from '../../src/domain/matching/pool.js';
import { DEFAULT_WEIGHTS, type Participant } from '../../src/domain/matching/participant.js';
import { proposeRound, shortlistRound } from '../../src/domain/matching/round.js';
import { manualPairRules } from '../../src/domain/matching/manualPair.js';
import { compileSuggestionPool, rankFor, suggestionContext } from '../../src/domain/matching/suggestions.js';
import { noAdjustments } from '../../src/domain/matching/roundAdjustments.js';
import { compileParticipant, type ScoringContext, scorePair } from '../../src/domain/matching/scoring.js';
import { reasonsLine, reasonWords } from '../../src/views/reasons.js';
import { loadTaxonomy } from '../../src/taxonomy/loadTaxonomy.js';
import { mentor, person, pool } from '../support/participants.js';

const taxonomy = loadTaxonomy();
const context: ScoringContext = { taxonomy, weights: DEFAULT_WEIGHTS, now: new Date('2026-06-01T00:00:00Z') };
const score = (receiver: Participant, giver: Participant, kind: 'mentoring' | 'peer' | 'reverse' = 'mentoring') =>
  scorePair(compileParticipant(receiver, context), compileParticipant(giver, context), kind, context);

describe('scorePair', () => {
  it('credits an offered skill fully and a skill in the same cluster partly', () => {
    const mentee = person('E1', { wanted: ['typescript', 'python'] });
    expect(score(mentee, mentor('M1', { offered: ['typescript', 'python'] })).factors.skills).toBe(1);
    expect(score(mentee, mentor('M1', { offered: ['typescript'] })).factors.skills).toBe(0.75);
    expect(score(mentee, mentor('M1', { offered: ['security'] })).factors.skills).toBe(0.5);
    expect(score(mentee, mentor('M1', { offered: ['negotiation'] })).factors.skills).toBe(0);
  });

  it('explains itself: skill, shared hours and department, strongest first', () => {
    const result = score(person('E1'), mentor('M1'));
    expect(reasonsLine(result.reasons, undefined, 3)).toBe('Offers TypeScript and JavaScript, which you want · 40 shared working hours a week · Same time zone');
    expect(result.reasons.map((r) => r.factor)).toContain('diversity');
    expect(reasonWords(result.reasons[0] as NonNullable<(typeof result.reasons)[0]>, '<@E1>')).toBe('Offers TypeScript and JavaScript, which <@E1> wants');
  });

  it('counts shared hours across time zones and rewards nearby zones', () => {
    const far = score(person('E1', { timeZone: 'Asia/Tokyo' }), mentor('M1', { timeZone: 'America/New_York' }));
    expect(far.factors.availability).toBe(0);
    // No shared hours and a 13-hour gap are facts about the pair, not reasons for it.
    expect(far.reasons.map((r) => r.factor)).not.toContain('availability');
    expect(far.reasons.map((r) => r.factor)).not.toContain('timeZone');
    const near = score(person('E1', { timeZone: 'Europe/London' }), mentor('M1'));
    expect(near.factors.timeZone).toBeCloseTo(11 / 12);
    expect(near.score).toBeGreaterThan(far.score);
  });

  it('gives reasons for the pair only: 4.5 hours apart is a fact, not a reason; close zones are one', () => {
    const apart = score(person('E1', { timeZone: 'Asia/Kolkata' }), mentor('M1', { timeZone: 'Europe/Paris' }));
    expect(apart.reasons.map((r) => reasonWords(r))).not.toContainEqual(expect.stringMatching(/hours apart/));
    const close = score(person('E1', { timeZone: 'Europe/London' }), mentor('M1', { timeZone: 'Europe/Paris' }));
    expect(close.reasons.map((r) => reasonWords(r))).toContain('Close time zones, 1 hour apart');
  });

  it('says a mentor has nobody else only when that is true of the assignment it explains', () => {
    const free = score(person('E1'), mentor('M1', { capacity: 3, load: 0 }));
    expect(free.reasons.map((r) => r.factor)).toContain('capacity');
    const busy = score(person('E1'), mentor('M1', { capacity: 3, load: 1 }));
    expect(busy.reasons.map((r) => r.factor)).not.toContain('capacity');
    const giver = compileParticipant(mentor('M1', { capacity: 3, load: 0 }), context);
    const sharedInARound = scorePair(compileParticipant(person('E1'), context), giver, 'mentoring', context, { otherMentees: 1 });
    expect(sharedInARound.reasons.map((r) => r.factor)).not.toContain('capacity');
  });

  it('spreads load with diminishing returns for each extra mentee', () => {
    const values = [0, 1, 2].map((load) => score(person('E1'), mentor('M1', { capacity: 5, load })).factors.capacity);
    expect(values).toEqual([1, 1 / 2, 1 / 3]);
  });

  it('gives a diversity bonus across departments only', () => {
    expect(score(person('E1'), mentor('M1', { department: 'Engineering' })).factors.diversity).toBe(0);
    expect(score(person('E1'), mentor('M1', { department: 'Sales' })).factors.diversity).toBe(1);
  });

  it('relates goals to skills by their words', () => {
    const mentee = person('E1', { goals: ['Get better at public speaking before the conference'] });
    expect(score(mentee, mentor('M1', { offered: ['public-speaking'] })).factors.goals).toBe(1);
    expect(score(mentee, mentor('M1', { offered: ['python'] })).factors.goals).toBe(0);
    expect(score(mentee, mentor('M1', { offered: ['public-speaking'] })).reasons.map((r) => reasonWords(r))).toContain(
      'Can help with your goal “Get better at public speaking before…”',
    );
  });

  it('is deterministic and within [0, 1] for any weights', () => {
    const a = score(person('E1'), mentor('M1'));
    const again = score(person('E1'), mentor('M1'));
    expect([again.score, again.factors, again.reasons]).toEqual([a.score, a.factors, a.reasons]);
    expect(a.score).toBeGreaterThan(0);
    expect(a.score).toBeLessThanOrEqual(1);
  });
});

describe('hard constraints', () => {
  const p = pool([]);
  it('never pairs someone with themselves', () => {
    expect(exclusion(person('X', { roles: ['mentee', 'mentor'], capacity: 1 }), person('X', { roles: ['mentee', 'mentor'], capacity: 1 }), 'mentoring', p, context)).toBe('same person');
  });

  it('keeps mentors at least as senior; reverse mentoring the other way round; peers within a level', () => {
    expect(exclusion(person('E', { level: 5 }), mentor('M', { level: 4 }), 'mentoring', p, context)).toBe('mentor is junior to the mentee');
    expect(exclusion(person('E', { level: 5 }), mentor('M', { level: 5 }), 'mentoring', p, context)).toBeNull();
    const leader = person('L', { roles: ['reverse_mentee'], level: 9 });
    expect(exclusion(leader, person('J', { roles: ['reverse_mentor'], offered: ['typescript'], level: 2, capacity: 1 }), 'reverse', p, context)).toBeNull();
    expect(exclusion(leader, person('J', { roles: ['reverse_mentor'], offered: ['typescript'], level: 10, capacity: 1 }), 'reverse', p, context)).toBe('reverse mentor is senior to the leader');
    const peer = (id: string, level: number) => person(id, { roles: ['peer'], level, capacity: 1 });
    expect(exclusion(peer('A', 4), peer('B', 5), 'peer', p, context)).toBeNull();
    expect(exclusion(peer('A', 4), peer('B', 6), 'peer', p, context)).toBe('more than one level apart');
    expect(exclusion(peer('B', 4), peer('A', 4), 'peer', p, context)).toBe('peer pairs are considered once');
  });

  it('excludes anyone in the same management line, any number of levels up', () => {
    const managers = new Map<string, string | null>([
      ['E', 'TL'],
      ['TL', 'M'],
      ['M', 'VP'],
      ['OTHER', 'VP'],
    ]);
    expect(sameManagerChain('E', 'M', managers)).toBe(true);
    expect(sameManagerChain('M', 'E', managers)).toBe(true);
    expect(sameManagerChain('E', 'OTHER', managers)).toBe(false);
    expect(exclusion(person('E'), mentor('M'), 'mentoring', pool([], { managers }), context)).toBe('same management line');
  });

  it('excludes a recent or open pair, and a full mentor', () => {
    expect(exclusion(person('E'), mentor('M'), 'mentoring', pool([], { blockedPairs: new Set([pairKey('M', 'E')]) }), context)).toBe('paired recently or already');
    expect(exclusion(person('E'), mentor('M', { capacity: 2, load: 2 }), 'mentoring', p, context)).toBe('at capacity');
  });

  it('says why nobody could be suggested', () => {
    expect(whyNoCandidates(person('E'), pool([person('E')]), context)).toBe('no_givers');
    expect(whyNoCandidates(person('E'), pool([person('E'), mentor('M', { load: 2 })]), context)).toBe('at_capacity');
    expect(whyNoCandidates(person('E'), pool([person('E')], { busyReceivers: new Set(['E|mentoring']) }), context)).toBe('covered');
  });
});

describe('candidatesFor', () => {
  it('returns the best givers first, skipping excluded ones, for every kind the person wants', () => {
    const me = person('E', { roles: ['mentee', 'reverse_mentee'], level: 5, wanted: ['typescript', 'digital-tools'] });
    const givers = [mentor('M1', { offered: ['python'] }), mentor('M2', { level: 9 }), mentor('M3', { load: 2 }), person('J', { roles: ['reverse_mentor'], offered: ['digital-tools'], level: 2, capacity: 1 })];
    const p = pool([me, ...givers]);
    const compiled = compilePool(p, context);
    const list = candidatesFor(compiled.get('E')!, [...compiled.values()], p, context, 10);
    expect(list.map((c) => [c.giverId, c.kind])).toEqual([
      ['M2', 'mentoring'],
      ['J', 'reverse'],
      ['M1', 'mentoring'],
    ]);
  });
});

describe('proposeRound', () => {
  it('finds the best total, where greedy would not, and explains every pair', () => {
    // E1 fits both mentors; E2 fits only M1. Greedy gives M1 to E1 and leaves E2 a poor fit.
    const e1 = person('E1', { wanted: ['typescript', 'python'] });
    const e2 = person('E2', { wanted: ['negotiation'] });
    const m1 = mentor('M1', { offered: ['typescript', 'python', 'negotiation'], capacity: 1 });
    const m2 = mentor('M2', { offered: ['python'], capacity: 1 });
    const p = pool([e1, e2, m1, m2]);
    const optimal = proposeRound(p, context, solveAssignment);
    expect(optimal.pairs.map((x) => [x.receiverId, x.giverId])).toEqual([
      ['E1', 'M2'],
      ['E2', 'M1'],
    ]);
    expect(optimal.unmatched).toEqual([]);
    expect(optimal.pairs.every((x) => x.reasons.length > 0)).toBe(true);
    const greedy = proposeRound(p, context, greedyAssignment);
    expect(greedy.pairs.map((x) => [x.receiverId, x.giverId])).toContainEqual(['E1', 'M1']);
    expect(optimal.total).toBeGreaterThan(greedy.total);
  });

  it('never exceeds a capacity, never repeats a blocked pair, and is deterministic', () => {
    const mentees = Array.from({ length: 8 }, (_, i) => person(`E${i}`, { wanted: i % 2 ? ['python'] : ['typescript'] }));
    const mentors = [mentor('M1', { capacity: 2, offered: ['typescript', 'python'] }), mentor('M2', { capacity: 3, load: 1, offered: ['python'] })];
    const p = pool([...mentees, ...mentors], { blockedPairs: new Set([pairKey('E0', 'M1')]) });
    const round = proposeRound(p, context, solveAssignment);
    const perMentor = (id: string) => round.pairs.filter((x) => x.giverId === id).length;
    expect(perMentor('M1')).toBeLessThanOrEqual(2);
    expect(perMentor('M2')).toBeLessThanOrEqual(2);
    expect(round.pairs.some((x) => x.receiverId === 'E0' && x.giverId === 'M1')).toBe(false);
    expect(round.pairs.length + round.unmatched.length).toBe(8);
    expect(round.unmatched.every((u) => ['outbid', 'rules', 'at_capacity'].includes(u.reason))).toBe(true);
    expect(JSON.stringify(proposeRound(p, context, solveAssignment))).toBe(JSON.stringify(round));
    expect(round.fairness.mentorLoad).toMatchObject({ mentors: 2, atCapacity: 2 });
  });

  it('gives a peer no more peer partners than their places: a peer pair takes a place of each', () => {
    // Reproduced on main: five peers of one place each were chained A–B, B–C, C–D, D–E, three of them with two partners.
    const peer = (id: string, over: Partial<Participant> = {}) => person(id, { roles: ['peer'], offered: ['typescript', 'python'], wanted: ['typescript', 'python'], capacity: 1, level: 4, department: `Dept ${id}`, ...over });
    const five = proposeRound(pool(['A', 'B', 'C', 'D', 'E'].map((id) => peer(id))), context, solveAssignment);
    const partners = (round: typeof five, id: string) => round.pairs.filter((x) => x.receiverId === id || x.giverId === id).length;
    for (const id of ['A', 'B', 'C', 'D', 'E']) expect(partners(five, id), id).toBeLessThanOrEqual(1);
    expect(five.pairs).toHaveLength(2);
    expect(five.unmatched.map((u) => u.id)).toHaveLength(1);
    // Two places: two partners at most, counting one they already have (the pool counts a peer partnership on both sides).
    const busy = pool([peer('A', { capacity: 2, load: 1 }), peer('B'), peer('C'), peer('D')], { busyReceivers: new Set(['A|peer']) });
    const withPartner = proposeRound(busy, context, solveAssignment);
    expect(partners(withPartner, 'A')).toBeLessThanOrEqual(1);
    for (const id of ['B', 'C', 'D']) expect(partners(withPartner, id), id).toBeLessThanOrEqual(1);
  });

  it('takes a pinned peer pair’s place from both peers, so pinning costs no other pair, and never pins one peer twice', () => {
    const peer = (id: string) => person(id, { roles: ['peer'], offered: ['typescript', 'python'], wanted: ['typescript', 'python'], capacity: 1, level: 4, department: `Dept ${id}` });
    const p = pool(['A', 'B', 'C', 'D'].map(peer));
    const first = proposeRound(p, context, solveAssignment);
    expect(first.pairs).toHaveLength(2);
    for (const pin of first.pairs) {
      const ref = { receiverId: pin.receiverId, giverId: pin.giverId, kind: pin.kind };
      const pinned = proposeRound(p, context, solveAssignment, { adjustments: { ...noAdjustments(first.total), pinned: [ref] } });
      expect(pinned.pairs, `${ref.receiverId}←${ref.giverId}`).toHaveLength(2);
      expect(pinned.unmatched).toEqual([]);
    }
    // Two pins that would give C two partners: the second is let go, and said so.
    const [x, y] = [{ receiverId: 'C', giverId: 'D', kind: 'peer' as const }, { receiverId: 'A', giverId: 'C', kind: 'peer' as const }];
    const both = proposeRound(p, context, solveAssignment, { adjustments: { ...noAdjustments(first.total), pinned: [x, y] } });
    expect(both.pairs.filter((q) => q.receiverId === 'C' || q.giverId === 'C')).toHaveLength(1);
    expect(both.droppedPins).toEqual([y]);
  });

  it('offers a full peer no peers to ask, and a coordinator cannot pair them as the receiving peer', () => {
    const full = person('A', { roles: ['mentor', 'peer'], offered: ['typescript'], wanted: ['typescript'], capacity: 1, load: 1, level: 4 });
    const other = person('B', { roles: ['peer'], offered: ['typescript'], wanted: ['typescript'], capacity: 1, level: 4, department: 'Other' });
    const p = pool([full, other]);
    expect(shortlistRound(p, context).filter((c) => c.receiverId === 'A')).toEqual([]);
    // Their own suggestions (self-serve) offer no peer either: asking would be refused for want of their own place.
    const ranked = rankFor(compileSuggestionPool(p, suggestionContext(context)), 'A', 5);
    expect(ranked.ok ? ranked.top.map((g) => g.kind) : []).not.toContain('peer');
    expect(manualPairRules(full, other, 'peer', p, taxonomy, { keptApart: false, openBetween: false }).hard).toContain('receiver_capacity');
  });

  it('keeps every peer within their places in random programs that mix peers with mentors and mentees', () => {
    const skills = ['typescript', 'python', 'negotiation', 'security'];
    const someone = fc.record({
      roles: fc.constantFrom<Participant['roles']>(['peer'], ['peer'], ['mentor'], ['mentee'], ['mentor', 'peer'], ['peer', 'mentee']),
      offered: fc.subarray(skills, { minLength: 1 }),
      wanted: fc.subarray(skills, { minLength: 1 }),
      capacity: fc.integer({ min: 1, max: 3 }),
      load: fc.integer({ min: 0, max: 1 }),
      level: fc.integer({ min: 3, max: 5 }),
      busyPeer: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(someone, { minLength: 2, maxLength: 9 }), (people) => {
        // As the pool counts it: a peer partner they already have is one of their load, and they are not looking for another.
        const busyPeer = (x: (typeof people)[number]) => x.busyPeer && x.roles.includes('peer');
        const participants = people.map((x, i) => person(`P${i}`, { roles: x.roles, offered: x.offered, wanted: x.wanted, capacity: x.capacity, load: Math.min(x.load + (busyPeer(x) ? 1 : 0), x.capacity), level: x.level, department: `D${i % 3}` }));
        const busyReceivers = new Set(people.flatMap((x, i) => (busyPeer(x) ? [`P${i}|peer`] : [])));
        const round = proposeRound(pool(participants, { busyReceivers }), context, solveAssignment);
        for (const p of participants) {
          const giving = round.pairs.filter((x) => x.giverId === p.id).length;
          const peerReceiving = round.pairs.filter((x) => x.receiverId === p.id && x.kind === 'peer').length;
          expect(giving + peerReceiving, p.id).toBeLessThanOrEqual(p.capacity - p.load);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('handles an empty program and a program of one', () => {
    expect(proposeRound(pool([]), context, solveAssignment)).toMatchObject({ pairs: [], unmatched: [], total: 0 });
    expect(proposeRound(pool([person('E')]), context, solveAssignment).unmatched).toEqual([{ id: 'E', reason: 'no_givers' }]);
  });
});

describe('rating history', () => {
  it('is a soft factor: neutral without enough raters, higher for well-rated mentors, and explained', () => {
    const unrated = score(person('E1'), mentor('M1'));
    const liked = score(person('E1'), mentor('M1', { rating: 4.6 }));
    const disliked = score(person('E1'), mentor('M1', { rating: 2 }));
    expect(unrated.factors.rating).toBe(0.5);
    expect(liked.factors.rating).toBeCloseTo(0.9);
    expect(disliked.factors.rating).toBe(0.25);
    expect(liked.score).toBeGreaterThan(unrated.score);
    expect(disliked.score).toBeLessThan(unrated.score);
    // Soft: it moves a pair by at most the rating weight's share (5%), never excludes anyone.
    expect(liked.score - disliked.score).toBeLessThanOrEqual(0.05 + 1e-9);
    expect(liked.reasons.map((r) => reasonWords(r))).toContain('Mentees rate their sessions highly');
  });
});
