import { renderBlocks, renderMessage, type SlackEmulator, type VisibleEvent } from '../emulator/index.js';

/**
 * Prints what each person and each channel sees, as it appears, so the demo
 * reads like a scroll through Slack.
 */
export class Transcript {
  private readonly mentions: Record<string, string>;

  constructor(
    private readonly emulator: SlackEmulator,
    private readonly names: Record<string, string>,
    private readonly write: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
  ) {
    // Mentions read as first names, channels as their names.
    this.mentions = {
      ...Object.fromEntries(Object.entries(names).map(([id, name]) => [id, name.split(' ')[0] ?? name])),
      ...Object.fromEntries([...emulator.workspace.channels.values()].map((c) => [c.id, c.name])),
    };
    emulator.on('visible', (event) => this.show(event));
  }

  private clock: (() => Date) | undefined;
  private unabridged = false;

  /** From here on, print surfaces whole (the finale: the digest as coordinators see it). */
  printInFull(): void {
    this.unabridged = true;
  }
  private lastDay = '';

  /** From here on, the first event of each virtual day is headed by the date. */
  followClock(clock: () => Date): void {
    this.clock = clock;
  }

  heading(text: string): void {
    this.write('');
    this.write(`━━ ${text} ${'━'.repeat(Math.max(3, 72 - text.length))}`);
  }

  /** Something a person does, e.g. "Aiko runs /mentor help". */
  action(userId: string, what: string): void {
    this.write('');
    this.write(`▶ ${this.name(userId)} ${what}`);
  }

  note(text: string): void {
    this.write(`  · ${text}`);
  }

  private name(id: string): string {
    return this.names[id] ?? id;
  }

  private show(event: VisibleEvent): void {
    switch (event.kind) {
      case 'ephemeral':
        this.block(`${this.name(event.userId)} sees (only visible to them):`, renderMessage(event.message, this.mentions));
        break;
      case 'message': {
        const channel = this.emulator.workspace.channels.get(event.channel);
        const where =
          channel?.kind === 'im'
            ? `${this.name(event.audience[0] ?? '')} gets a DM`
            : channel?.kind === 'mpim'
              ? `group DM with ${event.audience.map((id) => this.name(id)).join(', ')}`
              : `#${channel?.name ?? event.channel}`;
        const files = (event.message.files ?? []).map((f) => `📎 ${f.name}`);
        this.block(`${where}${event.edit ? ' (message updated)' : ''}:`, [...renderMessage(event.message, this.mentions), ...files]);
        break;
      }
      case 'delete': {
        const channel = this.emulator.workspace.channels.get(event.channel);
        this.write(`  ✂ the bot deleted one of its messages in ${channel?.kind === 'im' ? `${this.name(event.audience[0] ?? '')}'s DM` : `#${channel?.name ?? event.channel}`}`);
        break;
      }
      case 'home':
        this.block(`${this.name(event.userId)}'s Home tab:`, renderBlocks(event.view.view.blocks as unknown[], this.mentions));
        break;
      case 'modal': {
        const title = (event.view.view.title as { text?: string } | undefined)?.text ?? '';
        if (event.action === 'close') return this.write(`  ${this.name(event.userId)}'s modal “${title}” closes`);
        if (event.action === 'errors') {
          const lines = Object.entries(event.errors ?? {}).map(([field, message]) => `⚠ ${field}: ${message}`);
          return this.block(`${this.name(event.userId)}'s modal “${title}” shows errors:`, lines);
        }
        this.block(`${this.name(event.userId)} sees a modal “${title}” (${event.action}):`, renderBlocks(event.view.view.blocks as unknown[], this.mentions), 8);
        break;
      }
    }
  }

  /** Long surfaces (a whole form, a full Home tab) are cut so the story stays readable. */
  private dateLine(): void {
    if (!this.clock) return;
    const now = this.clock();
    const day = now.toISOString().slice(0, 10);
    if (day === this.lastDay) return;
    this.lastDay = day;
    this.write('');
    this.write(`🕘 ${now.toUTCString().replace(':00 GMT', ' UTC')}`);
  }

  private block(title: string, lines: string[], max = 18): void {
    this.dateLine();
    if (this.unabridged) max = Number.POSITIVE_INFINITY;
    this.write(`  ┌ ${title}`);
    for (const line of lines.slice(0, max)) this.write(`  │ ${line}`);
    if (lines.length > max) this.write(`  │ … (${lines.length - max} more lines)`);
    this.write('  └');
  }
}
