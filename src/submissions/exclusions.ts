import type { Deps } from '../deps.js';
import { saveBusyUntil } from '../services/busy.js';
import { saveCoordinatorExclusion, saveOwnExclusions } from '../services/exclusions.js';
import { BUSY_BLOCK } from '../views/busyMessages.js';
import { EXCLUSION_BLOCKS } from '../views/exclusionMessages.js';
import { replyInDm, type SubmitArgs } from './reply.js';

type Values = Record<string, Record<string, { selected_users?: string[]; selected_user?: string | null; value?: string | null; selected_options?: { value?: string }[]; selected_date?: string | null }>>;

/** The person's own list: saved as picked, and they are told it stays private. */
export const ownExclusionsSubmitted = (deps: Deps) => async (args: SubmitArgs) => {
  const values = args.view.state.values as Values;
  const outcome = saveOwnExclusions(deps, args.body.user.id, values[EXCLUSION_BLOCKS.people]?.[EXCLUSION_BLOCKS.people]?.selected_users ?? []);
  if (!outcome.ok) return void (await args.ack({ response_action: 'errors', errors: outcome.errors }));
  await args.ack();
  await replyInDm(deps, args, { text: outcome.text });
};

/** A coordinator's rule keeping two people apart, or lifting it. */
export const coordinatorExclusionSubmitted = (deps: Deps) => async (args: SubmitArgs) => {
  const values = args.view.state.values as Values;
  const get = (block: string) => values[block]?.[block];
  const outcome = saveCoordinatorExclusion(deps, args.body.user.id, {
    first: get(EXCLUSION_BLOCKS.first)?.selected_user ?? undefined,
    second: get(EXCLUSION_BLOCKS.second)?.selected_user ?? undefined,
    reason: get(EXCLUSION_BLOCKS.reason)?.value ?? undefined,
    remove: (get(EXCLUSION_BLOCKS.remove)?.selected_options ?? []).some((o) => o.value === 'remove'),
  });
  if (!outcome.ok) return void (await args.ack({ response_action: 'errors', errors: outcome.errors }));
  await args.ack();
  await replyInDm(deps, args, { text: outcome.text });
};

/** "Busy until": saved, or the date refused on its field. */
export const busyUntilSubmitted = (deps: Deps) => async (args: SubmitArgs) => {
  const values = args.view.state.values as Values;
  const outcome = saveBusyUntil(deps, args.body.user.id, values[BUSY_BLOCK]?.[BUSY_BLOCK]?.selected_date);
  if (!outcome.ok) return void (await args.ack({ response_action: 'errors', errors: outcome.errors }));
  await args.ack();
  await replyInDm(deps, args, { text: outcome.text });
};
