import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildMenteeGoalCheckIn, buildMentorCheckIn } from '../../src/views/checkInMessages.js';
import { type DeferredView, mentionsOf, renderDeferred, textOf } from '../../src/views/deferred.js';

/*
 * A message kept as a view and its input (views/deferred.ts) must render,
 * after the trip through the outbox's JSON column, exactly as the view
 * would have rendered it when queued, and must name everyone it mentions,
 * or an erasure would miss it.
 */

const userId = fc.stringMatching(/^U[A-Z0-9]{8}$/);
const hostile = fc.oneof(fc.string(), fc.constantFrom('<@U0AAAAAAA1>', '<!channel>', '*bold* <https://x|y>', '&lt;'));
const deferred: fc.Arbitrary<DeferredView> = fc.oneof(
  fc.record({
    view: fc.constant('mentorCheckIn' as const),
    input: fc.record({ checkInId: fc.nat(), matchId: fc.nat(), menteeId: userId, weeksTogether: fc.integer({ min: 1, max: 200 }), nextSessionAt: fc.option(fc.integer({ min: 1.7e12, max: 1.9e12 })) }),
  }),
  fc.record({
    view: fc.constant('menteeGoalCheckIn' as const),
    input: fc.record({ checkInId: fc.nat(), mentorId: userId, goals: fc.array(fc.record({ aim: hostile, dueOn: hostile }), { maxLength: 12 }) }),
  }),
);

const direct = (d: DeferredView) =>
  d.view === 'mentorCheckIn' ? buildMentorCheckIn({ ...d.input, nextSessionAt: d.input.nextSessionAt === null ? null : new Date(d.input.nextSessionAt) }) : buildMenteeGoalCheckIn(d.input);

describe('deferred views', () => {
  it('render after a trip through JSON exactly as the view renders, name everyone they mention, and give its text without rendering', () => {
    fc.assert(
      fc.property(deferred, (d) => {
        const rendered = renderDeferred(JSON.parse(JSON.stringify(d)) as { view: string; input: unknown });
        expect(rendered).toEqual({ ok: true, message: direct(d) });
        const mentioned = [...JSON.stringify(rendered.ok ? rendered.message : {}).matchAll(/<@([UW][A-Z0-9]{2,})>/g)].map((m) => m[1]);
        expect(new Set(mentionsOf(d))).toEqual(new Set(mentioned));
        // The text stored beside the input, for a release that cannot render it, is the rendered one's.
        expect(textOf(d)).toBe(rendered.ok ? rendered.message.text : undefined);
      }),
    );
  });

  it('refuse, with the reason, an input stored in a shape they no longer take, and a view that does not exist', () => {
    expect(renderDeferred({ view: 'mentorCheckIn', input: { checkInId: 1, matchId: 2, menteeId: 'U0AAAAAAA1', weeksTogether: 2, nextSessionAt: '2026-12-01' } })).toEqual({
      ok: false,
      error: expect.stringContaining('stored input for mentorCheckIn does not fit it'),
    });
    expect(renderDeferred({ view: 'retired', input: {} })).toEqual({ ok: false, error: 'no view named retired' });
  });
});
