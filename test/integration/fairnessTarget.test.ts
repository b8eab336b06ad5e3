import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CAST } from '../../demo/cast.js';
import { type LocalStack, startLocalStack } from '../../demo/stack.js';
import { renderMessage } from '../../emulator/index.js';
import { solveAssignment } from '../../src/domain/matching/assignment.js';
import { proposeRound } from '../../src/domain/matching/round.js';
import { poolFor } from '../../src/services/pools.js';
import { programById } from '../../src/services/programs.js';
import { roundSolverFor } from '../../src/services/roundSolver.js';
import { scoringContext } from '../../src/services/selfServe.js';
import type { ProgramSettings } from '../../src/domain/programs.js';
import { fairnessCostLine } from '../../src/views/fairnessCostLine.js';
import { createProgram, join, joinProgram, MENTEE, MENTOR } from '../support/program.js';
import { rawSql } from '../support/rawSql.js';

/*
 * A program's fairness target, set through the program form and applied to
 * the program's own pool as the round service builds it: two mentors with
 * one place each, two Sales mentees who want exactly what they offer and two
 * Legal mentees who want a neighbouring skill. Without a target both places
 * go to Sales; with a 10-point target one goes to Legal, and the cost in fit
 * is what that swap gave up.
 */

const ROUNDS_CHANNEL = { id: 'C0FAIRRND1', name: 'fair-rounds' } as const;
const ADMIN = CAST.grace.id;
const MENTORS = ['U0TMENTOR1', 'U0TMENTOR2'];
const SALES = ['U0TSALES01', 'U0TSALES02'];
const LEGAL = ['U0TLEGAL01', 'U0TLEGAL02'];

let now = new Date('2026-12-01T09:00:00Z');
let stack: LocalStack;

beforeAll(async () => {
  stack = await startLocalStack({
    clock: () => now,
    env: { FAIRNESS_MIN_GROUP_SIZE: '2' },
    channels: [{ ...ROUNDS_CHANNEL, members: [ADMIN] }],
    users: [...MENTORS, ...SALES, ...LEGAL].map((id, i) => ({ id, name: `t${i}`, realName: `Target ${i}`, tz: 'Europe/Paris' })),
  });
  await createProgram(stack, ADMIN, { name: 'Fair rounds', channel: ROUNDS_CHANNEL.id, matchingMode: 'rounds', fairnessTarget: '10' });
  for (const id of MENTORS) {
    await join(stack, id, { ...MENTOR, department: 'Engineering', level: '7', skillsOffered: ['system-design'], capacityMentees: '1' });
    await joinProgram(stack, id, 2, { roles: { roles: ['mentor'] }, capacityMentees: { capacityMentees: '1' }, capacityHoursPerMonth: { capacityHoursPerMonth: '2' } });
  }
  const mentee = async (id: string, department: string, wants: string) => {
    await join(stack, id, { ...MENTEE, department, level: '3', skillsWanted: [wants] });
    await joinProgram(stack, id, 2, { roles: { roles: ['mentee'] }, goal1Aim: { goal1Aim: 'Grow' }, goal1Measure: { goal1Measure: 'It shows' }, goal1Due: { goal1Due: '2027-06-01' } });
  };
  for (const id of SALES) await mentee(id, 'Sales', 'system-design');
  for (const id of LEGAL) await mentee(id, 'Legal', 'cloud-infrastructure');
}, 20_000);
afterAll(() => stack?.stop());

const program = async () => await programById(stack.deps, 2) as ProgramSettings;
const departmentOf = (id: string) => (SALES.includes(id) ? 'Sales' : LEGAL.includes(id) ? 'Legal' : '?');

describe('a round with a fairness target', () => {
  it('stores the target from the form', async () => {
    expect(await rawSql(stack.database).get('select fairness_target from programs where id = 2')).toEqual({ fairness_target: 10 });
    expect((await program()).fairnessTarget).toBe(10);
  });

  it('lifts the group left out, at the cost it reports, with the pairs at their own scores', async () => {
    const pool = await poolFor(stack.deps, await program());
    const context = scoringContext(stack.deps);
    const plain = proposeRound(pool, context, solveAssignment);
    expect(plain.pairs.map((p) => departmentOf(p.receiverId))).toEqual(['Sales', 'Sales']);

    const solver = roundSolverFor(stack.deps, await program(), pool);
    const fair = proposeRound(pool, context, solver.solve);
    expect(fair.pairs.map((p) => departmentOf(p.receiverId)).sort()).toEqual(['Legal', 'Sales']);
    const report = solver.fairnessReport();
    expect(report).toMatchObject({ targetPoints: 10, met: true, matchedBefore: 2, matchedAfter: 2, unmet: [] });
    expect(report?.lifted).toEqual([{ group: 'department: Legal', participants: 2, before: 0, after: 0.5 }]);
    expect(report?.unconstrainedTotal).toBeCloseTo(plain.total, 12);
    expect(report?.fairTotal).toBeCloseTo(fair.total, 12);
    expect(report?.cost).toBeGreaterThan(0);
    expect(report?.cost).toBeCloseTo(plain.total - fair.total, 12);
    // Each pair's score is its own, as scored, not the bonus it was chosen with.
    for (const p of fair.pairs) expect(p.score).toBeLessThanOrEqual(1);
    expect(fairnessCostLine(report!)).toMatch(/^\*Fairness target 10 points\*: met by lifting Legal 0% → 50% \(overall 50% → 50%\); cost 0\.\d\d of \d\.\d\d total fit \(\d+\.\d\d%\)\.$/);
  });

  it('changes nothing for a program without one', async () => {
    const pool = await poolFor(stack.deps, await program());
    const solver = roundSolverFor(stack.deps, { fairnessTarget: null }, pool);
    expect(proposeRound(pool, scoringContext(stack.deps), solver.solve)).toEqual(proposeRound(pool, scoringContext(stack.deps), solveAssignment));
    expect(solver.fairnessReport()).toBeNull();
  });

  // Last: it publishes the round, which changes the pool the tests above read.
  it('shows in the preview, through Slack, what the target lifted and what it cost, and publishes that round', async () => {
    await stack.emulator.user(ADMIN).slash('/mentor round Fair rounds');
    await stack.settle();
    const preview = stack.emulator.channelMessages(ROUNDS_CHANNEL.id).at(-1);
    expect(renderMessage(preview ?? {}).join('\n')).toMatch(/\*Fairness target 10 points\*: met by lifting Legal 0% → 50% \(overall 50% → 50%\); cost 0\.\d\d of \d\.\d\d total fit/);
    await stack.emulator.user(ADMIN).click('round_publish');
    await stack.settle();
    const mentees = (await rawSql(stack.database).all<{ mentee_id: string }>("select mentee_id from matches where program_id = 2 and status = 'active'")).map((r) => departmentOf(r.mentee_id));
    expect(mentees.sort()).toEqual(['Legal', 'Sales']);
  });
});
