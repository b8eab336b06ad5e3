import { describe, expect, it } from 'vitest';
import { validateBlocks, validateView } from '../../emulator/index.js';
import type { FairnessCost } from '../../src/domain/matching/fairnessTarget.js';
import { validateProgramForm } from '../../src/domain/programForm.js';
import { SUBCOMMANDS } from '../../src/domain/subcommands.js';
import { loadTaxonomy } from '../../src/taxonomy/loadTaxonomy.js';
import { fairnessCostLine } from '../../src/views/fairnessCostLine.js';
import { buildHelpMessage } from '../../src/views/helpMessage.js';
import { buildProgramModal, readProgramState } from '../../src/views/programModal.js';
import { overviewBlocks } from '../../src/views/programOverview.js';
import { buildSelfDescriptionModal } from '../../src/views/selfDescriptionModal.js';

const taxonomy = loadTaxonomy();
const cost = (over: Partial<FairnessCost> = {}): FairnessCost => ({
  targetPoints: 10,
  met: true,
  overallBefore: 0.5,
  overallAfter: 0.5,
  matchedBefore: 50,
  matchedAfter: 50,
  unconstrainedTotal: 40,
  fairTotal: 39.6,
  cost: 0.4,
  costPercent: 1,
  solves: 4,
  lifted: [],
  unmet: [],
  ...over,
});

describe('the fairness cost line', () => {
  it('says a target met as it stood costs nothing', () => {
    expect(fairnessCostLine(cost({ cost: 0, costPercent: 0, fairTotal: 40 }))).toBe('*Fairness target 10 points*: already met: every department, level and location is within 10 points of the overall 50%, at no cost in fit.');
  });

  it('names what it lifted and how far, what it could not and why, and the cost', () => {
    const line = fairnessCostLine(
      cost({
        met: false,
        lifted: [{ group: 'level: 2', participants: 8, before: 0.25, after: 0.5 }],
        unmet: [{ group: 'department: <!channel> & Ops', participants: 6, before: 0, after: 0, reason: 'no_candidates' }],
        costPercent: 0.004,
      }),
    );
    expect(line).toBe('*Fairness target 10 points*: lifted level 2 25% → 50% (overall 50% → 50%); not met for &lt;!channel&gt; &amp; Ops 0% → 0%: nobody they could be paired with; cost 0.40 of 40.00 total fit (under 0.01%).');
  });

  it('stays inside a section with hundreds of long group names', () => {
    const many = Array.from({ length: 300 }, (_, i) => ({ group: `location: ${'Kathmandu '.repeat(30)}${i}`, participants: 5, before: 0.1, after: 0.4 }));
    const line = fairnessCostLine(cost({ lifted: many }));
    expect(line).toContain('and 295 more');
    expect(validateBlocks([{ type: 'section', text: { type: 'mrkdwn', text: line } }])).toEqual([]);
  });
});

describe('the program form', () => {
  it('takes a fairness target of 1 to 50 points ("10", "10 points") and which demographics to ask, and shows them when editing', () => {
    const raw = { name: 'Fair', modes: ['mentoring'], tracks: [], coordinators: [], enrollment: 'open', matchingMode: 'rounds' };
    const facts = { takenNames: [], clusterIds: new Set<string>(), today: '2026-12-01' };
    const target = (value: string | undefined) => {
      const result = validateProgramForm({ ...raw, fairnessTarget: value }, facts);
      return result.ok ? result.answers.fairnessTarget : result.errors.fairnessTarget;
    };
    expect(target(undefined)).toBeNull();
    expect(target(' ')).toBeNull();
    expect(target('10')).toBe(10);
    expect(target('10 points')).toBe(10);
    expect(target('1 pt')).toBe(1);
    expect(target('50')).toBe(50);
    for (const bad of ['0', '51', '7.5', 'fair']) expect(target(bad)).toBe('The fairness target is in points below the overall match rate: a whole number from 1 to 50, or empty for none.');
    const asked = validateProgramForm({ ...raw, demographics: ['disability', 'gender_identity'] }, facts);
    expect(asked.ok && asked.answers.demographics).toEqual(['gender_identity', 'disability']);
    expect(validateProgramForm({ ...raw, demographics: ['religion'] }, facts)).toEqual({ ok: false, errors: { demographics: 'A question you picked is not one we know; please pick again.' } });

    const program = { id: 2, name: 'Fair', purpose: '', modes: ['mentoring' as const], tracks: [], enrollment: 'open' as const, eligibility: {}, channelId: null, timeZone: null, cadence: {}, seats: null, maxMenteesPerMentor: null, maxHoursPerMonth: null, minFit: null, fairnessTarget: 12, demographics: ['ethnicity' as const], matchingMode: 'rounds' as const, autoRound: null, circleSettings: null, startsOn: null, endsOn: null, status: 'active' as const };
    const modal = buildProgramModal({ taxonomy, program, defaults: { checkInEveryDays: 14, goalCheckInEveryDays: 30, timeZone: 'UTC' } });
    expect(validateView(modal, 'modal')).toEqual([]);
    const blocks = modal.blocks as { block_id?: string; element?: { initial_value?: string; initial_options?: { value: string }[] } }[];
    expect(blocks.find((b) => b.block_id === 'fairnessTarget')?.element?.initial_value).toBe('12');
    expect(blocks.find((b) => b.block_id === 'demographics')?.element?.initial_options?.map((o) => o.value)).toEqual(['ethnicity']);
    const read = readProgramState({ fairnessTarget: { fairnessTarget: { value: '8' } }, demographics: { demographics: { selected_options: [{ value: 'disability' }] } } });
    expect(read.fairnessTarget).toBe('8');
    expect(read.demographics).toEqual(['disability']);
  });

  it('shows the target and the questions asked in the overview', () => {
    const o = { byRole: { mentor: 1, mentee: 2, peer: 0, reverse_mentor: 0, reverse_mentee: 0 }, members: 3, active: 3, paused: 0 };
    expect(JSON.stringify(overviewBlocks(o, { fairnessTarget: 10, demographics: ['gender_identity', 'disability'] }))).toContain('*Fairness target*\\n10 points; asks gender identity, disability');
    expect(JSON.stringify(overviewBlocks(o, { fairnessTarget: null, demographics: [] }))).toContain('*Fairness target*\\nNo target; no self-described demographics asked');
    expect(JSON.stringify(overviewBlocks(o))).not.toContain('Fairness');
  });
});

describe('the self-description form', () => {
  it('is a valid modal, with every answer optional and the consent its own', () => {
    const modal = buildSelfDescriptionModal({ asked: ['gender_identity', 'ethnicity', 'disability', 'in_own_words'], current: { gender_identity: 'x'.repeat(80), disability: 'no' }, programNames: ['<!channel> cohort'] });
    expect(validateView(modal, 'modal')).toEqual([]);
    const inputs = (modal.blocks as { type: string; optional?: boolean }[]).filter((b) => b.type === 'input');
    expect(inputs.every((b) => b.optional)).toBe(true);
    expect(JSON.stringify(modal)).not.toContain('<!channel>');
  });
});

describe('help', () => {
  it('lists the new subcommands and stays inside a section', () => {
    const help = buildHelpMessage(SUBCOMMANDS);
    expect(help.text).toContain('`/mentor about-me`');
    expect(help.text).toContain('`/mentor audit [program]`');
    expect(validateBlocks(help.blocks)).toEqual([]);
  });
});
