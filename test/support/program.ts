import { intakeForm, type IntakeInput, programForm, type ProgramInput, SAMPLE_INTAKE, SAMPLE_PROGRAM } from '../../demo/forms.js';
import type { LocalStack } from '../../demo/stack.js';
import type { FormInput } from '../../emulator/index.js';
import { rawSql } from './rawSql.js';

/** Joins through the real form; fails the test if the form refuses. */
export async function join(stack: LocalStack, userId: string, answers: IntakeInput): Promise<void> {
  const person = stack.emulator.user(userId);
  await person.slash('/mentor join');
  await stack.settle();
  const result = await person.submit(intakeForm({ ...SAMPLE_INTAKE, ...answers }));
  await stack.settle();
  if (result.errors) throw new Error(`${userId} could not join: ${JSON.stringify(result.errors)}`);
}

/** `/mentor program new` and the form, as an admin fills it in (SAMPLE_PROGRAM varied by `answers`); returns what Slack answered, errors included. */
export async function submitProgram(stack: LocalStack, adminId: string, answers: ProgramInput): Promise<{ errors?: Record<string, string> }> {
  const admin = stack.emulator.user(adminId);
  await admin.slash('/mentor program new');
  await stack.settle();
  const result = await admin.submit(programForm({ ...SAMPLE_PROGRAM, ...answers }));
  await stack.settle();
  return result;
}

/** Creates a program through the form; fails the test if the form refuses. */
export async function createProgram(stack: LocalStack, adminId: string, answers: ProgramInput): Promise<void> {
  const result = await submitProgram(stack, adminId, answers);
  if (result.errors) throw new Error(`the program was refused: ${JSON.stringify(result.errors)}`);
}

/** A member joins a program the way Slack does: `/mentor programs`, Join, the program's part of the form. */
export async function joinProgram(stack: LocalStack, userId: string, programId: number, part: FormInput): Promise<void> {
  const person = stack.emulator.user(userId);
  await person.slash('/mentor programs');
  await stack.settle();
  await person.click(`program_join:${programId}`, { value: String(programId) });
  await stack.settle();
  const result = await person.submit(part);
  await stack.settle();
  if (result.errors) throw new Error(`${userId} could not join program ${programId}: ${JSON.stringify(result.errors)}`);
}

/** A mentee's answers: no capacity, something wanted, one goal. */
export const MENTEE: IntakeInput = { roles: ['mentee'], skillsOffered: [], capacityMentees: undefined, capacityHoursPerMonth: undefined };
/** A mentor's answers: skills offered, no goals needed. */
export const MENTOR: IntakeInput = { roles: ['mentor'], skillsWanted: [], goal1Aim: undefined, goal1Measure: undefined, goal1Due: undefined };

/** An active pair decided at `decidedAt`, as a round or an accepted request would leave it. */
export async function activePair(stack: LocalStack, mentorId: string, menteeId: string, decidedAt: Date, kind: 'mentoring' | 'peer' | 'reverse' = 'mentoring'): Promise<number> {
  const { lastId } = await rawSql(stack.database).run(
    "insert into matches (mentor_id, mentee_id, kind, status, source, requested_at, decided_at) values (?, ?, ?, 'active', 'round', ?, ?) returning id",
    mentorId,
    menteeId,
    kind,
    decidedAt.getTime(),
    decidedAt.getTime(),
  );
  return Number(lastId);
}

/** The action ids of the buttons in a message or view's blocks, in order. */
export function actionIds(blocks: unknown[] | undefined): string[] {
  return (blocks ?? []).flatMap((raw) => {
    const b = raw as { accessory?: { action_id?: string }; elements?: { action_id?: string }[] };
    return [b.accessory?.action_id, ...(b.elements ?? []).map((e) => e.action_id)].filter((id): id is string => typeof id === 'string');
  });
}

/** The givers on the suggestion cards a person has been sent, in order. */
export function suggestedTo(stack: LocalStack, userId: string): string[] {
  return stack.emulator
    .user(userId)
    .messages()
    .flatMap((m) => m.blocks ?? [])
    .map((b) => (b as { accessory?: { action_id?: string } }).accessory?.action_id)
    .filter((a): a is string => typeof a === 'string' && a.startsWith('request:'))
    .map((a) => a.slice('request:'.length));
}
