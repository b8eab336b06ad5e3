import type { HomeView, KnownBlock } from '@slack/types';
import type { SubcommandInfo } from '../commands/catalogue.js';

export interface AppHomeData {
  userId: string;
  isCoordinator: boolean;
  subcommands: readonly SubcommandInfo[];
}

/** The Home tab: what the program is and how to take part. */
export function buildAppHome(data: AppHomeData): HomeView {
  const forEveryone = data.subcommands.filter((s) => !s.coordinatorOnly);
  const forCoordinators = data.subcommands.filter((s) => s.coordinatorOnly);
  const list = (items: readonly SubcommandInfo[]) => items.map((s) => `• \`${s.usage}\` — ${s.summary}`).join('\n');
  const blocks: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: 'Mentoring' } },
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: `Welcome, <@${data.userId}>. This is where our mentoring program lives: 1:1 and peer mentoring, group circles and reverse mentoring, matched on skills, goals and time zones.`,
      },
    },
    { type: 'divider' },
    { type: 'section', text: { type: 'mrkdwn', text: `*What you can do*\n${list(forEveryone)}` } },
  ];
  if (data.isCoordinator && forCoordinators.length > 0) {
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: `*Coordinator tools*\n${list(forCoordinators)}` } });
  }
  blocks.push({
    type: 'context',
    elements: [{ type: 'mrkdwn', text: 'Your answers are used only for matching and for anonymous program reports.' }],
  });
  return { type: 'home', blocks };
}
