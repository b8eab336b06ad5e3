import type { App } from '@slack/bolt';
import { registerActions } from './actions/index.js';
import { registerCommands } from './commands/index.js';
import type { Deps } from './deps.js';
import { listenerErrorGuard } from './errorHandler.js';
import { registerEvents } from './events/index.js';
import { registerOptions } from './options/index.js';
import { registerSubmissions } from './submissions/index.js';

/** The whole of the app's Slack wiring. Each folder registers its own listeners. */
export function registerListeners(app: App, deps: Deps): void {
  app.use(listenerErrorGuard(app, deps.logger));
  registerCommands(app, deps);
  registerEvents(app, deps);
  registerActions(app, deps);
  registerSubmissions(app, deps);
  registerOptions(app, deps);
}
