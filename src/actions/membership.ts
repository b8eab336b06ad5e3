import { addWeeks } from 'date-fns';
import { isMember } from '../domain/mentorship.js';
import type { Deps } from '../deps.js';
import { effectiveStatus } from '../domain/participation.js';
import { publishHome } from '../services/home.js';
import { type IntakePurpose, openIntakeModal } from '../services/intake.js';
import { deletePersonData, leaveProgram } from '../services/membership.js';
import { resumePerson as resumeMember } from '../services/participation.js';
import { findPerson, pausePerson } from '../repos/profiles.js';
import { HOME_PAUSE_WEEKS } from '../views/appHome.js';
import { ALREADY_PAUSED_MESSAGE, deletedMessage, leftMessage, NOT_IN_PROGRAM_MESSAGE, NOTHING_CHANGED, pausedMessage } from '../views/membershipMessages.js';
import { type ButtonArgs, tellClicker } from './reply.js';

export type { ButtonArgs };

/** Join (Home) and Edit profile (Home, /mentor profile) open the same form, each for what it says. */
export const openIntake = (deps: Deps, purpose: IntakePurpose) => async ({ ack, body, client }: ButtonArgs) => {
  await ack();
  await openIntakeModal(deps, client, body.user.id, body.trigger_id, undefined, purpose);
};

/** The person, when they are a member; undefined for someone who never joined or has left. */
const memberOf = async (deps: Deps, userId: string) => {
  const person = await findPerson(deps.db, userId);
  return isMember(person) ? person : undefined;
};

/** Buttons on an old Home tab or message can outlive membership: say what is really the case. */
async function notAMember(args: ButtonArgs, deps: Deps): Promise<void> {
  await publishHome(deps, args.client, args.body.user.id);
  await tellClicker(args, deps, { text: NOT_IN_PROGRAM_MESSAGE });
}

export const pauseFromHome = (deps: Deps) => async (args: ButtonArgs) => {
  await args.ack();
  const person = await memberOf(deps, args.body.user.id);
  if (!person) return notAMember(args, deps);
  const now = deps.clock();
  if (effectiveStatus(person, now) === 'paused') return tellClicker(args, deps, { text: ALREADY_PAUSED_MESSAGE });
  const until = addWeeks(now, HOME_PAUSE_WEEKS);
  await pausePerson(deps.db, args.body.user.id, until, now);
  await publishHome(deps, args.client, args.body.user.id);
  await tellClicker(args, deps, { text: pausedMessage(until) });
};

export const resumeFromHome = (deps: Deps) => async (args: ButtonArgs) => {
  await args.ack();
  if (!await memberOf(deps, args.body.user.id)) return notAMember(args, deps);
  const outcome = await resumeMember(deps, args.client, args.body.user.id);
  await publishHome(deps, args.client, args.body.user.id);
  // The answer first, then whatever was held during the pause.
  await tellClicker(args, deps, outcome);
};

/** From the Home tab, Slack's own confirm dialog was the confirmation step. */
export const leaveFromHome = (deps: Deps) => async (args: ButtonArgs) => {
  await args.ack();
  if (!await memberOf(deps, args.body.user.id)) return notAMember(args, deps);
  const { ended } = await leaveProgram(deps, args.client, args.body.user.id);
  await publishHome(deps, args.client, args.body.user.id);
  await tellClicker(args, deps, { text: leftMessage(ended) });
};

export const confirmLeave = (deps: Deps) => async (args: ButtonArgs) => {
  await args.ack();
  if (!await memberOf(deps, args.body.user.id)) return tellClicker(args, deps, { text: NOT_IN_PROGRAM_MESSAGE, replace: true });
  const { ended } = await leaveProgram(deps, args.client, args.body.user.id);
  await tellClicker(args, deps, { text: leftMessage(ended), replace: true });
  await publishHome(deps, args.client, args.body.user.id);
};

export const confirmDelete = (deps: Deps) => async (args: ButtonArgs) => {
  await args.ack();
  if (!await findPerson(deps.db, args.body.user.id)) return tellClicker(args, deps, { text: 'We hold no data about you, so there was nothing to delete.', replace: true });
  const kept = await deletePersonData(deps, args.client, args.body.user.id);
  await tellClicker(args, deps, { text: deletedMessage(kept, kept.onRoster), replace: true });
  await publishHome(deps, args.client, args.body.user.id);
};

export const cancel = (deps: Deps) => async (args: ButtonArgs) => {
  await args.ack();
  await tellClicker(args, deps, { text: NOTHING_CHANGED, replace: true });
};
