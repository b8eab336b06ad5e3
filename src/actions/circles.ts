import type { Deps } from '../deps.js';
import { cancelCircles, publishCircles } from '../services/circleFormation.js';
import { joinCircle, leaveCircle } from '../services/circles.js';
import { moveCircle } from '../services/circleTimes.js';
import { zMoveValue } from '../views/circleTimeMessages.js';
import { zCircleValue } from '../views/circleMessages.js';
import { zFormationValue } from '../views/circleFormationMessages.js';
import { onButton } from './reply.js';

const ALREADY_DECIDED = 'These circles have already been published or cancelled.';

/** Join and Leave on `/mentor circles`: the answer says where the person now stands. */
export const joinCircleButton = (deps: Deps) =>
  onButton(deps, zCircleValue, async (args, circleId) => ({ text: (await joinCircle(deps, args.client, args.body.user.id, circleId)).message }));

export const leaveCircleButton = (deps: Deps) =>
  onButton(deps, zCircleValue, async (args, circleId) => ({ text: (await leaveCircle(deps, args.client, args.body.user.id, circleId)).message }));

/** Publish and Cancel on a circles preview; the coordinators-only guard runs before these. */
export const publishCirclesButton = (deps: Deps) =>
  onButton(deps, zFormationValue, async (args, id) => ((await publishCircles(deps, args.client, id, args.body.user.id)) ? undefined : { text: ALREADY_DECIDED }));

export const cancelCirclesButton = (deps: Deps) =>
  onButton(deps, zFormationValue, async (args, id) => ((await cancelCircles(deps, args.client, id, args.body.user.id)) ? undefined : { text: ALREADY_DECIDED }));

/** One of the times offered when a circle's time stopped fitting someone: moves the circle there. */
export const moveCircleButton = (deps: Deps) =>
  onButton(deps, zMoveValue, async (args, choice) => ({ text: (await moveCircle(deps, args.client, args.body.user.id, choice)).text }), { json: true });
