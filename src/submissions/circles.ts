import type { Deps } from '../deps.js';
import { saveCircleForm, saveCurriculum } from '../services/circleAdmin.js';
import { CURRICULUM_BLOCK, readCircleState, zCircleMeta, zCurriculumMeta } from '../views/circleModal.js';
import { formReader } from '../views/formState.js';
import { readMetadata, replyInDm, type SubmitArgs } from './reply.js';

/** A circle made by hand: every problem on its field, or the circle opened and the coordinator told what follows. */
export const circleSubmitted = (deps: Deps) => async (args: SubmitArgs) => {
  const meta = await readMetadata(args, deps, zCircleMeta, { json: true });
  if (!meta) return;
  const outcome = await saveCircleForm(deps, args.body.user.id, meta.programId, readCircleState(args.view.state.values));
  if (!outcome.ok) return void (await args.ack({ response_action: 'errors', errors: outcome.errors }));
  await args.ack();
  await replyInDm(deps, args, { text: `The circle is open. Its private channel #${outcome.channelName} is made within minutes, with its members invited, a welcome and a calendar file for each.` });
};

/** A circle's session topics, edited: saved, and given to the sessions not yet announced. */
export const curriculumSubmitted = (deps: Deps) => async (args: SubmitArgs) => {
  const meta = await readMetadata(args, deps, zCurriculumMeta, { json: true });
  if (!meta) return;
  const outcome = await saveCurriculum(deps, args.body.user.id, meta.circleId, formReader(args.view.state.values).text(CURRICULUM_BLOCK));
  if (!outcome.ok) return void (await args.ack({ response_action: 'errors', errors: { [CURRICULUM_BLOCK]: outcome.error } }));
  await args.ack();
  await replyInDm(deps, args, { text: `Saved. ${outcome.changed} upcoming ${outcome.changed === 1 ? 'session has' : 'sessions have'} the new topics; each is announced in the circle's channel the day before.` });
};
