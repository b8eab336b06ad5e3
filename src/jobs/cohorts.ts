import type { WebClient } from '@slack/web-api';
import type { Deps } from '../deps.js';
import type { Match } from '../db/schema.js';
import type { Tx } from '../db/client.js';
import { OPEN_MATCH_STATUSES } from '../domain/mentorship.js';
import { type CohortOutcomes, cohortOutcomes } from '../domain/outcomes.js';
import { CURRENT_ENROLLMENT_STATUSES, type ProgramSettings } from '../domain/programs.js';
import { deliver, deliveryOf, enqueue } from '../outbox/outbox.js';
import { heldSessionsByPerson, outcomeRowsOf } from '../repos/cohorts.js';
import { enrollmentsIn, goalsOf, moveEnrollment, selfRatingsOf } from '../repos/enrollments.js';
import { openMatchesInProgram, transition } from '../repos/matches.js';
import { findProgram, setProgramStatus } from '../repos/programs.js';
import { baselineKey, type CohortSchedule, cohortSchedule, joinedMs, kickoffKey, queueBaseline, queueKickoff, surveyClosesAt, tracksOf } from '../services/cohorts.js';
import { coordinatorsFor, everyProgram } from '../services/programs.js';
import { cancelFutureSessions } from '../services/sessions.js';
import { buildCohortClosedNote, buildCohortReport, buildContinueQuestion, buildPulse, buildSurveyPrompt, pairContinues, pairEndsWithCohort, requestEndsWithCohort } from '../views/cohortMessages.js';
import { programClosedForPerson } from '../views/programAdminMessages.js';

/**
 * Every cohort's milestones as they fall due in its zone: the kickoff (and
 * late joiners' kickoffs until the midpoint), the midpoint pulse, "keep
 * going after the cohort?" a week before the close, the close at 09:00 on
 * the end date, and the cohort report a week after. Planned in the database
 * with idempotent keys, then sent; running it again sends nothing twice.
 * What a cohort's life is, and what people answer, is services/cohorts.ts.
 */
export async function runCohorts(deps: Deps, client: WebClient, now: Date): Promise<CohortRun> {
  const run = await planCohorts(deps, now);
  await deliver(deps, client, now);
  return run;
}

const COHORT_END_REASON = 'cohort ended';

/** Where the coordinators' cohort messages go: the program's channel, or each coordinator privately. */
const coordinatorRecipients = async (deps: Deps, program: ProgramSettings): Promise<string[]> => (program.channel ? [program.channel] : await coordinatorsFor(deps, program.id));

export interface CohortRun {
  kickoffs: number;
  pulses: number;
  asks: number;
  closed: number;
  reports: number;
}

/** Everything due in every cohort at `now`, queued; nothing is sent here. */
export async function planCohorts(deps: Deps, now: Date): Promise<CohortRun> {
  const run: CohortRun = { kickoffs: 0, pulses: 0, asks: 0, closed: 0, reports: 0 };
  for (const program of await everyProgram(deps)) {
    const s = cohortSchedule(program);
    if (!s) continue;
    // A paused program asks nothing of its people; its close still comes on its date.
    if (program.status === 'active' && now >= s.kickoff && now < s.close) {
      await deps.db.transaction(async (tx) => {
        if (now < s.midpoint) run.kickoffs += await kickoffs(deps, tx, program, s, now);
        else run.kickoffs += await lateBaselines(deps, tx, program, s, now);
        if (now >= s.midpoint && now < s.pulseUntil) run.pulses += await pulses(tx, program, s, now);
        if (now >= s.askAt) run.asks += await continuationAsks(tx, program, s, now);
      });
    }
    if (program.status !== 'closed' && now >= s.close && await closeCohort(deps, program, s, now)) run.closed += 1;
    if (await reportDue(deps, program, s, now) && await postReport(deps, program, now)) run.reports += 1;
  }
  return run;
}

