import type { App } from '@slack/bolt';
import type { Deps } from '../deps.js';
import { INTAKE_CALLBACK_ID } from '../views/intakeModal.js';
import { DECLINE_CALLBACK_ID } from '../views/matchMessages.js';
import { declineSubmitted } from './decline.js';
import { intakeSubmitted } from './intake.js';

export function registerSubmissions(app: App, deps: Deps): void {
  app.view(INTAKE_CALLBACK_ID, intakeSubmitted(deps));
  app.view(DECLINE_CALLBACK_ID, declineSubmitted(deps));
}
