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

/** An active pair decided at `decidedAt`, as a round or an accepted request would leave it. */
export function activePair(stack: LocalStack, mentorId: string, menteeId: string, decidedAt: Date, kind: 'mentoring' | 'peer' | 'reverse' = 'mentoring'): number {
  const result = stack.database.sqlite
    .prepare("insert into matches (mentor_id, mentee_id, kind, status, source, requested_at, decided_at) values (?, ?, ?, 'active', 'round', ?, ?)")
    .run(mentorId, menteeId, kind, decidedAt.getTime(), decidedAt.getTime());
  return Number(result.lastInsertRowid);
}

/** The action ids of the buttons in a message or view's blocks, in order. */
export function actionIds(blocks: unknown[] | undefined): string[] {
  return (blocks ?? []).flatMap((raw) => {
    const b = raw as { accessory?: { action_id?: string }; elements?: { action_id?: string }[] };
    return [b.accessory?.action_id, ...(b.elements ?? []).map((e) => e.action_id)].filter((id): id is string => typeof id === 'string');
  });
}