/**
 * Past the midpoint a kickoff is stale, but someone let in while the program
 * was paused never got their baseline prompt: it goes now, as it does to
 * anyone joining this late. Whoever had a kickoff (which asks the same) or
 * the prompt already is left alone.
 */
async function lateBaselines(deps: Deps, tx: Tx, program: ProgramSettings, s: CohortSchedule, now: Date): Promise<number> {
  let n = 0;
  for (const e of await enrollmentsIn(tx, program.id, ['active'])) {
    if (await deliveryOf(tx, kickoffKey(program, e)) || await deliveryOf(tx, baselineKey(program, e))) continue;
    if (await queueBaseline(deps, tx, program, s, e, now)) n += 1;
  }
  return n;
}

async function kickoffs(deps: Deps, tx: Tx, program: ProgramSettings, s: CohortSchedule, now: Date): Promise<number> {
  const tracks = tracksOf(deps, program);
  let n = 0;
  for (const e of await enrollmentsIn(tx, program.id, ['active'])) {
    const rated = new Set((await selfRatingsOf(tx, e.id)).filter((r) => r.phase === 'baseline').map((r) => r.track));
    const unrated = tracks.filter((t) => !rated.has(t.id)).map((t) => t.name);
    if (await queueKickoff(tx, program, s, e, unrated, now, true)) n += 1;
  }
  return n;
}

async function pulses(tx: Tx, program: ProgramSettings, s: CohortSchedule, now: Date): Promise<number> {
  let n = 0;
  for (const e of await enrollmentsIn(tx, program.id, ['active'])) {
    if (joinedMs(e) > s.midpoint.getTime()) continue;
    if (await enqueue(tx, { key: `cohort:${program.id}:pulse:${e.id}`, recipient: e.personId, ...buildPulse({ enrollmentId: e.id, program }), notBefore: now, expiresAt: s.pulseUntil })) n += 1;
  }
  return n;
}

const isRunningPair = (m: Match): m is Match & { mentorId: string; menteeId: string } => (m.status === 'active' || m.status === 'paused') && m.mentorId !== null && m.menteeId !== null;

async function continuationAsks(tx: Tx, program: ProgramSettings, s: CohortSchedule, now: Date): Promise<number> {
  let n = 0;
  for (const m of await openMatchesInProgram(tx, program.id)) {
    if (!isRunningPair(m)) continue;
    for (const [person, partner] of [
      [m.mentorId, m.menteeId],
      [m.menteeId, m.mentorId],
    ] as const) {
      const question = buildContinueQuestion({ matchId: m.id, program, partnerId: partner, closeAt: s.close });
      if (await enqueue(tx, { key: `cohort:${program.id}:continue:${m.id}:${person}`, recipient: person, ...question, notBefore: now, expiresAt: s.close })) n += 1;
    }
  }
  return n;
}

/**
 * The close, once: the program's status moves to closed in the same
 * transaction as everything else, so a rerun finds it closed and does
 * nothing, and a crash before the commit leaves it to the next run whole.
 */
