import type { Deps } from '../deps.js';
import { effectiveStatus } from '../domain/participation.js';
import { suggestFor } from '../flows/selfServe.js';
import { findPerson } from '../repos/profiles.js';
import { buildSuggestions, noSuggestions } from '../views/matchMessages.js';
import { buildNotJoinedMessage } from '../views/profileCard.js';
import type { SubcommandHandler } from './mentor.js';
import { replyPrivately } from './reply.js';

/** Self-serve: the best mentors for me right now, as cards in my DM. */
export const match =
  (deps: Deps): SubcommandHandler =>
  async (args) => {
    const userId = args.command.user_id;
    const person = findPerson(deps.db, userId);
    if (!person?.joinedAt || person.status === 'left') return replyPrivately(args, buildNotJoinedMessage());
    if (effectiveStatus(person, deps.clock()) === 'paused') return replyPrivately(args, 'You are paused, so matching is off for you. `/mentor resume` turns it back on.');
    await replyPrivately(args, 'Looking for the people who fit you best…');
    const suggestions = suggestFor(deps, userId);
    if (!suggestions.ok) {
      await args.respond({ response_type: 'ephemeral', replace_original: true, text: noSuggestions(suggestions.reason) });
      return;
    }
    await args.client.chat.postMessage({ channel: userId, ...buildSuggestions(suggestions.cards) });
    await args.respond({ response_type: 'ephemeral', replace_original: true, text: suggestions.cards.length === 1 ? "I've sent you a suggestion in our DM, with why it fits." : `I've sent you ${suggestions.cards.length} suggestions in our DM, each with why it fits.` });
  };
