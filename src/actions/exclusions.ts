import type { Deps } from '../deps.js';
import { busyForm } from '../services/busy.js';
import { myExclusions } from '../services/exclusions.js';
import { buildBusyModal } from '../views/busyMessages.js';
import { buildOwnExclusionsModal } from '../views/exclusionMessages.js';
import type { ButtonArgs } from './reply.js';

/** "Not matched with…" on the profile: the person's own private list, in a form. */
export const openOwnExclusions = (deps: Deps) => async ({ ack, body, client }: ButtonArgs) => {
  await ack();
  await client.views.open({ trigger_id: body.trigger_id, view: buildOwnExclusionsModal(await myExclusions(deps, body.user.id)) });
};

/** "Busy until…" on the profile: the date nobody new is offered to them before. */
export const openBusyUntil = (deps: Deps) => async ({ ack, body, client }: ButtonArgs) => {
  await ack();
  const { current, today } = await busyForm(deps, body.user.id);
  await client.views.open({ trigger_id: body.trigger_id, view: buildBusyModal(current, today) });
};
