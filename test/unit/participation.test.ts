import { describe, expect, it } from 'vitest';
import { effectiveStatus, mayPrompt, parsePauseWeeks } from '../../src/domain/participation.js';

const now = new Date('2026-11-26T12:00:00Z');

describe('participation', () => {
  it('lets a dated pause lapse on its own', () => {
    expect(effectiveStatus({ status: 'paused', pausedUntil: new Date('2026-11-26T11:59:59Z') }, now)).toBe('active');
    expect(effectiveStatus({ status: 'paused', pausedUntil: new Date('2026-11-26T12:00:01Z') }, now)).toBe('paused');
    expect(effectiveStatus({ status: 'paused', pausedUntil: null }, now)).toBe('paused');
  });

  it('prompts only joined people who are active now', () => {
    const joinedAt = new Date('2026-01-01');
    expect(mayPrompt({ status: 'active', pausedUntil: null, joinedAt }, now)).toBe(true);
    expect(mayPrompt({ status: 'active', pausedUntil: null, joinedAt: null }, now)).toBe(false);
    expect(mayPrompt({ status: 'paused', pausedUntil: null, joinedAt }, now)).toBe(false);
    expect(mayPrompt({ status: 'left', pausedUntil: null, joinedAt }, now)).toBe(false);
    expect(mayPrompt(undefined, now)).toBe(false);
  });

  it('parses the pause length', () => {
    expect(parsePauseWeeks(undefined)).toEqual({ ok: true, weeks: null });
    expect(parsePauseWeeks('4')).toEqual({ ok: true, weeks: 4 });
    for (const bad of ['two', '-1', '1.5']) expect(parsePauseWeeks(bad)).toMatchObject({ ok: false, message: expect.stringContaining('not a number of weeks') });
    // A number outside the range is a number: the answer says what the range is.
    expect(parsePauseWeeks('27')).toMatchObject({ ok: false, message: expect.stringContaining('A dated pause lasts from 1 to 26 weeks, so 27 weeks is outside it.') });
    expect(parsePauseWeeks('0')).toMatchObject({ ok: false, message: expect.stringContaining('from 1 to 26 weeks') });
    expect(parsePauseWeeks('27')).toMatchObject({ message: expect.not.stringContaining('not a number') });
  });
});
