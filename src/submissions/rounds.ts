import type { Deps } from '../deps.js';
import { applyAdjustment } from '../services/roundAdjust.js';
import { ADJUST_BLOCK, adjustmentWords, zAdjustChoice, zAdjustMeta } from '../views/roundAdjustMessages.js';
import { formReader } from '../views/formState.js';
import { readMetadata, type SubmitArgs } from './reply.js';

/** A change to a pair in a round's preview: applied and re-solved, or refused on the form with what stands now. */
export const adjustSubmitted = (deps: Deps) => async (args: SubmitArgs) => {
  const meta = await readMetadata(args, deps, zAdjustMeta, { json: true });
  if (!meta) return;
  const picked = zAdjustChoice.safeParse(formReader(args.view.state.values).picked(ADJUST_BLOCK));
  if (!picked.success) return void (await args.ack({ response_action: 'errors', errors: { [ADJUST_BLOCK]: adjustmentWords.choose } }));
  const outcome = await applyAdjustment(deps, args.client, { ...meta, actorId: args.body.user.id, choice: picked.data });
  if (!outcome.ok) return void (await args.ack({ response_action: 'errors', errors: { [ADJUST_BLOCK]: outcome.message } }));
  await args.ack();
};
