import type { KnownBlock } from '@slack/types';
import type { Deps } from '../deps.js';
import { proposeSession, schedulableMatches } from '../flows/sessions.js';
import { findPerson } from '../repos/profiles.js';
import { clip } from '../views/format.js';
import type { SubcommandHandler } from './mentor.js';
import { replyPrivately } from './reply.js';

export const SCHEDULE_WITH_PREFIX = 'schedule_with:';
export const SCHEDULE_WITH_ACTION = /^schedule_with:\d+$/;

/** Offers a partner times that fit you both; with several partners, asks which one first. */
export const schedule =
  (deps: Deps): SubcommandHandler =>
  async (args) => {
    const userId = args.command.user_id;
    const pairs = schedulableMatches(deps, userId);
    if (pairs.length === 0) return replyPrivately(args, 'You have no active mentorship to schedule a session in. `/mentor match` finds you someone.');
    if (pairs.length > 1) {
      const blocks: KnownBlock[] = [
        { type: 'section', text: { type: 'mrkdwn', text: 'Who would you like to meet?' } },
        {
          type: 'actions',
          elements: pairs.slice(0, 25).map((m) => {
            const partner = (m.mentorId === userId ? m.menteeId : m.mentorId) as string;
            // Button labels are plain text, where a mention would not render: use the name.
            const name = findPerson(deps.db, partner)?.displayName ?? partner;
            return { type: 'button', action_id: `${SCHEDULE_WITH_PREFIX}${m.id}`, value: String(m.id), text: { type: 'plain_text', text: clip(`With ${name}`, 75) } };
          }),
        },
      ];
      return replyPrivately(args, { text: 'Who would you like to meet?', blocks });
    }
    await args.ack();
    const outcome = await proposeSession(deps, args.client, userId, (pairs[0] as { id: number }).id);
    await args.respond({ response_type: 'ephemeral', text: outcome.message });
  };
