import type { App } from '@slack/bolt';
import type { Deps } from '../deps.js';
import { HOME_LEAVE_ACTION, HOME_PAUSE_ACTION, HOME_RESUME_ACTION } from '../views/appHome.js';
import { DIGEST_NUDGE_ACTION, DIGEST_REMATCH_ACTION } from '../views/digestMessage.js';
import { ACCEPT_ACTION, DECLINE_ACTION, REQUEST_ACTION } from '../views/matchMessages.js';
import { DELETE_CANCEL_ACTION, DELETE_CONFIRM_ACTION, LEAVE_CANCEL_ACTION, LEAVE_CONFIRM_ACTION } from '../views/membershipMessages.js';
import { JOIN_ACTION, PROFILE_EDIT_ACTION } from '../views/profileCard.js';
import { RATE_ACTION } from '../views/ratingMessages.js';
import { CANCEL_ROUND_ACTION, PUBLISH_ROUND_ACTION } from '../views/roundPreview.js';
import {
  CHECK_IN_ACTIONS,
  GOAL_CHECK_IN_ACTIONS,
  PAIR_RESUME_ACTION,
  SCHEDULE_ACTION,
  SCHEDULE_WITH_ACTION,
  SESSION_ACTIONS,
  SLOT_NONE_ACTION,
  SLOT_PICK_ACTION,
  STALL_ACTIONS,
} from '../views/schedulingMessages.js';
import { onlyCoordinators } from './guards.js';
import { accept, decline, request } from './matching.js';
import { cancel, confirmDelete, confirmLeave, leaveFromHome, openIntake, pauseFromHome, resumeFromHome } from './membership.js';
import { rate } from './ratings.js';
import { cancel as cancelRound, publish as publishRound } from './rounds.js';
import { cancelBooked, checkInAnswer, goalAnswer, noneWork, pick, reschedule, resume, schedule } from './scheduling.js';
import { stalledAction } from './stalled.js';

/** Every button, by action id. Coordinator buttons go through the one guard first. */
export function registerActions(app: App, deps: Deps): void {
  const coordinators = onlyCoordinators(deps);
  app.action(JOIN_ACTION, openIntake(deps));
  app.action(PROFILE_EDIT_ACTION, openIntake(deps));
  app.action(HOME_PAUSE_ACTION, pauseFromHome(deps));
  app.action(HOME_RESUME_ACTION, resumeFromHome(deps));
  app.action(HOME_LEAVE_ACTION, leaveFromHome(deps));
  app.action(LEAVE_CONFIRM_ACTION, confirmLeave(deps));
  app.action(LEAVE_CANCEL_ACTION, cancel(deps));
  app.action(DELETE_CONFIRM_ACTION, confirmDelete(deps));
  app.action(DELETE_CANCEL_ACTION, cancel(deps));
  app.action(REQUEST_ACTION, request(deps));
  app.action(ACCEPT_ACTION, accept(deps));
  app.action(DECLINE_ACTION, decline(deps));
  app.action(PUBLISH_ROUND_ACTION, coordinators, publishRound(deps));
  app.action(CANCEL_ROUND_ACTION, coordinators, cancelRound(deps));
  app.action(SCHEDULE_ACTION, schedule(deps));
  app.action(SCHEDULE_WITH_ACTION, schedule(deps));
  app.action(SLOT_PICK_ACTION, pick(deps));
  app.action(SLOT_NONE_ACTION, noneWork(deps));
  app.action(SESSION_ACTIONS.reschedule, reschedule(deps));
  app.action(SESSION_ACTIONS.cancel, cancelBooked(deps));
  for (const actionId of Object.values(CHECK_IN_ACTIONS)) app.action(actionId, checkInAnswer(deps));
  for (const actionId of Object.values(GOAL_CHECK_IN_ACTIONS)) app.action(actionId, goalAnswer(deps));
  app.action(PAIR_RESUME_ACTION, resume(deps));
  app.action(STALL_ACTIONS.nudge, coordinators, stalledAction(deps, 'nudge'));
  app.action(STALL_ACTIONS.rematch, coordinators, stalledAction(deps, 'rematch'));
  app.action(STALL_ACTIONS.close, coordinators, stalledAction(deps, 'close'));
  app.action(DIGEST_NUDGE_ACTION, coordinators, stalledAction(deps, 'nudge', 'digest'));
  app.action(DIGEST_REMATCH_ACTION, coordinators, stalledAction(deps, 'rematch', 'digest'));
  app.action(RATE_ACTION, rate(deps));
}
