import type { App } from '@slack/bolt';
import type { Deps } from '../deps.js';
import { appHomeOpened } from './appHomeOpened.js';

export function registerEvents(app: App, deps: Deps): void {
  app.event('app_home_opened', appHomeOpened(deps));
}
