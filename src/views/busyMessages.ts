import type { ModalView } from '@slack/types';
import { plain, section } from './blocks.js';

export const BUSY_ACTION = 'busy_until_edit';
export const BUSY_CALLBACK = 'busy_until';
export const BUSY_BLOCK = 'busy_until';

/** "Busy until…": a date after which the mentor is offered again; empty means available now. */
export function buildBusyModal(current: string | null, today: string): ModalView {
  return {
    type: 'modal',
    callback_id: BUSY_CALLBACK,
    title: plain('Busy until', 24),
    submit: plain('Save', 24),
    close: plain('Cancel', 24),
    blocks: [
      section('A launch, a leave, a busy quarter: until this date nobody new is suggested to you or paired with you, in any program. Your mentees, your profile and your place stay as they are, and you are offered again the day after, with nothing to do. Leave it empty to be available now.'),
      {
        type: 'input',
        block_id: BUSY_BLOCK,
        optional: true,
        label: plain('Busy until (inclusive)'),
        element: { type: 'datepicker', action_id: BUSY_BLOCK, ...(current && current >= today ? { initial_date: current } : {}) },
      },
    ],
  };
}

export const BUSY_WORDS = {
  saved: (until: string) => `Saved: nobody new is offered to you until after ${until}. Your mentorships carry on as before.`,
  cleared: 'Saved: you are available for new mentees again.',
  past: 'Pick a date after today, or leave it empty to be available now.',
  tooFar: 'Pick a date within the next twelve months; you can always set it again.',
  notMember: 'Join first with `/mentor join`; then you can say when you are busy.',
} as const;
