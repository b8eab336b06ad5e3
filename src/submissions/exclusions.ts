import type { Deps } from '../deps.js';
import { saveBusyUntil } from '../services/busy.js';
import { saveCoordinatorExclusion, saveOwnExclusions } from '../services/exclusions.js';
import { BUSY_BLOCK } from '../views/busyMessages.js';
import { EXCLUSION_BLOCKS } from '../views/exclusionMessages.js';
import { formReader } from '../views/formState.js';
import { replyInDm, type SubmitArgs } from './reply.js';

/** The person's own list: saved as picked, and they are told it stays private. */
export const ownExclusionsSubmitted = (deps: Deps) => async (args: SubmitArgs) => {
  const outcome = await saveOwnExclusions(deps, args.body.user.id, formReader(args.view.state.values).users(EXCLUSION_BLOCKS.people));
  if (!outcome.ok) return void (await args.ack({ response_action: 'errors', errors: outcome.errors }));
  await args.ack();
  await replyInDm(deps, args, { text: outcome.text });
};

/** A coordinator's rule keeping two people apart, or lifting it. */
export const coordinatorExclusionSubmitted = (deps: Deps) => async (args: SubmitArgs) => {
  const form = formReader(args.view.state.values);
  const outcome = await saveCoordinatorExclusion(deps, args.body.user.id, {
    first: form.user(EXCLUSION_BLOCKS.first),
    second: form.user(EXCLUSION_BLOCKS.second),
    reason: form.text(EXCLUSION_BLOCKS.reason),
    remove: form.ticked(EXCLUSION_BLOCKS.remove).includes('remove'),
  });
  if (!outcome.ok) return void (await args.ack({ response_action: 'errors', errors: outcome.errors }));
  await args.ack();
  await replyInDm(deps, args, { text: outcome.text });
};

/** "Busy until": saved, or the date refused on its field. */
export const busyUntilSubmitted = (deps: Deps) => async (args: SubmitArgs) => {
  const outcome = await saveBusyUntil(deps, args.body.user.id, formReader(args.view.state.values).date(BUSY_BLOCK));
  if (!outcome.ok) return void (await args.ack({ response_action: 'errors', errors: outcome.errors }));
  await args.ack();
  await replyInDm(deps, args, { text: outcome.text });
};
