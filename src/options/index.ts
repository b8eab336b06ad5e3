import type { App } from '@slack/bolt';
import type { Deps } from '../deps.js';
import { SKILL_FIELDS, skillOptions } from '../views/intakeModal.js';

/**
 * Options Slack asks for while someone types into an external select
 * (block_suggestion): the intake's skill pickers, when the taxonomy is too
 * large for a menu sent with the form.
 */
export function registerOptions(app: App, deps: Deps): void {
  for (const field of SKILL_FIELDS) {
    app.options(field, async ({ ack, payload }) => {
      await ack(skillOptions(deps.taxonomy, payload.value ?? ''));
    });
  }
}
