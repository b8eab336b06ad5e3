import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { addWeeks } from 'date-fns';
import type { Deps } from '../deps.js';
import { publishHome } from '../flows/home.js';
import { openIntakeModal } from '../flows/intake.js';
import { deletePersonData, leaveProgram } from '../flows/membership.js';
import { drainOutbox } from '../outbox/outbox.js';
import { findPerson, pausePerson, resumePerson } from '../repos/profiles.js';
import { HOME_PAUSE_WEEKS } from '../views/appHome.js';
import { deletedMessage, leftMessage, NOTHING_CHANGED, pausedMessage, RESUMED_MESSAGE } from '../views/membershipMessages.js';

export type ButtonArgs = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

/** Join (Home) and Edit profile (Home, /mentor profile) open the same form. */
export const openIntake = (deps: Deps) => async ({ ack, body, client }: ButtonArgs) => {
  await ack();
  await openIntakeModal(deps, client, body.user.id, body.trigger_id);
};

export const pauseFromHome = (deps: Deps) => async ({ ack, body, client }: ButtonArgs) => {
  await ack();
  const now = deps.clock();
  const until = addWeeks(now, HOME_PAUSE_WEEKS);
  if (!findPerson(deps.db, body.user.id)?.joinedAt) return;
  pausePerson(deps.db, body.user.id, until, now);
  await publishHome(deps, client, body.user.id);
  await client.chat.postMessage({ channel: body.user.id, text: pausedMessage(until) });
};

export const resumeFromHome = (deps: Deps) => async ({ ack, body, client }: ButtonArgs) => {
  await ack();
  const now = deps.clock();
  resumePerson(deps.db, body.user.id, now);
  await publishHome(deps, client, body.user.id);
  await client.chat.postMessage({ channel: body.user.id, text: RESUMED_MESSAGE });
  await drainOutbox({ db: deps.db, client, logger: deps.logger }, now);
};

/** From the Home tab, Slack's own confirm dialog was the confirmation step. */
export const leaveFromHome = (deps: Deps) => async ({ ack, body, client }: ButtonArgs) => {
  await ack();
  const { ended } = await leaveProgram(deps, client, body.user.id);
  await publishHome(deps, client, body.user.id);
  await client.chat.postMessage({ channel: body.user.id, text: leftMessage(ended) });
};

export const confirmLeave = (deps: Deps) => async ({ ack, body, client, respond }: ButtonArgs) => {
  await ack();
  const { ended } = await leaveProgram(deps, client, body.user.id);
  await respond({ replace_original: true, text: leftMessage(ended) });
  await publishHome(deps, client, body.user.id);
};

export const confirmDelete = (deps: Deps) => async ({ ack, body, client, respond }: ButtonArgs) => {
  await ack();
  const kept = await deletePersonData(deps, client, body.user.id);
  await respond({ replace_original: true, text: deletedMessage(kept, kept.onRoster) });
  await publishHome(deps, client, body.user.id);
};

export const cancel = async ({ ack, respond }: ButtonArgs) => {
  await ack();
  await respond({ replace_original: true, text: NOTHING_CHANGED });
};
