import type { SubcommandInfo } from '../domain/subcommands.js';
import { clip, context, escape, type Message, message, section } from './blocks.js';

/** The ephemeral answer to `/mentor help`, and to any subcommand we don't know. */
export function buildHelpMessage(subcommands: readonly SubcommandInfo[], unknown?: string): Message {
  const lines = subcommands.map(
    (s) => `• \`${s.usage}\` — ${s.summary}${s.coordinatorOnly ? ' _(coordinators)_' : ''}`,
  );
  const intro = unknown
    ? `I don't know \`${escape(clip(unknown, 40)).replace(/`/g, "'")}\`. Here is what \`/mentor\` can do:`
    : 'Here is what `/mentor` can do:';
  return message(`${intro}\n${lines.join('\n')}`, [section(intro), section(lines.join('\n')), context('Only you can see this.')]);
}
