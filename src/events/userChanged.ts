import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import type { Deps } from '../deps.js';
import { accountDeactivated } from '../services/membership.js';

/** A deactivated account leaves the program; every other profile change is Slack's own business. */
export function userChanged(deps: Deps) {
  return async ({ event, client }: SlackEventMiddlewareArgs<'user_change'> & AllMiddlewareArgs): Promise<void> => {
    if (event.user.deleted) await accountDeactivated(deps, client, event.user.id);
  };
}
