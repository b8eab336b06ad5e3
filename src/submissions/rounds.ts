import type { Deps } from '../deps.js';
import { applyAdjustment } from '../services/roundAdjust.js';
import { ADJUST_BLOCK, adjustmentWords, zAdjustChoice, zAdjustMeta } from '../views/roundAdjustMessages.js';
import { readMetadata, type SubmitArgs } from './reply.js';

type Values = Record<string, Record<string, { selected_option?: { value?: string } | null }>>;

/** A change to a pair in a round's preview: applied and re-solved, or refused on the form with what stands now. */
export const adjustSubmitted = (deps: Deps) => async (args: SubmitArgs) => {
  const meta = await readMetadata(args, deps, zAdjustMeta, { json: true });
  if (!meta) return;
  const picked = zAdjustChoice.safeParse((args.view.state.values as Values)[ADJUST_BLOCK]?.[ADJUST_BLOCK]?.selected_option?.value);
  if (!picked.success) return void (await args.ack({ response_action: 'errors', errors: { [ADJUST_BLOCK]: adjustmentWords.choose } }));
  const outcome = await applyAdjustment(deps, args.client, { ...meta, actorId: args.body.user.id, choice: picked.data });
  if (!outcome.ok) return void (await args.ack({ response_action: 'errors', errors: { [ADJUST_BLOCK]: outcome.message } }));
  await args.ack();
};
