import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import { SUBCOMMANDS } from '../commands/catalogue.js';
import type { Deps } from '../deps.js';
import { buildAppHome } from '../views/appHome.js';

export function appHomeOpened(deps: Deps) {
  return async ({ event, client }: SlackEventMiddlewareArgs<'app_home_opened'> & AllMiddlewareArgs): Promise<void> => {
    if (event.tab !== 'home') return;
    const view = buildAppHome({
      userId: event.user,
      isCoordinator: deps.config.coordinatorUserIds.includes(event.user),
      subcommands: SUBCOMMANDS,
    });
    await client.views.publish({ user_id: event.user, view });
  };
}
