import { describe, expect, it } from 'vitest';
import { type RawIntake, validateIntake } from '../../src/domain/intake.js';
import { loadTaxonomy } from '../../src/taxonomy/loadTaxonomy.js';

const taxonomy = loadTaxonomy();
const context = { taxonomy, today: '2026-11-26', orgFromRoster: false };

const valid: RawIntake = {
  roles: ['mentor', 'mentee'],
  skillsOffered: ['typescript'],
  skillsWanted: ['coaching'],
  goals: [{ aim: 'Lead a project', measure: 'It ships', due: '2027-06-30' }, {}, {}],
  timeZone: 'Asia/Kathmandu',
  workDays: ['1', '2', '3', '4', '5'],
  workStart: '09:00',
  workEnd: '17:00',
  availabilityStart: '10:00',
  availabilityEnd: '12:30',
  capacityMentees: '2',
  capacityHoursPerMonth: '6',
  format: 'video',
  department: 'Engineering',
  level: '4',
  location: 'Kathmandu',
  consent: true,
};

const errorsOf = (overrides: Partial<RawIntake>, ctx = context) => {
  const result = validateIntake({ ...valid, ...overrides }, ctx);
  return result.ok ? {} : result.errors;
};

describe('validateIntake', () => {
  it('stores the canonical IANA name of the zone typed, however it was typed', () => {
    const zoneOf = (timeZone: string) => {
      const result = validateIntake({ ...valid, timeZone }, context);
      return result.ok ? result.answers.timeZone : result.errors.timeZone;
    };
    expect(zoneOf(' europe/london ')).toBe('Europe/London');
    expect(zoneOf('AMERICA/NEW_YORK')).toBe('America/New_York');
    // A deprecated name is stored as the zone's current name.
    expect(zoneOf('Asia/Calcutta')).toBe('Asia/Kolkata');
    expect(zoneOf('Asia/Kolkata')).toBe('Asia/Kolkata');
    expect(zoneOf('utc')).toBe('UTC');
    expect(zoneOf('India')).toContain('is not a time zone we know');
  });

  it('refuses a clock typed for a place ("EST", GMT, Etc/GMT+2), which would keep the same hours all year, and says what to type', () => {
    const zoneOf = (timeZone: string) => {
      const result = validateIntake({ ...valid, timeZone }, context);
      return result.ok ? result.answers.timeZone : result.errors.timeZone;
    };
    // Before: EST was stored as America/Panama and GMT as Etc/GMT, a New Yorker's or Londoner's summer an hour off.
    for (const clock of ['EST', 'est', 'MST', 'GMT', 'Etc/GMT+2', 'PST']) {
      expect(zoneOf(clock)).toBe(`"${clock}" is a clock, not a place, and it would not change for summer time. Type the zone of your city, such as America/New_York or Europe/London.`);
    }
    // Plain UTC is a fair choice of its own, however it is spelled; an old country name still names a place.
    for (const utc of ['UTC', 'Etc/UTC', 'Zulu', 'UCT']) expect(zoneOf(utc)).toBe('UTC');
    expect(zoneOf('US/Eastern')).toBe('America/New_York');
    expect(zoneOf('GB')).toBe('Europe/London');
    // Names that do follow summer time name the zone whose rules they are.
    expect(zoneOf('EST5EDT')).toBe('America/New_York');
    expect(zoneOf('CET')).toBe('Europe/Brussels');
  });

  it('accepts a complete intake and normalises it', () => {
    const result = validateIntake({ ...valid, roles: ['mentee', 'mentor', 'bogus'], timeZone: ' Asia/Kathmandu ' }, context);
    expect(result).toEqual({
      ok: true,
      answers: expect.objectContaining({
        roles: ['mentor', 'mentee'],
        timeZone: 'Asia/Kathmandu',
        workDays: [1, 2, 3, 4, 5],
        workStartMinute: 540,
        workEndMinute: 1020,
        availabilityStartMinute: 600,
        availabilityEndMinute: 750,
        capacityMentees: 2,
        capacityHoursPerMonth: 6,
        goals: [{ aim: 'Lead a project', measure: 'It ships', dueOn: '2027-06-30' }],
        level: 4,
      }),
    });
  });

  it.each([
    [{ roles: [] }, 'roles', 'Pick at least one way to take part.'],
    [{ skillsOffered: [] }, 'skillsOffered', 'need at least one skill'],
    [{ skillsWanted: [] }, 'skillsWanted', 'need at least one skill'],
    [{ skillsOffered: ['cobol-on-mars'] }, 'skillsOffered', 'no longer offered'],
    [{ skillsWanted: Array.from(taxonomy.skills.keys()).slice(0, 11) }, 'skillsWanted', 'at most 10'],
    [{ timeZone: '' }, 'timeZone', 'Tell us your time zone'],
    [{ timeZone: 'Moon/Base' }, 'timeZone', '"Moon/Base" is not a time zone'],
    [{ timeZone: 'Europe/' + 'x'.repeat(70) }, 'timeZone', 'too long'],
    [{ workDays: [] }, 'workDays', 'at least one day'],
    [{ workStart: '' }, 'workStart', 'Pick when your working day starts.'],
    [{ workEnd: '08:00' }, 'workEnd', 'must end after it starts'],
    [{ availabilityEnd: '10:00' }, 'availabilityEnd', 'after the earliest'],
    [{ capacityMentees: '' }, 'capacityMentees', 'how many people'],
    [{ capacityMentees: '6' }, 'capacityMentees', 'between 1 and 5'],
    [{ capacityHoursPerMonth: '0' }, 'capacityHoursPerMonth', 'from 1 to 40'],
    [{ capacityHoursPerMonth: 'lots' }, 'capacityHoursPerMonth', 'from 1 to 40'],
    [{ format: 'carrier-pigeon' }, 'format', 'how you would like to meet'],
    [{ pace: 'hourly' }, 'pace', 'how often you would like to meet'],
    [{ department: '  ' }, 'department', 'Tell us your department'],
    [{ department: 'x'.repeat(81) }, 'department', 'too long; please keep it under 80 characters (nothing was cut)'],
    [{ location: '' }, 'location', 'where you are based'],
    [{ level: '11' }, 'level', 'Pick your level.'],
    [{ consent: false }, 'consent', 'Please agree'],
  ] as [Partial<RawIntake>, string, string][])('refuses %j on %s', (overrides, field, message) => {
    const errors = errorsOf(overrides) as Record<string, string>;
    expect(errors[field]).toContain(message);
  });

  describe('goals', () => {
    it('needs all three parts of a goal, each with its own message', () => {
      expect(errorsOf({ goals: [{ aim: 'Grow', measure: '', due: '' }, {}, {}] })).toMatchObject({
        goal1Measure: 'Goal 1: say how you will know you got there.',
        goal1Due: 'Goal 1: pick a date to reach it by.',
      });
    });

    it('checks dates: real, not past, within three years', () => {
      const goal = (due: string) => ({ goals: [{ aim: 'a', measure: 'b', due }, {}, {}] });
      expect(errorsOf(goal('2026-02-30'))).toMatchObject({ goal1Due: expect.stringContaining('not a valid date') });
      expect(errorsOf(goal('2026-11-25'))).toMatchObject({ goal1Due: expect.stringContaining('already passed') });
      expect(errorsOf(goal('2026-11-26'))).toEqual({});
      expect(errorsOf(goal('2030-01-01'))).toMatchObject({ goal1Due: expect.stringContaining('three years') });
    });

    it('counts what a person sees: 140 emoji fit in a 300-character goal', () => {
      const emoji = '👩🏽‍💻'.repeat(140);
      expect(emoji.length).toBeGreaterThan(300);
      const result = validateIntake({ ...valid, goals: [{ aim: emoji, measure: '🚀'.repeat(300), due: '2027-01-01' }, {}, {}] }, context);
      expect(result.ok).toBe(true);
      expect(errorsOf({ goals: [{ aim: '🚀'.repeat(301), measure: 'b', due: '2027-01-01' }, {}, {}] })).toMatchObject({ goal1Aim: expect.stringContaining('too long') });
      expect(errorsOf({ department: '🏳️‍🌈'.repeat(80) })).toEqual({});
      expect(errorsOf({ department: '🏳️‍🌈'.repeat(81) })).toMatchObject({ department: expect.stringContaining('too long') });
    });

    it('refuses oversized goal text rather than cutting it', () => {
      expect(errorsOf({ goals: [{ aim: 'a'.repeat(301), measure: 'b', due: '2027-01-01' }, {}, {}] })).toMatchObject({ goal1Aim: expect.stringContaining('too long') });
    });

    it('asks mentees for a goal, but not someone who only mentors', () => {
      expect(errorsOf({ goals: [{}, {}, {}] })).toMatchObject({ goal1Aim: expect.stringContaining('at least one goal') });
      expect(errorsOf({ roles: ['mentor'], skillsWanted: [], goals: [{}, {}, {}] })).toEqual({});
    });
  });

  it('does not ask for capacity from someone who only wants a mentor, and drops it', () => {
    const result = validateIntake({ ...valid, roles: ['mentee'], skillsOffered: [], capacityMentees: '', capacityHoursPerMonth: '' }, context);
    expect(result).toMatchObject({ ok: true, answers: { capacityMentees: null, capacityHoursPerMonth: null } });
  });

  it('reports every problem at once, single-field and cross-field alike', () => {
    const errors = errorsOf({ timeZone: 'Nowhere/Land', consent: false, workEnd: '08:00', goals: [{ aim: 'x', measure: 'y', due: '2020-01-01' }, {}, {}] });
    expect(Object.keys(errors).sort()).toEqual(['consent', 'goal1Due', 'timeZone', 'workEnd']);
  });

  it('skips department, level and location when the roster provides them', () => {
    const result = validateIntake({ ...valid, department: '', level: '', location: '' }, { ...context, orgFromRoster: true });
    expect(result).toMatchObject({ ok: true, answers: { department: null, level: null, location: null } });
  });
});
