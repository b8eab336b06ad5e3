import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { candidatesFor, compilePool, exclusion } from '../../src/domain/matching/candidates.js';
import { DEFAULT_WEIGHTS, type Participant } from '../../src/domain/matching/participant.js';
import { type Reason, shownReasons } from '../../src/domain/matching/reasons.js';
import { compileParticipant, type ScoringContext, scorePair } from '../../src/domain/matching/scoring.js';
import { formatValue, NO_PREFERENCE, PACES, paceValue } from '../../src/domain/matching/workingStyle.js';
import { FORMATS } from '../../src/domain/intake.js';
import { reasonsLine, reasonWords } from '../../src/views/reasons.js';
import { loadTaxonomy } from '../../src/taxonomy/loadTaxonomy.js';
import { mentor, person, pool } from '../support/participants.js';

/*
 * Format ("video", "in person", "async") and learning pace (how often to
 * meet) are soft factors: they move a pair up or down a little, never rule
 * one out, a shared one is a reason in its own words, and not answering is
 * neutral.
 */

const taxonomy = loadTaxonomy();
const context: ScoringContext = { taxonomy, weights: DEFAULT_WEIGHTS, now: new Date('2026-06-01T00:00:00Z') };
const score = (r: Participant, g: Participant) => scorePair(compileParticipant(r, context), compileParticipant(g, context), 'mentoring', context);

describe('format and pace values', () => {
  it('gives full credit to the same format, but in person only in the same place', () => {
    expect(formatValue('video', 'video', false)).toBe(1);
    expect(formatValue('async', 'async', false)).toBe(1);
    expect(formatValue('in_person', 'in_person', true)).toBe(1);
    expect(formatValue('in_person', 'in_person', false)).toBe(0.25);
    expect(formatValue('in_person', 'video', true)).toBe(0.5);
    expect(formatValue('in_person', 'async', true)).toBe(0.25);
  });

  it('is neutral without an answer, and for a group-circle preference in a 1:1', () => {
    expect(formatValue(null, 'video', true)).toBe(NO_PREFERENCE);
    expect(formatValue('group', 'video', true)).toBe(NO_PREFERENCE);
    expect(paceValue(undefined, 'weekly')).toBe(NO_PREFERENCE);
  });

  it('gives pace full credit for the same rhythm, half one step apart, none for weekly against monthly', () => {
    expect(paceValue('weekly', 'weekly')).toBe(1);
    expect(paceValue('weekly', 'fortnightly')).toBe(0.5);
    expect(paceValue('monthly', 'weekly')).toBe(0);
  });

  it('is symmetric and within [0, 1] for every pair of answers', () => {
    const format = fc.constantFrom(...FORMATS, null);
    const pace = fc.constantFrom(...PACES, null);
    fc.assert(
      fc.property(format, format, fc.boolean(), pace, pace, (a, b, same, p, q) => {
        const f = formatValue(a, b, same);
        expect(f).toBe(formatValue(b, a, same));
        expect(paceValue(p, q)).toBe(paceValue(q, p));
        expect(f >= 0 && f <= 1 && paceValue(p, q) >= 0 && paceValue(p, q) <= 1).toBe(true);
      }),
    );
  });
});

describe('format and pace in matching', () => {
  it('ranks the mentor who meets the way the mentee likes first, all else equal, and says why', () => {
    const mentee = person('E1', { format: 'video', pace: 'weekly' });
    const alike = mentor('M2', { format: 'video', pace: 'weekly' });
    const unlike = mentor('M1', { format: 'async', pace: 'monthly' });
    const compiled = compilePool(pool([mentee, alike, unlike]), context);
    const ranked = candidatesFor(compiled.get('E1')!, [compiled.get('M1')!, compiled.get('M2')!], pool([mentee, alike, unlike]), context, 2);
    expect(ranked.map((c) => c.giverId)).toEqual(['M2', 'M1']);
    const why = score(mentee, alike);
    expect(why.factors.format).toBe(1);
    expect(why.factors.pace).toBe(1);
    expect(score(mentee, unlike).factors.pace).toBe(0);
    const words = why.reasons.map((r) => reasonWords(r));
    expect(words).toContain('Also prefers video calls');
    expect(words).toContain('Also wants to meet every week');
    expect(score(mentee, unlike).reasons.some((r) => r.factor === 'format' || r.factor === 'pace')).toBe(false);
  });

  it('names the place for in person, escaped, and not when the places differ', () => {
    const mentee = person('E1', { format: 'in_person', location: 'Berlin <@U0BOSS> & co' });
    const there = mentor('M1', { format: 'in_person', location: 'berlin <@u0boss> & co' });
    const reason = score(mentee, there).reasons.find((r) => r.factor === 'format') as Reason;
    expect(reasonWords(reason, '<@E1>')).toBe('Both like to meet in person, in Berlin &lt;@U0BOSS&gt; &amp; co');
    expect(score(mentee, mentor('M2', { format: 'in_person', location: 'Paris' })).reasons.some((r) => r.factor === 'format')).toBe(false);
  });

  it('never rules a pair in or out: eligibility is the same whatever people answer', () => {
    const format = fc.constantFrom(...FORMATS, null);
    const pace = fc.constantFrom(...PACES, null);
    fc.assert(
      fc.property(format, format, pace, pace, (a, b, p, q) => {
        const r = person('E1', { format: a, pace: p });
        const g = mentor('M1', { format: b, pace: q });
        expect(exclusion(r, g, 'mentoring', pool([r, g]), context)).toBe(exclusion(person('E1'), mentor('M1'), 'mentoring', pool([r, g]), context));
      }),
      { numRuns: 50 },
    );
  });

  it('shows a shared way of meeting beside the three strongest reasons', () => {
    const why = score(person('E1', { format: 'video', pace: 'weekly' }), mentor('M1', { format: 'video', pace: 'weekly' }));
    const shown = shownReasons(why.reasons);
    expect(shown.slice(0, 3)).toEqual(why.reasons.slice(0, 3));
    expect(shown).toHaveLength(4);
    expect(shown[3]?.factor).toMatch(/format|pace/);
    expect(reasonsLine(shown)).toContain(' · Also ');
  });
});
