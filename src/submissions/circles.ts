import type { Deps } from '../deps.js';
import { saveCircleForm } from '../services/circleAdmin.js';
import { type CircleStateValues, readCircleState, zCircleMeta } from '../views/circleModal.js';
import { readMetadata, replyInDm, type SubmitArgs } from './reply.js';

/** A circle made by hand: every problem on its field, or the circle opened and the coordinator told what follows. */
export const circleSubmitted = (deps: Deps) => async (args: SubmitArgs) => {
  const meta = await readMetadata(args, deps, zCircleMeta, { json: true });
  if (!meta) return;
  const outcome = saveCircleForm(deps, args.body.user.id, meta.programId, readCircleState(args.view.state.values as CircleStateValues));
  if (!outcome.ok) return void (await args.ack({ response_action: 'errors', errors: outcome.errors }));
  await args.ack();
  await replyInDm(deps, args, { text: `The circle is open. Its private channel #${outcome.channelName} is made within minutes, with its members invited, a welcome and a calendar file for each.` });
};
