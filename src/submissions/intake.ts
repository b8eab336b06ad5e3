import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { isMember } from '../domain/mentorship.js';
import type { Deps } from '../deps.js';
import { type IntakeAnswers, validateIntake, validateProfilePart, validateProgramPart } from '../domain/intake.js';
import { CURRENT_ENROLLMENT_STATUSES, rolesOffered } from '../domain/programs.js';
import { canonicalTimeZone, localDate } from '../domain/time.js';
import { checkCircleTimes } from '../services/circleTimes.js';
import { joinProgram, saveSharedProfile } from '../services/enrollment.js';
import { currentRoles } from '../services/intake.js';
import { publishHome } from '../services/home.js';
import { defaultProgram, programById } from '../services/programs.js';
import { tellWaitingMentees } from '../services/waitingMentees.js';
import { findPerson, loadProfile, updatePersonIdentity } from '../repos/profiles.js';
import { joinedMessage, NO_LONGER_IN_PROGRAM, PROFILE_UPDATED_MESSAGE } from '../views/membershipMessages.js';
import { readIntakeState, zIntakeMeta } from '../views/intakeModal.js';
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
    if (meta.part === 'profile') return profileSubmitted(deps, args, userId);
    const program = meta.programId === undefined ? await defaultProgram(deps) : await programById(deps, meta.programId);
    if (!program || program.status === 'closed') {
      await ack({ response_action: 'errors', errors: { roles: 'That program has closed, so nothing was saved. `/mentor programs` shows the ones you can join.' } });
      return;
    }
    const raw = readIntakeState(view.state.values);
    const person = await findPerson(deps.db, userId);
    const now = deps.clock();
    const profile = await loadProfile(deps.db, userId, program.id);
    // Opened to edit while they were in it, sent after they left it: saving would enrol them again unasked.
    if (meta.mode === 'edit' && isMember(person) && !CURRENT.includes(profile?.enrollment?.status ?? '')) {
      await ack({ response_action: 'errors', errors: { roles: NO_LONGER_IN_PROGRAM } });
      return;
    }
    const zone = (raw.timeZone && canonicalTimeZone(raw.timeZone)) ?? person?.timeZone ?? 'UTC';
    const context = { taxonomy: deps.taxonomy, today: localDate(now, zone), orgFromRoster: Boolean(person?.rosterImportedAt), storedGoals: profile?.answers.goals ?? [] };
    const result: { ok: true; answers: IntakeAnswers } | { ok: false; errors: Record<string, string> } =
      meta.part === 'program' && profile
        ? validateProgramPart(raw, profile.answers, { ...context, offeredRoles: rolesOffered(program.modes) })
        : validateIntake(raw, context);
    if (!result.ok) {
      await ack({ response_action: 'errors', errors: result.errors });
      return;
    }
    const wasMember = isMember(person);
    const joined = await joinProgram(deps, { userId, program, answers: result.answers, now, partOnly: meta.part === 'program' && profile !== undefined });
    await ack();
    const text = program.isDefault && meta.part !== 'program' ? (wasMember ? PROFILE_UPDATED_MESSAGE : joinedMessage()) : enrollmentOutcome(program, joined.enrollment.status, joined.waitlistPosition);
    await replyInDm(deps, { body, client }, { text });
    await afterProfileSaved(deps, client, userId);
    if (!person?.displayName) await rememberSlackName(deps, client, userId);
  };

const CURRENT: readonly string[] = CURRENT_ENROLLMENT_STATUSES;

/** The shared profile alone, for a member outside the default program: no enrollment is touched. */
async function profileSubmitted(deps: Deps, args: SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs, userId: string): Promise<void> {
  const { ack, body, view, client } = args;
  const member = await loadProfile(deps.db, userId);
  if (!member || !isMember(member.person)) {
    await ack({ response_action: 'errors', errors: { timeZone: 'You have left the mentoring program since this form opened, so nothing was saved. `/mentor join` to come back.' } });
    return;
  }
  const raw = readIntakeState(view.state.values);
  const now = deps.clock();
  const zone = (raw.timeZone && canonicalTimeZone(raw.timeZone)) ?? member.person.timeZone ?? 'UTC';
  const context = { taxonomy: deps.taxonomy, today: localDate(now, zone), orgFromRoster: Boolean(member.person.rosterImportedAt), roles: await currentRoles(deps, userId) };
  // What the form showed: the overall capacity, not the default program's own.
  const result = validateProfilePart(raw, { ...member.answers, capacityMentees: member.profile.capacityMentees, capacityHoursPerMonth: member.profile.capacityHoursPerMonth }, context);
  if (!result.ok) {
    await ack({ response_action: 'errors', errors: result.errors });
    return;
  }
  await saveSharedProfile(deps, userId, result.answers, now);
  await ack();
  await replyInDm(deps, { body, client }, { text: PROFILE_UPDATED_MESSAGE });
  await afterProfileSaved(deps, client, userId);
}

/** What a changed profile may change for others: Home, circle times, people waiting for these skills. */
async function afterProfileSaved(deps: Deps, client: AllMiddlewareArgs['client'], userId: string): Promise<void> {
  await publishHome(deps, client, userId);
  // New hours can leave a circle's time outside them: whoever can move it is offered times that fit.
  await checkCircleTimes(deps, client, userId);
  // Someone who now offers what people below the quality floor want: they and those people are told.
  await tellWaitingMentees(deps, client, userId);
}

/** Name and email help coordinators and roster imports; they are not worth failing a join for. */
async function rememberSlackName(deps: Deps, client: AllMiddlewareArgs['client'], userId: string): Promise<void> {
  try {
    const info = await client.users.info({ user: userId });
    await updatePersonIdentity(deps.db, userId, { displayName: info.user?.real_name ?? info.user?.name, email: info.user?.profile?.email });
  } catch (error) {
    deps.logger.warn(`could not read the Slack profile of ${userId}`, error);
  }
}
