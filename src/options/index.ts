import type { App } from '@slack/bolt';
import type { Deps } from '../deps.js';
import { programById } from '../services/programs.js';
import { CIRCLE_CALLBACK, circleTopics, zCircleMeta } from '../views/circleModal.js';
import { SKILL_FIELDS, skillOptions } from '../views/intakeModal.js';
import { clusterOptions, PROGRAM_CALLBACK } from '../views/programModal.js';
import { readValue } from '../views/values.js';

/**
 * Options Slack asks for while someone types into an external select
 * (block_suggestion), for pickers too large for a menu sent with the form:
 * the intake's skill pickers, the program form's tracks and the circle
 * form's topic.
 */
export function registerOptions(app: App, deps: Deps): void {
  for (const field of SKILL_FIELDS) {
    app.options(field, async ({ ack, payload }) => {
      await ack(skillOptions(deps.taxonomy, payload.value ?? ''));
    });
  }
  app.options<'block_suggestion'>({ action_id: 'tracks', callback_id: PROGRAM_CALLBACK }, async ({ ack, payload }) => {
    await ack(clusterOptions(deps.taxonomy.clusters, payload.value ?? ''));
  });
  // A circle's topic is one of its program's tracks, the program named in the form's metadata.
  app.options<'block_suggestion'>({ action_id: 'topic', callback_id: CIRCLE_CALLBACK }, async ({ ack, payload }) => {
    const meta = readValue(zCircleMeta, payload.view?.private_metadata, { json: true });
    const program = meta.ok ? await programById(deps, meta.value.programId) : undefined;
    await ack(clusterOptions(program ? circleTopics(deps.taxonomy, program.tracks) : [], payload.value ?? ''));
  });
}

