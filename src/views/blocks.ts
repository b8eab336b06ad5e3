import type { Button, ConfirmationDialog, ContextBlock, DividerBlock, HeaderBlock, InputBlock, KnownBlock, MrkdwnElement, PlainTextElement, PlainTextOption, SectionBlock } from '@slack/types';

/*
 * The one module every view builds with. Two rules live here and nowhere
 * else: whatever a person typed (or HR's roster holds) goes through `escape`
 * before it reaches mrkdwn, so "<!channel>", "<@U…>" and "<https://…|…>" stay
 * text; and every text is clipped to the limit of the field it lands in,
 * without cutting an entity, a mention or a character in half.
 */

/** Slack's chart block; @slack/types does not describe it yet. Built to the Block Kit schema. */
export interface DataVisualizationBlock {
  type: 'data_visualization';
  block_id?: string;
  title: string;
  chart: {
    type: 'line' | 'bar' | 'area';
    series: { name: string; data: { label: string; value: number }[] }[];
    axis_config: { categories: string[]; x_label?: string; y_label?: string };
  };
}
/** Any block the app sends: Block Kit's known blocks and the chart block. */
export type SlackBlock = KnownBlock | DataVisualizationBlock;

export type Message = { text: string; blocks: KnownBlock[] };

/** Slack's documented limits for the fields these helpers fill. */
export const LIMITS = {
  sectionText: 3000,
  field: 2000,
  fields: 10,
  contextText: 3000,
  header: 150,
  buttonText: 75,
  buttonValue: 2000,
  actionsElements: 25,
  confirmTitle: 100,
  confirmText: 300,
  confirmButton: 30,
  optionText: 75,
  inputLabel: 2000,
  hint: 2000,
  placeholder: 150,
  modalTitle: 24,
  modalButton: 24,
  /** Slack accepts far more, but notifications and previews show only the start. */
  fallbackText: 3000,
} as const;

/** Makes text inert in mrkdwn: Slack's control characters become entities. */
export function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A mention the bot makes itself, of an ID Slack gave it; anyone else (erased, never known) is `absent`. */
export function mention(userId: string | null | undefined, absent = '_a former member_'): string {
  return userId && /^[UW][A-Z0-9]+$/.test(userId) ? `<@${userId}>` : absent;
}

export function channelLink(channelId: string): string {
  return /^[CG][A-Z0-9]+$/.test(channelId) ? `<#${channelId}>` : escape(channelId);
}

/** A person's words as a block quote, inert. */
export function quote(text: string): string {
  return `>${escape(text.trim()).replace(/\n/g, '\n>')}`;
}

/**
 * Keeps text within `max` UTF-16 units (what Slack's limits count), marking the
 * cut with an ellipsis. Never ends inside an entity (&amp;), a token the bot
 * wrote (<@U…>, <!date^…>) or a surrogate pair.
 */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = max - 1;
  if (/[\uD800-\uDBFF]/.test(text.charAt(cut - 1))) cut -= 1;
  const head = text.slice(0, cut);
  const openToken = head.lastIndexOf('<');
  if (openToken > head.lastIndexOf('>')) cut = openToken;
  const openEntity = head.lastIndexOf('&');
  if (openEntity >= 0 && !head.slice(openEntity).includes(';') && head.length - openEntity <= 6) cut = Math.min(cut, openEntity);
  return `${text.slice(0, cut)}…`;
}

/** Lines with a cap: the first `max`, then "…and N more" so a long list stays a list. */
export function bounded(lines: readonly string[], max: number, more: (hidden: number) => string = (n) => `…and ${n} more`): string[] {
  return lines.length <= max ? [...lines] : [...lines.slice(0, max), more(lines.length - max)];
}

/** `emoji` is left out unless given: Slack's default, and the JSON the views have always sent. */
export const plain = (text: string, max: number = LIMITS.sectionText, emoji?: boolean): PlainTextElement => ({
  type: 'plain_text',
  text: clip(text, max),
  ...(emoji === undefined ? {} : { emoji }),
});
export const mrkdwn = (text: string, max: number = LIMITS.sectionText): MrkdwnElement => ({ type: 'mrkdwn', text: clip(text, max) });

export function section(text: string, extra: Partial<SectionBlock> = {}): SectionBlock {
  return { type: 'section', text: mrkdwn(text), ...extra };
}

export function fields(items: readonly string[], extra: Partial<SectionBlock> = {}): SectionBlock {
  return { type: 'section', fields: items.slice(0, LIMITS.fields).map((text) => mrkdwn(text, LIMITS.field)), ...extra };
}

export function context(text: string): ContextBlock {
  return { type: 'context', elements: [mrkdwn(text, LIMITS.contextText)] };
}

export function header(text: string): HeaderBlock {
  return { type: 'header', text: plain(text, LIMITS.header) };
}

export const divider: DividerBlock = { type: 'divider' };

export interface ButtonOptions {
  value?: string | number;
  style?: 'primary' | 'danger';
  confirm?: ConfirmationDialog;
}

export function button(actionId: string, text: string, options: ButtonOptions = {}): Button {
  const value = options.value === undefined ? undefined : String(options.value);
  if (value !== undefined && value.length > LIMITS.buttonValue) throw new RangeError(`button ${actionId}: value of ${value.length} characters is over Slack's ${LIMITS.buttonValue}`);
  return {
    type: 'button',
    action_id: actionId,
    text: plain(text, LIMITS.buttonText),
    ...(value === undefined ? {} : { value }),
    ...(options.style ? { style: options.style } : {}),
    ...(options.confirm ? { confirm: options.confirm } : {}),
  };
}

export function option(text: string, value: string, more: { description?: string; emoji?: boolean } = {}): PlainTextOption {
  return {
    text: plain(text, LIMITS.optionText, more.emoji),
    value,
    ...(more.description === undefined ? {} : { description: plain(more.description, LIMITS.optionText, more.emoji) }),
  };
}

/**
 * The input builder of one form. Its block id and action id are both the
 * field's name, so a field error lands on its block and the state reads back
 * by field (see formState); typed by the form's fields, so a misspelt id
 * fails to compile instead of losing an answer.
 */
export function inputFor<Field extends string>(emoji?: boolean) {
  return (field: Field, label: string, element: InputBlock['element'], extra: Partial<InputBlock> = {}): InputBlock => ({
    type: 'input',
    block_id: field,
    label: plain(label, LIMITS.inputLabel, emoji),
    element: { ...element, action_id: field },
    ...extra,
  });
}

export function actions(blockId: string | undefined, elements: readonly Button[]): KnownBlock {
  return { type: 'actions', ...(blockId ? { block_id: blockId } : {}), elements: elements.slice(0, LIMITS.actionsElements) };
}

/** Slack's confirm dialog, each part inside its cap. */
export function confirmDialog(title: string, text: string, yes: string, no: string, style: 'danger' | 'primary' = 'danger'): ConfirmationDialog {
  return {
    title: plain(title, LIMITS.confirmTitle),
    text: plain(text, LIMITS.confirmText),
    confirm: plain(yes, LIMITS.confirmButton),
    deny: plain(no, LIMITS.confirmButton),
    style,
  };
}

/** A message's top-level text: what notifications show, also mrkdwn. */
export function message(text: string, blocks: KnownBlock[]): Message {
  return { text: clip(text, LIMITS.fallbackText), blocks };
}
