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
    const pairs = schedulableMatches(deps, userId);
    if (pairs.length === 0) {
      const paused = pausedPairsOf(deps, userId);
      if (paused.length > 0) return replyPrivately(args, buildPausedPairs(`${paused.length === 1 ? 'Your mentorship is' : 'Your mentorships are'} paused, so there is nothing to schedule yet. Resume one to book a session (check-ins start again too):`, paused));
      return replyPrivately(args, 'You have no active mentorship to schedule a session in. `/mentor match` finds you someone.');
    }
    if (pairs.length > 1) {
      const choices = pairs.map((m) => {
        const partner = partnerOf(m, userId) as string;
        return { matchId: m.id, partnerName: findPerson(deps.db, partner)?.displayName ?? partner };
      });
      return replyPrivately(args, buildScheduleWithWhom(choices));
    }
    await args.ack();
    const outcome = await proposeSession(deps, args.client, userId, (pairs[0] as { id: number }).id);
    await args.respond({ response_type: 'ephemeral', text: outcome.message });
  };
