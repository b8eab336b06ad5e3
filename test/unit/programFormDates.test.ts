import { describe, expect, it } from 'vitest';
import { type RawProgram, validateProgramForm } from '../../src/domain/programForm.js';

/*
 * Reproduced on main: during a closed cohort's survey week, adding a
 * coordinator was refused with "The end date has already passed"; moving
 * the end date later to get past it saved, and the cohort's report was
 * never posted, as if it had closed early.
 */

const raw: RawProgram = { name: 'Spring cohort', purpose: 'Grow', modes: ['mentoring'], tracks: [], coordinators: [], enrollment: 'open', matchingMode: 'self_serve', startsOn: '2027-01-04', endsOn: '2027-03-29', digestDay: '1', digestTime: '09:00' };
const facts = { takenNames: [], clusterIds: new Set<string>(), today: '2027-04-02' };
const endsOnError = (r: ReturnType<typeof validateProgramForm>) => (r.ok ? undefined : r.errors.endsOn);

describe('a program’s dates when it is edited', () => {
  it('may lie in the past when they are kept as they are', () => {
    expect(validateProgramForm(raw, { ...facts, editing: { startsOn: '2027-01-04', endsOn: '2027-03-29', closed: true } }).ok).toBe(true);
    expect(validateProgramForm(raw, { ...facts, editing: { startsOn: '2027-01-04', endsOn: '2027-03-29', closed: false } }).ok).toBe(true);
  });

  it('stay as they were once the cohort has closed, and a new cohort still cannot have ended', () => {
    expect(endsOnError(validateProgramForm({ ...raw, endsOn: '2027-05-01' }, { ...facts, editing: { startsOn: '2027-01-04', endsOn: '2027-03-29', closed: true } }))).toMatch(/has closed, so its dates stay/);
    expect(endsOnError(validateProgramForm(raw, facts))).toBe('The end date (2027-03-29) has already passed.');
    expect(endsOnError(validateProgramForm({ ...raw, endsOn: '2027-03-30' }, { ...facts, editing: { startsOn: '2027-01-04', endsOn: '2027-03-29', closed: false } }))).toBe('The end date (2027-03-30) has already passed.');
  });
});
