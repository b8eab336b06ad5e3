import type { Deps } from '../deps.js';
import { openIntakeModal } from '../services/intake.js';
import type { SubcommandHandler } from './mentor.js';

/** Opens the intake form (pre-filled for members) inside the trigger's three seconds. */
export const join =
  (deps: Deps): SubcommandHandler =>
  async ({ ack, client, command }) => {
    await ack();
    await openIntakeModal(deps, client, command.user_id, command.trigger_id);
  };
