import { describe, expect, it } from 'vitest';
import { type CircleFormFacts, INTENT_MAX, parseCurriculum, validateCircleForm } from '../../src/domain/circleForm.js';
import { DEFAULT_CIRCLE_SETTINGS } from '../../src/domain/circleRules.js';

const members = ['U1', 'U2', 'U3', 'U4', 'U5'];
const facts: CircleFormFacts = {
  settings: { ...DEFAULT_CIRCLE_SETTINGS, style: 'peer' },
  topics: new Set(['leadership']),
  inProgram: new Set(members),
  fitsTime: () => new Set(members),
  facilitatorRoom: 1,
  facilitatorBusyAt: () => false,
  channelNameTaken: () => false,
  names: (id) => id,
  today: '2026-12-01',
};
const form = { topic: 'leadership', members, weekday: '2', time: '10:00' };
// One coder emoji, as a person sees it: four code points, seven UTF-16 units.
const CODER = '👩🏽‍💻';

describe('the circle form counts what a person sees', () => {
  it('takes an intent of 60 emoji, and refuses one a character over the limit', () => {
    expect(validateCircleForm({ ...form, intent: CODER.repeat(60) }, facts).ok).toBe(true);
    const over = validateCircleForm({ ...form, intent: 'a'.repeat(INTENT_MAX + 1) }, facts);
    expect(over.ok ? undefined : over.errors.intent).toMatch(/under 200 characters/);
  });

  it('takes a session topic of 40 emoji, and refuses one of 151 letters', () => {
    expect(parseCurriculum(`${CODER.repeat(40)}\nSecond session`)).toEqual({ ok: true, topics: [CODER.repeat(40), 'Second session'] });
    expect(parseCurriculum('a'.repeat(151))).toEqual({ ok: false, error: 'Keep each session topic under 150 characters.' });
  });
});
