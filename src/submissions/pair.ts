import type { Deps } from '../deps.js';
import { pairByHand } from '../services/manualPair.js';
import { PAIR_BLOCKS, zPairMeta } from '../views/manualPairMessages.js';
import { formReader } from '../views/formState.js';
import { readMetadata, replyInDm, type SubmitArgs } from './reply.js';

/** A pairing by hand: every refusal on its field, or the pair made and the coordinator told what was recorded. */
export const pairSubmitted = (deps: Deps) => async (args: SubmitArgs) => {
  const meta = await readMetadata(args, deps, zPairMeta, { json: true });
  if (!meta) return;
  const form = formReader(args.view.state.values);
  const outcome = await pairByHand(deps, args.client, args.body.user.id, meta.programId, {
    giver: form.user(PAIR_BLOCKS.giver),
    receiver: form.user(PAIR_BLOCKS.receiver),
    kind: form.picked(PAIR_BLOCKS.kind),
    reason: form.text(PAIR_BLOCKS.reason),
  });
  if (!outcome.ok) return void (await args.ack({ response_action: 'errors', errors: outcome.errors }));
  await args.ack();
  await replyInDm(deps, args, { text: outcome.text });
};
