import { describe, expect, it } from 'vitest';
import { inputFor, LIMITS, option, plain } from '../../src/views/blocks.js';
import { formReader } from '../../src/views/formState.js';

describe('the form helpers in blocks', () => {
  it('clips an option, and its description, to Slack’s 75 characters', () => {
    const o = option('x'.repeat(100), 'v', { description: 'y'.repeat(100) });
    expect(o.text.text).toHaveLength(LIMITS.optionText);
    expect(o.description?.text).toHaveLength(LIMITS.optionText);
    expect(o.value).toBe('v');
    expect(option('Yes', 'yes')).toEqual({ text: { type: 'plain_text', text: 'Yes' }, value: 'yes' });
  });

  it('adds emoji only when asked', () => {
    expect(plain('a')).toEqual({ type: 'plain_text', text: 'a' });
    expect(plain('a', 24, true)).toEqual({ type: 'plain_text', text: 'a', emoji: true });
  });

  it('gives an input its field as block and action id, with its label clipped', () => {
    const input = inputFor<'name'>();
    const block = input('name', 'l'.repeat(2500), { type: 'plain_text_input' }, { optional: true });
    expect(block).toMatchObject({ type: 'input', block_id: 'name', element: { type: 'plain_text_input', action_id: 'name' }, optional: true });
    expect(block.label.text).toHaveLength(LIMITS.inputLabel);
  });
});

describe('formReader', () => {
  const form = formReader({
    typed: { typed: { type: 'plain_text_input', value: 'hello' } },
    empty: { empty: { type: 'plain_text_input', value: null } },
    menu: { menu: { type: 'static_select', selected_option: { value: '3' } } },
    none: { none: { type: 'static_select', selected_option: null } },
    boxes: { boxes: { type: 'checkboxes', selected_options: [{ value: 'yes' }, {}] } },
    who: { who: { type: 'users_select', selected_user: 'U1' } },
    many: { many: { type: 'multi_users_select', selected_users: ['U1', 'U2'] } },
    day: { day: { type: 'datepicker', selected_date: '2026-01-05' } },
    at: { at: { type: 'timepicker', selected_time: '09:30' } },
    where: { where: { type: 'conversations_select', selected_conversation: 'C1' } },
    other: { elsewhere: { type: 'plain_text_input', value: 'not this one' } },
  });

  it('reads each kind of input by its field, and nothing given as undefined or empty', () => {
    expect(form.text('typed')).toBe('hello');
    expect(form.text('empty')).toBeUndefined();
    expect(form.picked('menu')).toBe('3');
    expect(form.picked('none')).toBeUndefined();
    expect(form.ticked('boxes')).toEqual(['yes', '']);
    expect(form.ticked('missing')).toEqual([]);
    expect(form.user('who')).toBe('U1');
    expect(form.users('many')).toEqual(['U1', 'U2']);
    expect(form.users('missing')).toEqual([]);
    expect(form.date('day')).toBe('2026-01-05');
    // The action id must be the block id: another action in the block is not the field's answer.
    expect(form.text('other')).toBeUndefined();
  });

  it('answers with whatever single value an input holds', () => {
    expect(['typed', 'menu', 'who', 'day', 'at', 'where', 'empty', 'none', 'missing'].map((f) => form.answer(f))).toEqual(['hello', '3', 'U1', '2026-01-05', '09:30', 'C1', undefined, undefined, undefined]);
  });
});
