import type { Deps } from '../deps.js';
import { ratingForm } from '../services/ratings.js';
import { seeOtherMentors } from '../services/rematch.js';
import { buildRatingModal, zRatingSession } from '../views/ratingMessages.js';
import { onButton } from './reply.js';

/** The Rate button opens the rating form, filled in with the person's rating if they gave one. */
export const rate = (deps: Deps) =>
  onButton(deps, zRatingSession, async (args, sessionId) => {
    const form = await ratingForm(deps, args.body.user.id, sessionId);
    if (!form.ok) return { text: form.message };
    await args.client.views.open({ trigger_id: args.body.trigger_id, view: buildRatingModal({ sessionId, partnerName: form.partnerName, existing: form.existing }) });
  });

/** "See other mentors" under a poor rating's thanks: the offer arrives as its own DM, so only refusals and repeats are answered here. */
export const seeOthers = (deps: Deps) =>
  onButton(deps, zRatingSession, async (args, sessionId) => {
    const refused = await seeOtherMentors(deps, args.client, args.body.user.id, sessionId);
    return refused ? { text: refused } : undefined;
  });
