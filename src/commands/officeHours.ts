import type { Deps } from '../deps.js';
import { openOfficeHours } from '../services/sessions.js';
import type { SubcommandHandler } from './mentor.js';

/** Leaders: offer your reverse mentors times to book with you. */
export const officeHours =
  (deps: Deps): SubcommandHandler =>
  async ({ ack, command, client, respond }) => {
    await ack();
    const outcome = await openOfficeHours(deps, client, command.user_id);
    await respond({ response_type: 'ephemeral', text: outcome.message });
  };
