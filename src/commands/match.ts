import type { Deps } from '../deps.js';
import { isMember, RUNNING_MATCH_STATUSES } from '../domain/mentorship.js';
import { effectiveStatus } from '../domain/participation.js';
import { deliver, enqueueReply } from '../outbox/outbox.js';
import { matchesOf } from '../repos/matches.js';
import { findPerson, loadProfile } from '../repos/profiles.js';
import { programToMatchIn } from '../services/matchingPrograms.js';
import { suggestFor } from '../services/selfServe.js';
import { buildSuggestions, matchForGivers, noSuggestions } from '../views/matchMessages.js';
import { buildNotJoinedMessage } from '../views/profileCard.js';
import type { SubcommandHandler } from './mentor.js';
import { replyPrivately } from './reply.js';

/** Self-serve: the best mentors for me right now in one of my programs, as cards in my DM. */
export const match =
  (deps: Deps): SubcommandHandler =>
  async (args) => {
    const userId = args.command.user_id;
    const person = await findPerson(deps.db, userId);
    if (!person || !isMember(person)) return replyPrivately(args, buildNotJoinedMessage());
    const now = deps.clock();
    if (effectiveStatus(person, now) === 'paused') return replyPrivately(args, 'You are paused, so matching is off for you. `/mentor resume` turns it back on.');
    const choice = await programToMatchIn(deps, userId, args.params.join(' '));
    if (!choice.ok) return replyPrivately(args, choice.message);
    const program = choice.program;
    await replyPrivately(args, 'Looking for the people who fit you best…');
    // A large program's pool is scored off the main thread, so nobody else's ack waits behind this one.
    const suggestions = deps.poolIndex ? await deps.poolIndex.suggest(userId, program) : await suggestFor(deps, userId, program);
    if (!suggestions.ok) {
      const text =
        suggestions.reason === 'gives_only'
          ? matchForGivers({ mentoring: (await matchesOf(deps.db, userId, RUNNING_MATCH_STATUSES)).filter((m) => m.mentorId === userId && m.programId === program.id).length, capacity: (await loadProfile(deps.db, userId, program.id))?.answers.capacityMentees ?? 0 })
          : noSuggestions(suggestions.reason, suggestions.skills);
      await args.respond({ response_type: 'ephemeral', replace_original: true, text });
      return;
    }
    await enqueueReply(deps.db, { key: `suggestions:${userId}:${now.getTime()}`, recipient: userId, ...buildSuggestions(suggestions.cards), now });
    // What is due by now, not by when the command came: replies others queued while this one waited for its pool go in the same pass.
    await deliver(deps, args.client, deps.clock());
    await args.respond({ response_type: 'ephemeral', replace_original: true, text: suggestions.cards.length === 1 ? "I've sent you a suggestion in our DM, with why it fits." : `I've sent you ${suggestions.cards.length} suggestions in our DM, each with why it fits.` });
  };
