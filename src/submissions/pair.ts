import type { Deps } from '../deps.js';
import { pairByHand } from '../services/manualPair.js';
import { PAIR_BLOCKS, zPairMeta } from '../views/manualPairMessages.js';
import { readMetadata, replyInDm, type SubmitArgs } from './reply.js';

type Values = Record<string, Record<string, { selected_user?: string | null; selected_option?: { value?: string } | null; value?: string | null }>>;

/** A pairing by hand: every refusal on its field, or the pair made and the coordinator told what was recorded. */
export const pairSubmitted = (deps: Deps) => async (args: SubmitArgs) => {
  const meta = await readMetadata(args, deps, zPairMeta, { json: true });
  if (!meta) return;
  const values = args.view.state.values as Values;
  const get = (block: string) => values[block]?.[block];
  const outcome = await pairByHand(deps, args.client, args.body.user.id, meta.programId, {
    giver: get(PAIR_BLOCKS.giver)?.selected_user ?? undefined,
    receiver: get(PAIR_BLOCKS.receiver)?.selected_user ?? undefined,
    kind: get(PAIR_BLOCKS.kind)?.selected_option?.value ?? undefined,
    reason: get(PAIR_BLOCKS.reason)?.value ?? undefined,
  });
  if (!outcome.ok) return void (await args.ack({ response_action: 'errors', errors: outcome.errors }));
  await args.ack();
  await replyInDm(deps, args, { text: outcome.text });
};
