import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formCircles } from '../../src/domain/circles/formation.js';
import { slotSetOf } from '../../src/domain/circles/weeklySlots.js';

/** Exclusions are a hard rule in circles too: two people kept apart never share one, whatever else fits. */

const TOPIC = { id: 'technical-mastery', name: 'Technical mastery', skillIds: ['typescript'] };
const everyone = slotSetOf([10, 11, 12, 13]);
const person = (i: number) => ({ id: `U${String(i).padStart(3, '0')}`, slots: everyone, wants: ['typescript'], department: `D${i % 4}`, level: (i % 5) + 1, location: null });

describe('circles keep apart who must be kept apart', () => {
  it('never seats an excluded pair together, and still places who it can', () => {
    fc.assert(
      fc.property(fc.integer({ min: 6, max: 24 }), fc.array(fc.tuple(fc.nat(23), fc.nat(23)), { maxLength: 20 }), (n, raw) => {
        const members = Array.from({ length: n }, (_, i) => person(i));
        const apart = raw.filter(([a, b]) => a < n && b < n && a !== b).map(([a, b]) => [members[a]!.id, members[b]!.id] as const);
        const outcome = formCircles({ settings: { sizeMin: 3, sizeMax: 4, mode: 'peer', topics: [TOPIC], sessionMinutes: 60 }, members, facilitators: [], apart }, { iterations: 200 });
        expect(outcome.ok).toBe(true);
        if (!outcome.ok) return;
        const key = (a: string, b: string) => [a, b].sort().join('|');
        const banned = new Set(apart.map(([a, b]) => key(a, b)));
        for (const c of outcome.circles) for (const a of c.memberIds) for (const b of c.memberIds) if (a < b) expect(banned.has(key(a, b))).toBe(false);
        expect(outcome.circles.reduce((s, c) => s + c.memberIds.length, 0) + outcome.unplaced.length).toBe(n);
      }),
      { numRuns: 60 },
    );
  });

  it('keeps a facilitator from the member who excluded them', () => {
    const members = [0, 1, 2, 3].map(person);
    const facilitators = [
      { id: 'F1', slots: everyone, offers: ['typescript'], capacityLeft: 1, department: 'DF', level: 7 },
      { id: 'F2', slots: everyone, offers: ['typescript'], capacityLeft: 1, department: 'DF', level: 7 },
    ];
    const outcome = formCircles({ settings: { sizeMin: 3, sizeMax: 4, mode: 'facilitated', topics: [TOPIC], sessionMinutes: 60 }, members, facilitators, apart: [[members[0]!.id, 'F1']] });
    expect(outcome.ok && outcome.circles.map((c) => c.facilitatorId)).toEqual(['F2']);
  });
});
