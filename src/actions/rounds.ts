import type { Deps } from '../deps.js';
import { cancelRound, publishRound } from '../services/rounds.js';
import { adjustForm } from '../services/roundAdjust.js';
import { buildAdjustModal } from '../views/roundAdjustMessages.js';
import { zPairChangeValue, zRoundValue } from '../views/roundPreview.js';
import { onButton } from './reply.js';

const ALREADY_DECIDED = 'This round has already been published or cancelled.';

/** Publish and Cancel on a round preview; the coordinators-only guard runs before these. */
export const publish = (deps: Deps) =>
  onButton(deps, zRoundValue, async (args, roundId) => {
    const outcome = await publishRound(deps, args.client, roundId, args.body.user.id);
    if (!outcome) return { text: ALREADY_DECIDED };
    return 'refused' in outcome ? { text: outcome.refused } : undefined;
  });

export const cancel = (deps: Deps) =>
  onButton(deps, zRoundValue, async (args, roundId) => ((await cancelRound(deps, args.client, roundId, args.body.user.id)) ? undefined : { text: ALREADY_DECIDED }));

/** "Change…" beside a proposed pair: the form to pin, remove or swap it, or why it can no longer change. */
export const openPairChange = (deps: Deps) =>
  onButton(deps, zPairChangeValue, async (args, { roundId, receiverId }) => {
    const form = await adjustForm(deps, roundId, receiverId);
    if (!form.ok) return { text: form.message };
    await args.client.views.open({ trigger_id: args.body.trigger_id, view: buildAdjustModal(form.data) });
  });
