import type { App } from '@slack/bolt';
import type { Deps } from '../deps.js';
import { INTAKE_CALLBACK_ID } from '../views/intakeModal.js';
import { DECLINE_CALLBACK_ID } from '../views/matchMessages.js';
import { declineSubmitted } from './decline.js';
import { CHECK_IN_NOTE_CALLBACK } from '../views/checkInMessages.js';
import { checkInNoteSubmitted } from './checkInNote.js';
import { intakeSubmitted } from './intake.js';
import { RATING_CALLBACK } from '../views/ratingMessages.js';
import { ratingSubmitted } from './rating.js';
import { DECISION_CALLBACK } from '../views/programMessages.js';
import { PROGRAM_CALLBACK } from '../views/programModal.js';
import { decisionSubmitted, programSubmitted } from './programs.js';
import { SURVEY_CALLBACK } from '../views/cohortMessages.js';
import { SELF_RATING_CALLBACK } from '../views/selfRatingModal.js';
import { selfRatingSubmitted, surveySubmitted } from './cohorts.js';
import { CIRCLE_CALLBACK } from '../views/circleModal.js';
import { circleSubmitted } from './circles.js';
import { CIRCLE_RATING_CALLBACK } from '../views/circleFeedbackMessages.js';
import { circleRatingSubmitted } from './circleRating.js';

export function registerSubmissions(app: App, deps: Deps): void {
  app.view(INTAKE_CALLBACK_ID, intakeSubmitted(deps));
  app.view(DECLINE_CALLBACK_ID, declineSubmitted(deps));
  app.view(CHECK_IN_NOTE_CALLBACK, checkInNoteSubmitted(deps));
  app.view(RATING_CALLBACK, ratingSubmitted(deps));
  app.view(PROGRAM_CALLBACK, programSubmitted(deps));
  app.view(DECISION_CALLBACK, decisionSubmitted(deps));
  app.view(SELF_RATING_CALLBACK, selfRatingSubmitted(deps));
  app.view(SURVEY_CALLBACK, surveySubmitted(deps));
  app.view(CIRCLE_CALLBACK, circleSubmitted(deps));
  app.view(CIRCLE_RATING_CALLBACK, circleRatingSubmitted(deps));
}
