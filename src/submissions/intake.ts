import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { isMember } from '../domain/mentorship.js';
import type { Deps } from '../deps.js';
import { validateIntake } from '../domain/intake.js';
import { canonicalTimeZone, localDate } from '../domain/time.js';
import { publishHome } from '../services/home.js';
import { findPerson, saveIntake, updatePersonIdentity } from '../repos/profiles.js';
import { joinedMessage, PROFILE_UPDATED_MESSAGE } from '../views/membershipMessages.js';
import { readIntakeState, type ViewStateValues } from '../views/intakeModal.js';
import { replyInDm } from './reply.js';

/**
 * Validates the form and either points at every field to fix (the modal
 * stays open, nothing is stored) or stores it all and closes the modal.
 */
export const intakeSubmitted =
  (deps: Deps) =>
  async ({ ack, body, view, client }: SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs): Promise<void> => {
    const userId = body.user.id;
    const raw = readIntakeState(view.state.values as ViewStateValues);
    const person = findPerson(deps.db, userId);
    const now = deps.clock();
    const zone = (raw.timeZone && canonicalTimeZone(raw.timeZone)) ?? person?.timeZone ?? 'UTC';
    const result = validateIntake(raw, { taxonomy: deps.taxonomy, today: localDate(now, zone), orgFromRoster: Boolean(person?.rosterImportedAt) });
    if (!result.ok) {
      await ack({ response_action: 'errors', errors: result.errors as Record<string, string> });
      return;
    }
    const wasMember = isMember(person);
    saveIntake(deps.db, { userId, answers: result.answers, now });
    await ack();
    await replyInDm(deps, { body, client }, { text: wasMember ? PROFILE_UPDATED_MESSAGE : joinedMessage() });
    await publishHome(deps, client, userId);
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
