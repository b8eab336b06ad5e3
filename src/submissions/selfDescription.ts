import type { Deps } from '../deps.js';
import { DEMOGRAPHIC_QUESTIONS } from '../domain/selfDescription.js';
import { saveAboutMe } from '../services/selfDescription.js';
import { readSelfDescriptionState } from '../views/selfDescriptionModal.js';
import { replyInDm, type SubmitArgs } from './reply.js';

/** The self-description form: saved with its own consent, or removed, or each problem on its field. */
export const selfDescriptionSubmitted = (deps: Deps) => async (args: SubmitArgs) => {
  const raw = readSelfDescriptionState(args.view.state.values, DEMOGRAPHIC_QUESTIONS);
  const outcome = await saveAboutMe(deps, args.body.user.id, raw);
  if (!outcome.ok) return void (await args.ack({ response_action: 'errors', errors: outcome.errors }));
  await args.ack();
  await replyInDm(deps, args, { text: outcome.text });
};
