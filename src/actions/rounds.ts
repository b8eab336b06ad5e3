import type { Deps } from '../deps.js';
import { cancelRound, publishRound } from '../services/rounds.js';
import { zRoundValue } from '../views/roundPreview.js';
import { type ButtonArgs, readButton, tellClicker } from './reply.js';

const ALREADY_DECIDED = 'This round has already been published or cancelled.';

/** Publish and Cancel on a round preview; the coordinators-only guard runs before these. */
export const publish = (deps: Deps) => async (args: ButtonArgs) => {
  await args.ack();
  const roundId = await readButton(args, deps, zRoundValue);
  if (roundId === undefined) return;
  if (!(await publishRound(deps, args.client, roundId, args.body.user.id))) await tellClicker(args, deps, { text: ALREADY_DECIDED });
};

export const cancel = (deps: Deps) => async (args: ButtonArgs) => {
  await args.ack();
  const roundId = await readButton(args, deps, zRoundValue);
  if (roundId === undefined) return;
  if (!(await cancelRound(deps, args.client, roundId, args.body.user.id))) await tellClicker(args, deps, { text: ALREADY_DECIDED });
};
