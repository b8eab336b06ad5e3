import type { WebClient } from '@slack/web-api';
import type { Deps } from '../deps.js';
import { isValidTimeZone } from '../domain/time.js';
import { findPerson, loadProfile } from '../repos/profiles.js';
import { buildIntakeModal } from '../views/intakeModal.js';
import { rolesOffered, type ProgramSettings } from '../domain/programs.js';

/** users.info must not eat the 3-second trigger window: past this, the form opens without a default zone. */
const PROFILE_LOOKUP_BUDGET_MS = 1_200;

/**
 * Opens the intake form: blank with the person's Slack time zone for a
 * newcomer, pre-filled for a member. Roster facts are shown, not asked.
 */
export async function openIntakeModal(deps: Deps, client: WebClient, userId: string, triggerId: string, program?: ProgramSettings): Promise<void> {
  const member = loadProfile(deps.db, userId, program?.id);
  const person = member?.person ?? findPerson(deps.db, userId);
  const joined = member !== undefined && member.person.status !== 'left';
  const slackTimeZone = member ? undefined : person?.timeZone ?? (await slackProfileTimeZone(client, userId, deps));
  const joining = program && !program.isDefault ? { id: program.id, name: program.name, roles: rolesOffered(program.modes) } : undefined;
  const view = buildIntakeModal({
    taxonomy: deps.taxonomy,
    mode: joined && !joining ? 'edit' : 'join',
    initial: member?.answers,
    slackTimeZone,
    roster: person?.rosterImportedAt ? { department: person.department, level: person.level, location: person.location } : undefined,
    ...(joining ? { program: joining, part: joined ? ('program' as const) : ('full' as const) } : {}),
  });
  await client.views.open({ trigger_id: triggerId, view });
}

async function slackProfileTimeZone(client: WebClient, userId: string, deps: Deps): Promise<string | undefined> {
  const lookup = client.users.info({ user: userId }).then((r) => r.user?.tz);
  const timeout = new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), PROFILE_LOOKUP_BUDGET_MS).unref());
  try {
    const tz = await Promise.race([lookup, timeout]);
    return tz && isValidTimeZone(tz) ? tz : undefined;
  } catch (error) {
    deps.logger.warn(`users.info failed for ${userId}; opening the form without a time zone`, error);
    return undefined;
  } finally {
    lookup.catch(() => undefined);
  }
}
