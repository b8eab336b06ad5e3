import type { WebClient } from '@slack/web-api';
import type { Deps } from '../deps.js';
import { type ProgramAnswers, type ProgramField, type RawProgram, validateProgramForm } from '../domain/programForm.js';
import { hasRule, isEligible, type ProgramSettings } from '../domain/programs.js';
import { localDate } from '../domain/time.js';
import { deliver, enqueue } from '../outbox/outbox.js';
import { allPeople } from '../repos/profiles.js';
import { allPrograms, coordinatorsOf, createProgram, setCoordinators, updateProgram } from '../repos/programs.js';
import type { Tx } from '../db/client.js';
import { buildInvitation } from '../views/programMessages.js';
import { buildProgramModal } from '../views/programModal.js';
import { checkChannel, slackErrorCode } from './channels.js';
import { fillSeats } from './enrollment.js';
import { isWorkspaceAdmin, programById, settingsOf } from './programs.js';

/**
 * Workspace admins create and edit programs from one form. What only Slack
 * can tell (is each coordinator a person in this workspace, is the bot in
 * the channel) is asked before anything is stored, and each problem comes
 * back as an error on its field.
 */

export async function openProgramForm(deps: Deps, client: WebClient, triggerId: string, program?: ProgramSettings): Promise<void> {
  const view = buildProgramModal({
    taxonomy: deps.taxonomy,
    ...(program ? { program, coordinators: await coordinatorsOf(deps.db, program.id) } : {}),
    defaults: { checkInEveryDays: deps.config.checkInEveryDays, goalCheckInEveryDays: deps.config.goalCheckInEveryDays, timeZone: deps.config.digestTimeZone },
  });
  await client.views.open({ trigger_id: triggerId, view });
}

export type SaveProgramOutcome = { ok: true; program: ProgramSettings; created: boolean; invited: number } | { ok: false; errors: Partial<Record<ProgramField, string>> };

export async function saveProgramForm(deps: Deps, client: WebClient, actorId: string, programId: number | undefined, raw: RawProgram): Promise<SaveProgramOutcome> {
  // The form opens only for admins; a forged submission gets no further.
  if (!isWorkspaceAdmin(deps, actorId)) return { ok: false, errors: { name: 'Only workspace admins can create or edit programs.' } };
  const now = deps.clock();
  const editing = programId === undefined ? undefined : await programById(deps, programId);
  const zone = editing?.zone ?? deps.config.digestTimeZone;
  const checked = validateProgramForm(raw, {
    takenNames: (await allPrograms(deps.db)).filter((p) => p.id !== programId).map((p) => p.name),
    clusterIds: new Set(deps.taxonomy.clusters.map((c) => c.id)),
    today: localDate(now, zone),
    ...(editing ? { editing: { startsOn: editing.startsOn, endsOn: editing.endsOn, closed: editing.status === 'closed' } } : {}),
  });
  if (!checked.ok) return checked;
  const answers = checked.answers;
  const errors = await slackProblems(deps, client, answers);
  if (Object.keys(errors).length > 0) return { ok: false, errors };

  const values = {
    name: answers.name,
    purpose: answers.purpose,
    modes: answers.modes,
    tracks: answers.tracks,
    enrollment: answers.enrollment,
    eligibility: answers.eligibility,
    channelId: answers.channelId,
    timeZone: answers.timeZone,
    cadence: answers.cadence,
    seats: answers.seats,
    maxMenteesPerMentor: answers.maxMenteesPerMentor,
    maxHoursPerMonth: answers.maxHoursPerMonth,
    minFit: answers.minFit,
    fairnessTarget: answers.fairnessTarget,
    demographics: answers.demographics,
    matchingMode: answers.matchingMode,
    autoRound: answers.autoRound,
    circleSettings: answers.circleSettings,
    startsOn: answers.startsOn,
    endsOn: answers.endsOn,
  };
  const saved = await deps.db.transaction(async (tx) => {
    const row = editing ? await updateProgram(tx, editing.id, values, now) : await createProgram(tx, { ...values, createdBy: actorId });
    if (!row) return undefined;
    await setCoordinators(tx, row.id, answers.coordinators);
    const program = settingsOf(deps, row);
    const invited = program.enrollment === 'invitation' && program.status === 'active' ? await invite(deps, tx, program, now) : 0;
    await fillSeats(deps, tx, program, now);
    return { program, invited };
  });
  if (!saved) return { ok: false, errors: { name: 'That program no longer exists; close the form and start again.' } };
  await deliver(deps, client, now);
  return { ok: true, program: saved.program, created: !editing, invited: saved.invited };
}

/** Coordinators who are not people of this workspace, a channel the bot cannot post in, a rule nobody meets. */
async function slackProblems(deps: Deps, client: WebClient, answers: ProgramAnswers): Promise<Partial<Record<ProgramField, string>>> {
  const errors: Partial<Record<ProgramField, string>> = {};
  for (const id of answers.coordinators) {
    const problem = await personProblem(client, id);
    if (problem) {
      errors.coordinators = `${problem}. Pick people who are members of this workspace.`;
      break;
    }
  }
  if (answers.channelId) {
    const problem = await checkChannel(client, answers.channelId, 'form');
    if (problem) errors.channel = `I can't post there: ${problem}`;
  }
  if (hasRule(answers.eligibility)) {
    const known = (await allPeople(deps.db)).filter((p) => p.status !== 'left');
    if (known.length > 0 && !known.some((p) => isEligible(answers.eligibility, p))) {
      const field: ProgramField = answers.eligibility.departments?.length ? 'departments' : answers.eligibility.locations?.length ? 'locations' : 'levelMin';
      errors[field] = `Nobody in the roster meets this rule (0 of ${known.length} people). Check the spelling of departments and locations, and the levels.`;
    }
  }
  return errors;
}

async function personProblem(client: WebClient, userId: string): Promise<string | undefined> {
  try {
    const { user } = await client.users.info({ user: userId });
    if (!user || user.deleted) return `${userId} has been deactivated`;
    if (user.is_bot) return `${user.real_name ?? user.name ?? userId} is a bot, not a person`;
    return undefined;
  } catch (error) {
    return slackErrorCode(error) === 'user_not_found' ? `${userId} is not in this workspace` : undefined;
  }
}

/** Invitation-only: everyone the roster filter picks is asked once; an edit that widens it asks the newly picked. */
async function invite(deps: Deps, tx: Tx, program: ProgramSettings, now: Date): Promise<number> {
  let invited = 0;
  for (const person of await allPeople(deps.db)) {
    if (person.status === 'left' || !isEligible(program.eligibility, person)) continue;
    if (await enqueue(tx, { key: `program:${program.id}:invite:${person.id}`, recipient: person.id, ...buildInvitation(program), notBefore: now })) invited += 1;
  }
  return invited;
}
