import { visibleLength } from './text.js';

/**
 * Self-described demographics: questions a program may ask so its bias
 * audit can see whether people who describe themselves one way are matched,
 * accepted and rated as well as everyone else. Every answer is optional and
 * in the person's own words (disability is yes or no), given under a
 * consent of its own, separate from the intake's; the answers are used only
 * as counts over groups at least the minimum group size, never shown
 * against a name, and can be removed at any time.
 */

export const DEMOGRAPHIC_QUESTIONS = ['gender_identity', 'ethnicity', 'disability', 'in_own_words'] as const;
export type DemographicQuestion = (typeof DEMOGRAPHIC_QUESTIONS)[number];
export const DISABILITY_ANSWERS = ['yes', 'no'] as const;
export type DisabilityAnswer = (typeof DISABILITY_ANSWERS)[number];
/** A pick that can be taken back: Slack cannot clear a radio button, so "prefer not to say" is one. */
export const NOT_SAYING = 'not_saying';

export const SELF_DESCRIPTION_MAX = 80;

export type SelfDescriptionAnswers = Partial<Record<DemographicQuestion, string>>;

export type SelfDescriptionField = DemographicQuestion | 'consent';

export interface RawSelfDescription {
  answers: Partial<Record<DemographicQuestion, string | undefined>>;
  consent: boolean;
  remove: boolean;
}

export type SelfDescriptionResult =
  | { ok: true; action: 'save'; answers: SelfDescriptionAnswers }
  | { ok: true; action: 'remove' }
  | { ok: false; errors: Partial<Record<SelfDescriptionField, string>> };

/** One answer as it is counted: case and runs of spaces do not make a different group. */
export const answerKey = (answer: string): string => answer.trim().replace(/\s+/g, ' ').toLocaleLowerCase('en');

/**
 * Checks the form: only the questions asked, each within its limit;
 * answers need the consent box; "remove my answers" wins over everything
 * else, and so does a form with every answer emptied.
 */
export function validateSelfDescription(raw: RawSelfDescription, asked: readonly DemographicQuestion[]): SelfDescriptionResult {
  if (raw.remove) return { ok: true, action: 'remove' };
  const errors: Partial<Record<SelfDescriptionField, string>> = {};
  const answers: SelfDescriptionAnswers = {};
  for (const question of asked) {
    const value = (raw.answers[question] ?? '').trim().replace(/\s+/g, ' ');
    if (value === '' || value === NOT_SAYING) continue;
    if (question === 'disability' && !(DISABILITY_ANSWERS as readonly string[]).includes(value)) errors[question] = 'Choose yes or no, or leave it empty.';
    else if (visibleLength(value) > SELF_DESCRIPTION_MAX) errors[question] = `Keep it under ${SELF_DESCRIPTION_MAX} characters (nothing was cut).`;
    else answers[question] = value;
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  // Every answer emptied is every answer taken back.
  if (Object.keys(answers).length === 0) return { ok: true, action: 'remove' };
  if (!raw.consent) return { ok: false, errors: { consent: 'Tick the box to agree before we keep any answer: they are used only in anonymous totals.' } };
  return { ok: true, action: 'save', answers };
}

/** The questions the person is asked: those of every program they take part in that asks any, in the usual order. */
export function questionsFor(programs: readonly { demographics: readonly DemographicQuestion[] }[]): DemographicQuestion[] {
  const asked = new Set(programs.flatMap((p) => p.demographics));
  return DEMOGRAPHIC_QUESTIONS.filter((q) => asked.has(q));
}
