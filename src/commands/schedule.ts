import type { Deps } from '../deps.js';
import { pausedPairsOf } from '../services/checkIns.js';
import { proposeSession, schedulableMatches } from '../services/sessions.js';
import { partnerOf } from '../domain/mentorship.js';
import { findPerson } from '../repos/profiles.js';
import { buildPausedPairs } from '../views/pausedPairMessages.js';
import { buildScheduleWithWhom } from '../views/sessionMessages.js';
import type { SubcommandHandler } from './mentor.js';
import { replyPrivately } from './reply.js';

/** Offers a partner times that fit you both; with several partners, asks which one first; a paused pair is offered its Resume. */
export const schedule =
  (deps: Deps): SubcommandHandler =>
  async (args) => {
    const userId = args.command.user_id;
    const pairs = await schedulableMatches(deps, userId);
    if (pairs.length === 0) {
      const paused = await pausedPairsOf(deps, userId);
      if (paused.length > 0) return replyPrivately(args, buildPausedPairs(`${paused.length === 1 ? 'Your mentorship is' : 'Your mentorships are'} paused, so there is nothing to schedule yet. Resume one to book a session (check-ins start again too):`, paused));
      return replyPrivately(args, 'You have no active mentorship to schedule a session in. `/mentor match` finds you someone.');
    }
    if (pairs.length > 1) {
      const choices: { matchId: number; partnerName: string }[] = [];
      for (const m of pairs) {
        const partner = partnerOf(m, userId) as string;
        choices.push({ matchId: m.id, partnerName: (await findPerson(deps.db, partner))?.displayName ?? partner });
      }
      return replyPrivately(args, buildScheduleWithWhom(choices));
    }
    await args.ack();
    const outcome = await proposeSession(deps, args.client, userId, (pairs[0] as { id: number }).id);
    await args.respond({ response_type: 'ephemeral', text: outcome.message });
  };
