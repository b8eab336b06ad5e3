import type { Middleware, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { Deps } from '../deps.js';
import { isCoordinator } from '../services/home.js';
import { coordinatorOnlyMessage } from '../views/membershipMessages.js';

/**
 * The one check for coordinator buttons, registered in front of their
 * listeners: anyone else is told who the coordinators are, and nothing runs.
 */
export function onlyCoordinators(deps: Deps): Middleware<SlackActionMiddlewareArgs> {
  return async ({ body, ack, respond, next }) => {
    if (isCoordinator(deps, body.user.id)) return next();
    await ack();
    await respond({ response_type: 'ephemeral', replace_original: false, text: coordinatorOnlyMessage('this button', deps.config.coordinatorUserIds) });
  };
}

