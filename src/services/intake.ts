import type { WebClient } from '@slack/web-api';
import type { Deps } from '../deps.js';
import { isValidTimeZone } from '../domain/time.js';
import { isMember } from '../domain/mentorship.js';
import { findPerson, loadProfile } from '../repos/profiles.js';
import { enrollmentsOf } from '../repos/enrollments.js';
import { buildIntakeModal } from '../views/intakeModal.js';
import { CURRENT_ENROLLMENT_STATUSES, rolesOffered, type ProgramSettings } from '../domain/programs.js';
import { GIVING_ROLES, type Role } from '../domain/intake.js';
import { defaultProgram } from './programs.js';

/** users.info must not eat the 3-second trigger window: past this, the form opens without a default zone. */
const PROFILE_LOOKUP_BUDGET_MS = 1_200;

/** What the person asked for: to join (`/mentor join`, Home's Join) or to edit their profile. */
export type IntakePurpose = 'join' | 'edit';

/**
 * Opens the intake form: blank with the person's Slack time zone for a
 * newcomer, pre-filled for a member. Roster facts are shown, not asked.
 * A member no longer (or never) in the default program edits only the
 * profile every program shares, and joins it with its own part of the form:
 * editing an hour must never enrol anyone anywhere.
 */
export async function openIntakeModal(deps: Deps, client: WebClient, userId: string, triggerId: string, program?: ProgramSettings, purpose: IntakePurpose = 'join'): Promise<void> {
  const target = program ?? await defaultProgram(deps);
  const member = await loadProfile(deps.db, userId, target.id);
  const person = member?.person ?? await findPerson(deps.db, userId);
  const joined = member !== undefined && isMember(member.person);
  const slackTimeZone = member ? undefined : person?.timeZone ?? (await slackProfileTimeZone(client, userId, deps));
  const inTarget = isCurrentIn(member?.enrollment?.status);
  const sharedOnly = joined && !program && (!inTarget || target.status === 'closed') && (purpose === 'edit' || target.status !== 'active');
  const joining = !sharedOnly && ((program && !program.isDefault) || (joined && !inTarget)) ? { id: target.id, name: target.name, roles: rolesOffered(target.modes) } : undefined;
  const roster = person?.rosterImportedAt ? { department: person.department, level: person.level, location: person.location } : undefined;
  const common = { taxonomy: deps.taxonomy, initial: member?.answers, slackTimeZone, roster };
  const view = sharedOnly
    ? buildIntakeModal({ ...common, initial: member && { ...member.answers, ...overallCapacity(member.profile) }, mode: 'edit', part: 'profile', gives: await givesAnywhere(deps, userId) })
    : buildIntakeModal({
        ...common,
        mode: joined && !joining ? 'edit' : 'join',
        ...(joining ? { program: joining, part: joined ? ('program' as const) : ('full' as const) } : {}),
      });
  await client.views.open({ trigger_id: triggerId, view });
}

const isCurrentIn = (status: string | undefined) => status !== undefined && (CURRENT_ENROLLMENT_STATUSES as readonly string[]).includes(status);

/** The roles a person holds in every program they are in now: what their shared profile must serve. */
export async function currentRoles(deps: Deps, userId: string): Promise<Role[]> {
  return [...new Set((await enrollmentsOf(deps.db, userId)).filter((e) => isCurrentIn(e.status)).flatMap((e) => e.roles))];
}

const givesAnywhere = async (deps: Deps, userId: string) => (await currentRoles(deps, userId)).some((r) => GIVING_ROLES.includes(r));
const overallCapacity = (p: { capacityMentees: number | null; capacityHoursPerMonth: number | null }) => ({ capacityMentees: p.capacityMentees, capacityHoursPerMonth: p.capacityHoursPerMonth });

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
