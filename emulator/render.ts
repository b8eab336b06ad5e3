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

/** Display names for mentions; unknown IDs print as they are. */
export type Names = Readonly<Record<string, string>>;

export function renderText(text: Text, names: Names = {}): string {
  return (text?.text ?? '')
    .replace(/<@([A-Z0-9]+)>/g, (_, id: string) => `@${names[id] ?? id}`)
    .replace(/<#([A-Z0-9]+)(?:\|([^>]+))?>/g, (_, id: string, name?: string) => `#${name ?? names[id] ?? id}`)
    .replace(/<!date\^\d+\^[^^|]*(?:\^[^|]*)?\|([^>]+)>/g, '$1')
    .replace(/<([^|>]+)\|([^>]+)>/g, '$2 ($1)');
}

function renderElement(el: Element | undefined, names: Names): string {
  if (!el) return '';
  switch (el.type) {
    case 'button':
      return `[ ${renderText(el.text, names)} ]`;
    case 'image':
      return '';
    default:
      return `[ ${renderText(el.placeholder, names) || el.type} ▾ ]`;
  }
}

export function renderBlocks(blocks: unknown[] | undefined, names: Names = {}): string[] {
  const lines: string[] = [];
  for (const raw of blocks ?? []) {
    const block = raw as Block;
    switch (block.type) {
      case 'header':
        lines.push(`**${renderText(block.text, names)}**`);
        break;
      case 'section': {
        if (block.text) lines.push(...renderText(block.text, names).split('\n'));
        for (const field of block.fields ?? []) lines.push(`  ${renderText(field, names).replace(/\n/g, ' ')}`);
        const accessory = renderElement(block.accessory, names);
        if (accessory) lines.push(`  ${accessory}`);
        break;
      }
      case 'context':
        lines.push(`  ${(block.elements ?? []).map((e) => renderText(e, names)).filter(Boolean).join(' · ').replace(/\n/g, ' ')}`);
        break;
      case 'divider':
        lines.push('────────');
        break;
      case 'actions':
        lines.push((block.elements ?? []).map((e) => renderElement(e, names)).join(' '));
        break;
      case 'input':
        lines.push(`${renderText(block.label, names)}${block.optional ? ' (optional)' : ''}: ${renderElement(block.element, names)}`);
        if (block.hint) lines.push(`  ${renderText(block.hint, names)}`);
        break;
      default:
        lines.push(`(${block.type ?? 'unknown'} block)`);
    }
  }
  return lines;
}

export function renderMessage(message: { text?: string; blocks?: unknown[] }, names: Names = {}): string[] {
  return message.blocks?.length ? renderBlocks(message.blocks, names) : renderText({ text: message.text }, names).split('\n');
}
