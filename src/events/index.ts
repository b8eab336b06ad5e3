import type { App } from '@slack/bolt';
import type { Deps } from '../deps.js';
import { appHomeOpened } from './appHomeOpened.js';
import { userChanged } from './userChanged.js';

export function registerEvents(app: App, deps: Deps): void {
  app.event('app_home_opened', appHomeOpened(deps));
  app.event('user_change', userChanged(deps));
}
