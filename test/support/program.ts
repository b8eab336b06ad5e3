import { intakeForm, type IntakeInput, SAMPLE_INTAKE } from '../../demo/forms.js';
import type { LocalStack } from '../../demo/stack.js';

/** Joins through the real form; fails the test if the form refuses. */
export async function join(stack: LocalStack, userId: string, answers: IntakeInput): Promise<void> {
  const person = stack.emulator.user(userId);
  await person.slash('/mentor join');
  await stack.settle();
  const result = await person.submit(intakeForm({ ...SAMPLE_INTAKE, ...answers }));
  await stack.settle();
  if (result.errors) throw new Error(`${userId} could not join: ${JSON.stringify(result.errors)}`);
}

/** A mentee's answers: no capacity, something wanted, one goal. */
export const MENTEE: IntakeInput = { roles: ['mentee'], skillsOffered: [], capacityMentees: undefined, capacityHoursPerMonth: undefined };
/** A mentor's answers: skills offered, no goals needed. */
export const MENTOR: IntakeInput = { roles: ['mentor'], skillsWanted: [], goal1Aim: undefined, goal1Measure: undefined, goal1Due: undefined };
