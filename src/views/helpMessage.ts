import type { KnownBlock } from '@slack/types';
import type { SubcommandInfo } from '../domain/subcommands.js';
import { escape } from './blocks.js';

export interface HelpMessage {
  text: string;
  blocks: KnownBlock[];
}

/** The ephemeral answer to `/mentor help`, and to any subcommand we don't know. */
export function buildHelpMessage(subcommands: readonly SubcommandInfo[], unknown?: string): HelpMessage {
  const lines = subcommands.map(
    (s) => `• \`${s.usage}\` — ${s.summary}${s.coordinatorOnly ? ' _(coordinators)_' : ''}`,
  );
  const intro = unknown
    ? `I don't know \`${escape(truncate(unknown, 40)).replace(/`/g, "'")}\`. Here is what \`/mentor\` can do:`
    : 'Here is what `/mentor` can do:';
  return {
    text: `${intro}\n${lines.join('\n')}`,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: intro } },
      { type: 'section', text: { type: 'mrkdwn', text: lines.join('\n') } },
      {
        type: 'context',
        elements: [{ type: 'mrkdwn', text: 'Only you can see this.' }],
      },
    ],
  };
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
