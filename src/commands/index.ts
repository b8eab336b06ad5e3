import type { App } from '@slack/bolt';
import type { Deps } from '../deps.js';
import { MENTOR_COMMAND, mentorCommand } from './mentor.js';

export function registerCommands(app: App, deps: Deps): void {
  app.command(MENTOR_COMMAND, mentorCommand(deps));
}
