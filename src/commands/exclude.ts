import type { Deps } from '../deps.js';
import { keptApartRules } from '../services/exclusions.js';
import { buildCoordinatorExclusionModal } from '../views/exclusionMessages.js';
import type { SubcommandHandler } from './mentor.js';

/** Coordinators (the router checks): `/mentor exclude` opens the form that keeps two people apart, under the rules already set. */
export const exclude =
  (deps: Deps): SubcommandHandler =>
  async (args) => {
    await args.ack();
    await args.client.views.open({ trigger_id: args.command.trigger_id, view: buildCoordinatorExclusionModal(await keptApartRules(deps)) });
  };
