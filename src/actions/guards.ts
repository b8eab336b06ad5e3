import type { Middleware, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { Deps } from '../deps.js';
import { findCircle, findFormation } from '../repos/circles.js';
import { findEnrollmentById } from '../repos/enrollments.js';
import { findMatch } from '../repos/matches.js';
import { findRound } from '../repos/rounds.js';
import { coordinates, coordinatorsFor, isCoordinator, isWorkspaceAdmin } from '../services/programs.js';
import { coordinatorOnlyMessage } from '../views/membershipMessages.js';
import { zId } from '../views/values.js';

/** Which program a coordinator button acts in, read from its value; undefined when the value names nothing. */
export type ProgramOf = (deps: Deps, value: string | undefined) => Promise<number | undefined>;

const idIn = (value: string | undefined) => {
  const parsed = zId.safeParse(value);
  return parsed.success ? parsed.data : undefined;
};
export const programOfRound: ProgramOf = async (deps, value) => {
  const id = idIn(value);
  return id === undefined ? undefined : (await findRound(deps.db, id))?.programId;
};
/** "Change…" on a pair carries "<round>:<mentee>". */
export const programOfRoundPair: ProgramOf = (deps, value) => programOfRound(deps, value?.split(':')[0]);
export const programOfFormation: ProgramOf = async (deps, value) => {
  const id = idIn(value);
  return id === undefined ? undefined : (await findFormation(deps.db, id))?.programId;
};
export const programOfMatch: ProgramOf = async (deps, value) => {
  const id = idIn(value);
  return id === undefined ? undefined : (await findMatch(deps.db, id))?.programId;
};
export const programOfEnrollment: ProgramOf = async (deps, value) => {
  const id = idIn(value);
  return id === undefined ? undefined : (await findEnrollmentById(deps.db, id))?.programId;
};
export const programOfCircle: ProgramOf = async (deps, value) => {
  const id = idIn(value);
  return id === undefined ? undefined : (await findCircle(deps.db, id))?.programId;
};

const valueOf = (body: SlackActionMiddlewareArgs['body']) => (body as { actions?: { value?: string }[] }).actions?.[0]?.value;

/**
 * The one check for coordinator buttons, registered in front of their
 * listeners: the clicker must coordinate the program the button acts in
 * (workspace admins coordinate all). Anyone else is told who that program's
 * coordinators are, and nothing runs. A value that names nothing passes to
 * the listener, whose reading of it answers "out of date".
 */
export function onlyCoordinators(deps: Deps, programOf: ProgramOf): Middleware<SlackActionMiddlewareArgs> {
  return async ({ body, ack, respond, next }) => {
    const programId = await programOf(deps, valueOf(body));
    const allowed = programId === undefined ? await isCoordinator(deps, body.user.id) : await coordinates(deps, body.user.id, programId);
    if (allowed) return next();
    await ack();
    await respond({ response_type: 'ephemeral', replace_original: false, text: coordinatorOnlyMessage('this button', programId === undefined ? deps.config.coordinatorUserIds : await coordinatorsFor(deps, programId)) });
  };
}

/** For buttons that run programs themselves (closing one): workspace admins only. */
export function onlyAdmins(deps: Deps): Middleware<SlackActionMiddlewareArgs> {
  return async ({ body, ack, respond, next }) => {
    if (isWorkspaceAdmin(deps, body.user.id)) return next();
    await ack();
    await respond({ response_type: 'ephemeral', replace_original: false, text: coordinatorOnlyMessage('this button', deps.config.coordinatorUserIds, 'workspace') });
  };
}
