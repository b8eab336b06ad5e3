import type { Deps } from '../deps.js';
import { canStartJoining, programCards } from '../services/enrollment.js';
import { openIntakeModal } from '../services/intake.js';
import { closeProgram } from '../services/programLifecycle.js';
import { findEnrollmentById } from '../repos/enrollments.js';
import { findPerson } from '../repos/profiles.js';
import { zProgramCloseValue } from '../views/programAdminMessages.js';
import { alreadyDecided, APPLICATION_ACTIONS, buildDecisionModal, buildProgramList, zApplicationValue, zProgramValue } from '../views/programMessages.js';
import { type ButtonArgs, onButton, tellClicker } from './reply.js';

/** Join, Apply or Join the waitlist: the form for that program, whole for a newcomer, its part for a member. */
export const joinProgramButton = (deps: Deps) =>
  onButton(deps, zProgramValue, async (args, programId) => {
    const check = await canStartJoining(deps, args.body.user.id, programId);
    if (!check.ok) return { text: check.message };
    await openIntakeModal(deps, args.client, args.body.user.id, args.body.trigger_id, check.program);
  });

/** Home's "Browse programs". */
export const browsePrograms = (deps: Deps) => async (args: ButtonArgs) => {
  await args.ack();
  await tellClicker(args, deps, buildProgramList(await programCards(deps, args.body.user.id)));
};

/** Approve or Decline on an application (the program-scoped guard runs first): a note, then the decision. */
export const decideButton = (deps: Deps) =>
  onButton(deps, zApplicationValue, async (args, enrollmentId) => {
    const enrollment = await findEnrollmentById(deps.db, enrollmentId);
    if (!enrollment) return { text: 'That application is no longer there; the person may have deleted their data.' };
    if (enrollment.status !== 'applied') return { text: alreadyDecided(enrollment.decidedBy) };
    const approve = args.action.action_id === APPLICATION_ACTIONS.approve;
    const container = args.body.container as { channel_id?: string; message_ts?: string } | undefined;
    const meta = { enrollmentId, approve, ...(container?.channel_id && container.message_ts ? { channel: container.channel_id, ts: container.message_ts } : {}) };
    const name = (await findPerson(deps.db, enrollment.personId))?.displayName ?? 'They';
    await args.client.views.open({ trigger_id: args.body.trigger_id, view: buildDecisionModal(meta, name) });
  });

/** The confirmed "Close the program" (workspace admins only; the guard runs first). */
export const confirmCloseProgram = (deps: Deps) =>
  onButton(deps, zProgramCloseValue, async (args, programId) => ({ text: await closeProgram(deps, args.client, args.body.user.id, programId), replace: true }));