async function closeCohort(deps: Deps, program: ProgramSettings, s: CohortSchedule, now: Date): Promise<boolean> {
  const until = surveyClosesAt(s, now, program.zone);
  return deps.db.transaction(async (tx) => {
    if (!await setProgramStatus(tx, program.id, ['active', 'paused'], 'closed', now)) return false;
    let continuing = 0;
    let ended = 0;
    for (const m of await openMatchesInProgram(tx, program.id)) {
      if (isRunningPair(m) && m.mentorContinues === true && m.menteeContinues === true) {
        continuing += 1;
        for (const [person, partner] of [
          [m.mentorId, m.menteeId],
          [m.menteeId, m.mentorId],
        ] as const) {
          await enqueue(tx, { key: `cohort:${program.id}:continues:${m.id}:${person}`, recipient: person, text: pairContinues(program, partner), notBefore: now });
        }
        continue;
      }
      const done = await transition(tx, m.id, OPEN_MATCH_STATUSES, 'ended', { endedAt: now, endReason: COHORT_END_REASON });
      if (!done) continue;
      await cancelFutureSessions(deps, tx, done, '', now);
      if (m.status !== 'requested') ended += 1;
      for (const [person, partner] of [
        [done.mentorId, done.menteeId],
        [done.menteeId, done.mentorId],
      ] as const) {
        if (!person) continue;
        const text = m.status === 'requested' ? requestEndsWithCohort(program, partner, person === done.menteeId) : pairEndsWithCohort(program, partner);
        await enqueue(tx, { key: `cohort:${program.id}:ended:${m.id}:${person}`, recipient: person, text, notBefore: now });
      }
    }
    let completed = 0;
    for (const e of await enrollmentsIn(tx, program.id, CURRENT_ENROLLMENT_STATUSES)) {
      if (e.status !== 'active') {
        await moveEnrollment(tx, e.id, CURRENT_ENROLLMENT_STATUSES, 'left', { endedAt: now });
        await enqueue(tx, { key: `cohort:${program.id}:closed:${e.personId}`, recipient: e.personId, text: programClosedForPerson(program), notBefore: now });
        continue;
      }
      if (!await moveEnrollment(tx, e.id, ['active'], 'completed', { endedAt: now })) continue;
      completed += 1;
      const prompt = buildSurveyPrompt({ enrollmentId: e.id, program, until, hasTracks: program.tracks.length > 0, hasGoals: (await goalsOf(tx, e.personId, program.id)).length > 0 });
      await enqueue(tx, { key: `cohort:${program.id}:survey:${e.id}`, recipient: e.personId, ...prompt, notBefore: now, expiresAt: until });
    }
    const note = buildCohortClosedNote(program, { completed, continuing, ended, reportAt: until });
    for (const recipient of await coordinatorRecipients(deps, program)) {
      await enqueue(tx, { key: `cohort:${program.id}:closed-note:${recipient}`, recipient, ...note, notBefore: now });
    }
    return true;
  });
}

const reportKey = (programId: number, recipient: string) => `cohort:${programId}:report:${recipient}`;

async function reportDue(deps: Deps, program: ProgramSettings, s: CohortSchedule, now: Date): Promise<boolean> {
  if (program.status !== 'closed') return false;
  const closedAt = (await findProgram(deps.db, program.id))?.closedAt;
  // Only a cohort that closed at its end has a survey to report on; one an admin closed early has not.
  if (!closedAt || closedAt < s.close || now < surveyClosesAt(s, closedAt, program.zone)) return false;
  // Due while any coordinator's copy was never queued: asked one by one, up to the first.
  for (const r of await coordinatorRecipients(deps, program)) if (await deliveryOf(deps.db, reportKey(program.id, r)) === undefined) return true;
  return false;
}

/** The outcomes of a cohort so far, under the anonymity threshold. */
export async function outcomesOf(deps: Deps, program: ProgramSettings): Promise<CohortOutcomes> {
  return cohortOutcomes({ tracks: tracksOf(deps, program), ...await outcomeRowsOf(deps.db, program.id), minRaters: deps.config.ratingMinRaters, seed: program.id });
}

async function postReport(deps: Deps, program: ProgramSettings, now: Date): Promise<boolean> {
  const outcomes = await outcomesOf(deps, program);
  const completed = await enrollmentsIn(deps.db, program.id, ['completed']);
  const held = await heldSessionsByPerson(deps.db, program.id);
  const continuing = (await openMatchesInProgram(deps.db, program.id)).filter((m) => isRunningPair(m) && m.mentorContinues === true && m.menteeContinues === true).length;
  const report = buildCohortReport(program, outcomes, { completed: completed.length, withSessions: completed.filter((e) => (held.get(e.personId) ?? 0) > 0).length, continuing });
  let posted = false;
  await deps.db.transaction(async (tx) => {
    for (const recipient of await coordinatorRecipients(deps, program)) {
      if (await enqueue(tx, { key: reportKey(program.id, recipient), recipient, ...report, notBefore: now })) posted = true;
    }
  });
  return posted;
}
