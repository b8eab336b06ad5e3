import type { Deps } from '../deps.js';
import { cancelRound, publishRound } from '../services/rounds.js';
import { zRoundValue } from '../views/roundPreview.js';
import { onButton } from './reply.js';

const ALREADY_DECIDED = 'This round has already been published or cancelled.';

/** Publish and Cancel on a round preview; the coordinators-only guard runs before these. */
export const publish = (deps: Deps) =>
  onButton(deps, zRoundValue, async (args, roundId) => ((await publishRound(deps, args.client, roundId, args.body.user.id)) ? undefined : { text: ALREADY_DECIDED }));

export const cancel = (deps: Deps) =>
  onButton(deps, zRoundValue, async (args, roundId) => ((await cancelRound(deps, args.client, roundId, args.body.user.id)) ? undefined : { text: ALREADY_DECIDED }));
