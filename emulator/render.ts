/*
 * Renders Block Kit as plain text, roughly as a person reads it in Slack, for
 * the demo transcript and for readable test failures.
 */

type Text = { type?: string; text?: string } | undefined;
type Element = { type?: string; text?: Text; action_id?: string; placeholder?: Text; options?: unknown[]; option_groups?: unknown[]; initial_value?: string; url?: string };
type Block = {
  type?: string;
  text?: Text;
  fields?: Text[];
  elements?: (Element & Text)[];
  accessory?: Element;
  label?: Text;
  element?: Element;
  hint?: Text;
  optional?: boolean;
};

export function renderText(text: Text): string {
  return (text?.text ?? '')
    .replace(/<@([A-Z0-9]+)>/g, '@$1')
    .replace(/<!date\^\d+\^[^^|]*(?:\^[^|]*)?\|([^>]+)>/g, '$1')
    .replace(/<([^|>]+)\|([^>]+)>/g, '$2 ($1)');
}

function renderElement(el: Element | undefined): string {
  if (!el) return '';
  switch (el.type) {
    case 'button':
      return `[ ${renderText(el.text)} ]`;
    case 'image':
      return '';
    default:
      return `[ ${renderText(el.placeholder) || el.type} ▾ ]`;
  }
}

export function renderBlocks(blocks: unknown[] | undefined): string[] {
  const lines: string[] = [];
  for (const raw of blocks ?? []) {
    const block = raw as Block;
    switch (block.type) {
      case 'header':
        lines.push(`**${renderText(block.text)}**`);
        break;
      case 'section': {
        if (block.text) lines.push(...renderText(block.text).split('\n'));
        for (const field of block.fields ?? []) lines.push(`  ${renderText(field).replace(/\n/g, ' ')}`);
        const accessory = renderElement(block.accessory);
        if (accessory) lines.push(`  ${accessory}`);
        break;
      }
      case 'context':
        lines.push(`  ${(block.elements ?? []).map((e) => renderText(e)).filter(Boolean).join(' · ')}`);
        break;
      case 'divider':
        lines.push('────────');
        break;
      case 'actions':
        lines.push((block.elements ?? []).map(renderElement).join(' '));
        break;
      case 'input':
        lines.push(`${renderText(block.label)}${block.optional ? ' (optional)' : ''}: ${renderElement(block.element)}`);
        if (block.hint) lines.push(`  ${renderText(block.hint)}`);
        break;
      default:
        lines.push(`(${block.type ?? 'unknown'} block)`);
    }
  }
  return lines;
}

export function renderMessage(message: { text?: string; blocks?: unknown[] }): string[] {
  return message.blocks?.length ? renderBlocks(message.blocks) : renderText({ text: message.text }).split('\n');
}
