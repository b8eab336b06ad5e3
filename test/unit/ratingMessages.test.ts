import { describe, expect, it } from 'vitest';
import { validateBlocks, validateView } from '../../emulator/index.js';
import { buildRatingModal, buildRatingPrompt, RATE_ACTION, RATING_BLOCKS, RATING_CALLBACK } from '../../src/views/ratingMessages.js';

type Input = { type: string; block_id: string; optional?: boolean; hint?: { text: string }; element: Record<string, unknown> & { type: string } };
const inputs = (view: { blocks: unknown[] }) => (view.blocks as Input[]).filter((b) => b.type === 'input');
const byBlock = (view: { blocks: unknown[] }, id: string) => inputs(view).find((b) => b.block_id === id) as Input;
const start = new Date('2026-12-01T09:00:00Z');

describe('the rating modal', () => {
  it('is valid Block Kit, new and pre-filled', () => {
    const fresh = buildRatingModal({ sessionId: 7, partnerName: 'Chloé <!channel>' });
    const filled = buildRatingModal({ sessionId: 7, partnerName: 'Chloé', existing: { happened: true, usefulness: 4, clarity: 5, applicability: 2, comment: 'Helpful & kind' } });
    const notHeld = buildRatingModal({ sessionId: 7, partnerName: 'Chloé', existing: { happened: false, usefulness: null, clarity: null, applicability: null, comment: null } });
    for (const view of [fresh, filled, notHeld]) expect(validateView(view, 'modal')).toEqual([]);
  });

  it('asks whether it happened (required), three scores 1–5 (checked on submit), and a private comment', () => {
    const view = buildRatingModal({ sessionId: 7, partnerName: 'Chloé' });
    expect(view.callback_id).toBe(RATING_CALLBACK);
    expect(view.private_metadata).toBe('7');
    expect(view.title.text).toBe('Rate your session');
    expect(view.title.text.length).toBeLessThanOrEqual(24);
    expect(inputs(view).map((b) => [b.block_id, b.element.type, b.optional ?? false])).toEqual([
      [RATING_BLOCKS.happened, 'radio_buttons', false],
      [RATING_BLOCKS.usefulness, 'static_select', true],
      [RATING_BLOCKS.clarity, 'static_select', true],
      [RATING_BLOCKS.applicability, 'static_select', true],
      [RATING_BLOCKS.comment, 'plain_text_input', true],
    ]);
    for (const id of [RATING_BLOCKS.usefulness, RATING_BLOCKS.clarity, RATING_BLOCKS.applicability]) {
      expect((byBlock(view, id).element.options as { value: string }[]).map((o) => o.value)).toEqual(['1', '2', '3', '4', '5']);
      expect(byBlock(view, id).element.initial_option).toBeUndefined();
    }
    const comment = byBlock(view, RATING_BLOCKS.comment);
    expect(comment.element).toMatchObject({ multiline: true, max_length: 1000 });
    expect(comment.hint?.text).toMatch(/coordinators.*anonymously/);
    // A name is shown as text, never as a mention or a broadcast.
    expect(JSON.stringify(buildRatingModal({ sessionId: 7, partnerName: '<!channel>' }).blocks)).not.toContain('<!channel>');
  });

  it('pre-fills an existing rating', () => {
    const view = buildRatingModal({ sessionId: 7, partnerName: 'Chloé', existing: { happened: true, usefulness: 4, clarity: 5, applicability: 2, comment: 'Helpful' } });
    expect((byBlock(view, RATING_BLOCKS.happened).element.initial_option as { value: string }).value).toBe('yes');
    expect((byBlock(view, RATING_BLOCKS.usefulness).element.initial_option as { value: string }).value).toBe('4');
    expect((byBlock(view, RATING_BLOCKS.clarity).element.initial_option as { value: string }).value).toBe('5');
    expect((byBlock(view, RATING_BLOCKS.applicability).element.initial_option as { value: string }).value).toBe('2');
    expect(byBlock(view, RATING_BLOCKS.comment).element.initial_value).toBe('Helpful');
    const didNot = buildRatingModal({ sessionId: 7, partnerName: 'Chloé', existing: { happened: false, usefulness: null, clarity: null, applicability: null, comment: null } });
    expect((byBlock(didNot, RATING_BLOCKS.happened).element.initial_option as { value: string }).value).toBe('no');
    expect(byBlock(didNot, RATING_BLOCKS.usefulness).element.initial_option).toBeUndefined();
    expect(byBlock(didNot, RATING_BLOCKS.comment).element.initial_value).toBeUndefined();
  });
});

describe('the rating prompt', () => {
  it('is valid Block Kit with a Rate button carrying the session id, as a prompt and as a reminder', () => {
    for (const reminder of [false, true]) {
      const m = buildRatingPrompt({ sessionId: 12, partnerId: 'U123', start, reminder });
      expect(validateBlocks(m.blocks)).toEqual([]);
      const button = (m.blocks as { type: string; elements?: { action_id: string; value: string }[] }[]).find((b) => b.type === 'actions')?.elements?.[0];
      expect(button).toMatchObject({ action_id: RATE_ACTION, value: '12' });
    }
    expect(buildRatingPrompt({ sessionId: 12, partnerId: 'U123', start, reminder: false }).text).toBe('How was your session with <@U123>?');
    expect(buildRatingPrompt({ sessionId: 12, partnerId: 'U123', start, reminder: true }).text).toBe('Reminder: how was your session with <@U123>?');
  });
});
