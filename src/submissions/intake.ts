import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { isMember } from '../domain/mentorship.js';
import type { Deps } from '../deps.js';
import { type IntakeAnswers, validateIntake, validateProgramPart } from '../domain/intake.js';
import { rolesOffered } from '../domain/programs.js';
import { canonicalTimeZone, localDate } from '../domain/time.js';
import { checkCircleTimes } from '../services/circleTimes.js';
import { joinProgram } from '../services/enrollment.js';
import { publishHome } from '../services/home.js';
import { defaultProgram, programById } from '../services/programs.js';
import { tellWaitingMentees } from '../services/waitingMentees.js';
import { findPerson, loadProfile, updatePersonIdentity } from '../repos/profiles.js';
import { joinedMessage, PROFILE_UPDATED_MESSAGE } from '../views/membershipMessages.js';
import { readIntakeState, type ViewStateValues, zIntakeMeta } from '../views/intakeModal.js';
import { enrollmentOutcome } from '../views/programMessages.js';
import { readMetadata, replyInDm } from './reply.js';

/**
 * Validates the form and either points at every field to fix (the modal
 * stays open, nothing is stored) or stores it all and closes the modal. The
 * same form serves the default program (as it always has) and another
 * program's join, whole for a newcomer or only the program's part for
 * someone who already has a profile.
 */
export const intakeSubmitted =
  (deps: Deps) =>
  async (args: SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs): Promise<void> => {
    const { ack, body, view, client } = args;
    const meta = await readMetadata(args, deps, zIntakeMeta, { json: true });
    if (!meta) return;
    const userId = body.user.id;
    const program = meta.programId === undefined ? defaultProgram(deps) : programById(deps, meta.programId);
    if (!program || program.status === 'closed') {
      await ack({ response_action: 'errors', errors: { roles: 'That program has closed, so nothing was saved. `/mentor programs` shows the ones you can join.' } });
      return;
    }
    const raw = readIntakeState(view.state.values as ViewStateValues);
    const person = findPerson(deps.db, userId);
    const now = deps.clock();
    const zone = (raw.timeZone && canonicalTimeZone(raw.timeZone)) ?? person?.timeZone ?? 'UTC';
    const context = { taxonomy: deps.taxonomy, today: localDate(now, zone), orgFromRoster: Boolean(person?.rosterImportedAt) };
    const profile = meta.part === 'program' ? loadProfile(deps.db, userId, program.id) : undefined;
    const result: { ok: true; answers: IntakeAnswers } | { ok: false; errors: Record<string, string> } =
      meta.part === 'program' && profile
        ? validateProgramPart(raw, profile.answers, { ...context, offeredRoles: rolesOffered(program.modes) })
        : validateIntake(raw, context);
    if (!result.ok) {
      await ack({ response_action: 'errors', errors: result.errors });
      return;
    }
    const wasMember = isMember(person);
    const joined = joinProgram(deps, { userId, program, answers: result.answers, now, partOnly: meta.part === 'program' && profile !== undefined });
    await ack();
    const text = program.isDefault ? (wasMember ? PROFILE_UPDATED_MESSAGE : joinedMessage()) : enrollmentOutcome(program, joined.enrollment.status, joined.waitlistPosition);
    await replyInDm(deps, { body, client }, { text });
    await publishHome(deps, client, userId);
    // New hours can leave a circle's time outside them: whoever can move it is offered times that fit.
    await checkCircleTimes(deps, client, userId);
    // Someone who now offers what people below the quality floor want: they and those people are told.
    await tellWaitingMentees(deps, client, userId);
    if (!person?.displayName) await rememberSlackName(deps, client, userId);
  };

/** Name and email help coordinators and roster imports; they are not worth failing a join for. */
async function rememberSlackName(deps: Deps, client: AllMiddlewareArgs['client'], userId: string): Promise<void> {
  try {
    const info = await client.users.info({ user: userId });
    updatePersonIdentity(deps.db, userId, { displayName: info.user?.real_name ?? info.user?.name, email: info.user?.profile?.email });
  } catch (error) {
    deps.logger.warn(`could not read the Slack profile of ${userId}`, error);
  }
}
