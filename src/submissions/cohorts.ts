import type { Deps } from '../deps.js';
import { deliver } from '../outbox/outbox.js';
import { type FormOutcome, saveBaseline, saveSurvey } from '../services/cohorts.js';
import { GOAL_BLOCK_PREFIX, SURVEY_BLOCKS, zEnrollmentValue } from '../views/cohortMessages.js';
import { formReader, type FormValues } from '../views/formState.js';
import { TRACK_BLOCK_PREFIX, zSelfRatingMeta } from '../views/selfRatingModal.js';
import { readMetadata, replyInDm, type SubmitArgs } from './reply.js';

/*
 * The self-rating form (the baseline) and the closing survey. Field errors
 * keep the form open and store nothing; a refusal (the cohort closed while
 * the form was open) closes it and says why in the DM.
 */

/** What was picked in every block whose id starts with the prefix, by the rest of the id. */
function pickedUnder(state: FormValues, prefix: string): Record<string, string | undefined> {
  const form = formReader(state);
  return Object.fromEntries(
    Object.keys(state)
      .filter((blockId) => blockId.startsWith(prefix))
      .map((blockId) => [blockId.slice(prefix.length), form.picked(blockId)]),
  );
}

async function finish(args: SubmitArgs, deps: Deps, outcome: FormOutcome): Promise<void> {
  if (!outcome.ok && 'errors' in outcome) return void (await args.ack({ response_action: 'errors', errors: outcome.errors }));
  await args.ack();
  const text = outcome.ok ? outcome.reply : outcome.message;
  if (text) await replyInDm(deps, args, { text });
  // What the service queued (recognition, the invitation) goes out now.
  else await deliver(deps, args.client, deps.clock());
}

export const selfRatingSubmitted = (deps: Deps) => async (args: SubmitArgs) => {
  const enrollmentId = await readMetadata(args, deps, zSelfRatingMeta);
  if (enrollmentId === undefined) return;
  await finish(args, deps, await saveBaseline(deps, args.body.user.id, enrollmentId, pickedUnder(args.view.state.values, TRACK_BLOCK_PREFIX)));
};

export const surveySubmitted = (deps: Deps) => async (args: SubmitArgs) => {
  const enrollmentId = await readMetadata(args, deps, zEnrollmentValue);
  if (enrollmentId === undefined) return;
  const state = args.view.state.values;
  const form = formReader(state);
  const outcome = await saveSurvey(deps, args.body.user.id, enrollmentId, {
    goals: pickedUnder(state, GOAL_BLOCK_PREFIX),
    rating: form.picked(SURVEY_BLOCKS.rating),
    comment: form.text(SURVEY_BLOCKS.comment),
    tracks: pickedUnder(state, TRACK_BLOCK_PREFIX),
  });
  await finish(args, deps, outcome);
};
