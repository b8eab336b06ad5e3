import type { FormInput } from '../emulator/index.js';
import type { IntakeField } from '../src/domain/intake.js';
import type { ProgramField } from '../src/domain/programForm.js';

export type IntakeInput = Partial<Record<IntakeField, string | string[] | undefined>>;

/** A complete, valid intake for a mentor-and-mentee, to be varied per person. */
export const SAMPLE_INTAKE: IntakeInput = {
  roles: ['mentor', 'mentee'],
  skillsOffered: ['typescript', 'system-design'],
  skillsWanted: ['people-management', 'public-speaking'],
  goal1Aim: 'Lead my first cross-team project',
  goal1Measure: 'The project ships and the retro says it ran well',
  goal1Due: '2027-06-30',
  timeZone: 'Europe/Paris',
  workDays: ['1', '2', '3', '4', '5'],
  workStart: '09:00',
  workEnd: '17:30',
  availabilityStart: '10:00',
  availabilityEnd: '16:00',
  capacityMentees: '2',
  capacityHoursPerMonth: '4',
  format: 'video',
  department: 'Engineering',
  level: '5',
  location: 'Paris',
  consent: ['yes'],
};

/** Turns field answers into what a person types and picks in a form whose block and action ids are the field names. */
function formOf(answers: Record<string, string | string[] | undefined>): FormInput {
  return Object.fromEntries(Object.entries(answers).filter(([, v]) => v !== undefined).map(([field, value]) => [field, { [field]: value }]));
}

export const intakeForm = (answers: IntakeInput): FormInput => formOf(answers);

export type ProgramInput = Partial<Record<ProgramField, string | string[] | undefined>>;

/** A complete, valid program: ongoing, open, 1:1 mentoring, every rhythm setting at its default. */
export const SAMPLE_PROGRAM: ProgramInput = {
  name: 'Leadership cohort',
  purpose: 'New managers learn to give feedback, run one-to-ones and lead through change.',
  modes: ['mentoring'],
  enrollment: 'open',
  matchingMode: 'self_serve',
  digestDay: '1',
  digestTime: '09:00',
};

export const programForm = (answers: ProgramInput): FormInput => formOf(answers);
