import type { InputBlock, KnownBlock, ModalView } from '@slack/types';
import { type DemographicQuestion, NOT_SAYING, type RawSelfDescription, SELF_DESCRIPTION_MAX, type SelfDescriptionAnswers } from '../domain/selfDescription.js';
import { clip, context, escape, option, plain, section } from './blocks.js';
import { formReader, type FormValues } from './formState.js';

/*
 * `/mentor about-me`: the self-described demographics a person's programs
 * ask for, each optional, with a consent box of its own (the intake's
 * consent does not cover them), and a way to take every answer back. Block
 * and action ids are the field names, so an error lands on its field.
 */

export const SELF_DESCRIPTION_CALLBACK = 'self_description_submit';
export const SELF_DESCRIPTION_BLOCKS = { consent: 'consent', remove: 'remove' } as const;

/** How the program form names each question. */
export const DEMOGRAPHIC_LABELS: Record<DemographicQuestion, string> = {
  gender_identity: 'Gender identity, in their own words',
  ethnicity: 'Ethnicity or heritage, in their own words',
  disability: 'Disability: yes, no or prefer not to say',
  in_own_words: 'Anything else about themselves, in their own words',
};

/** How the audit names each question's groups. */
export const DEMOGRAPHIC_DIMENSIONS: Record<DemographicQuestion, string> = {
  gender_identity: 'gender identity',
  ethnicity: 'ethnicity or heritage',
  disability: 'disability',
  in_own_words: 'self-description',
};

const QUESTION_LABELS: Record<DemographicQuestion, string> = {
  gender_identity: 'Your gender identity, in your own words',
  ethnicity: 'Your ethnicity or heritage, in your own words',
  disability: 'Do you consider yourself to have a disability?',
  in_own_words: 'Anything else about yourself you would like counted',
};

const DISABILITY_OPTIONS = [option('Yes', 'yes'), option('No', 'no'), option('Prefer not to say', NOT_SAYING)];

export interface SelfDescriptionModalData {
  asked: readonly DemographicQuestion[];
  current: SelfDescriptionAnswers | undefined;
  programNames: readonly string[];
}

function question(q: DemographicQuestion, current: SelfDescriptionAnswers | undefined): InputBlock {
  const value = current?.[q];
  const element =
    q === 'disability'
      ? { type: 'radio_buttons' as const, action_id: q, options: DISABILITY_OPTIONS, ...(value ? { initial_option: DISABILITY_OPTIONS.find((o) => o.value === value) ?? DISABILITY_OPTIONS[2] } : {}) }
      : { type: 'plain_text_input' as const, action_id: q, max_length: SELF_DESCRIPTION_MAX, ...(value ? { initial_value: value } : {}) };
  return { type: 'input', block_id: q, optional: true, label: plain(QUESTION_LABELS[q], 150), element };
}

export function buildSelfDescriptionModal(d: SelfDescriptionModalData): ModalView {
  const consent = option('I agree to these answers being counted anonymously', 'yes', { description: 'Only in totals over groups too large to pick anyone out; never with my name' });
  const remove = option('Remove all my answers', 'remove');
  const blocks: KnownBlock[] = [
    section(
      'Every question is optional. Your answers help your program check that people who describe themselves differently are matched, accepted and rated as fairly as everyone else. ' +
        'They are counted only in groups large enough that nobody can be picked out, never shown with your name (not to coordinators, not to anyone), and you can change or remove them at any time; they are in your data export and go when you delete your data.',
    ),
    ...d.asked.map((q) => question(q, d.current)),
    { type: 'input', block_id: SELF_DESCRIPTION_BLOCKS.consent, optional: true, label: plain('Consent, separate from joining'), element: { type: 'checkboxes', action_id: SELF_DESCRIPTION_BLOCKS.consent, options: [consent] } },
    ...(d.current ? [{ type: 'input' as const, block_id: SELF_DESCRIPTION_BLOCKS.remove, optional: true, label: plain('Take them back'), element: { type: 'checkboxes' as const, action_id: SELF_DESCRIPTION_BLOCKS.remove, options: [remove] } }] : []),
    // Program names are typed by admins: shown inert.
    context(`Asked by: ${d.programNames.map((n) => escape(clip(n, 80))).join(', ')}.`),
  ];
  return {
    type: 'modal',
    callback_id: SELF_DESCRIPTION_CALLBACK,
    title: plain('About you (optional)', 24),
    submit: plain('Save', 24),
    close: plain('Cancel', 24),
    blocks,
  };
}

export function readSelfDescriptionState(values: FormValues, asked: readonly DemographicQuestion[]): RawSelfDescription {
  const form = formReader(values);
  return {
    answers: Object.fromEntries(asked.map((q) => [q, form.answer(q)])),
    consent: form.ticked(SELF_DESCRIPTION_BLOCKS.consent).includes('yes'),
    remove: form.ticked(SELF_DESCRIPTION_BLOCKS.remove).includes('remove'),
  };
}
