import type { WebClient } from '@slack/web-api';
import type { Deps } from '../deps.js';
import type { DB, Tx } from '../db/client.js';
import type { Enrollment, Match } from '../db/schema.js';
import { shiftLocalDays } from '../domain/localTime.js';
import { isInPair, OPEN_MATCH_STATUSES } from '../domain/mentorship.js';
import { type CohortOutcomes, cohortOutcomes, trackLabel } from '../domain/outcomes.js';
import { cohortDates, CURRENT_ENROLLMENT_STATUSES, GOAL_OUTCOMES, type GoalOutcome, type ProgramSettings, type PulseAnswer } from '../domain/programs.js';
import { deliver, deliveryOf, enqueue, enqueueReply } from '../outbox/outbox.js';
import { heldSessionsByPerson, outcomeRowsOf, setContinues } from '../repos/cohorts.js';
import {
  enrollmentsIn,
  findEnrollmentById,
  goalsOf,
  moveEnrollment,
  saveClosingAnswers,
  saveSelfRatings,
  selfRatingsOf,
  setGoalOutcome,
  setMentorNextCohort,
  setPulse,
} from '../repos/enrollments.js';
import { findMatch, openMatchesInProgram, transition } from '../repos/matches.js';
import { findProgram, setProgramStatus } from '../repos/programs.js';
import {
  baselineSaved,
  buildBaselinePrompt,
  buildCohortClosedNote,
  buildCohortReport,
  buildContinueQuestion,
  buildKickoff,
  buildMentorNextInvite,
  buildNeedHelpAlert,
  buildPulse,
  buildRecognition,
  buildSurveyPrompt,
  CLOSING_COMMENT_MAX,
  COHORT_REFUSALS,
  continueAnswered,
  goalBlockId,
  mentorNextConfirmed,
  pairContinues,
  pairEndsWithCohort,
  pulseThanks,
  requestEndsWithCohort,
  SURVEY_BLOCKS,
  type SurveyModalData,
  surveyThanks,
} from '../views/cohortMessages.js';
import { programClosedForPerson } from '../views/programAdminMessages.js';
import { trackBlockId, type TrackToRate } from '../views/selfRatingModal.js';
import { coordinatorsFor, everyProgram, programById } from './programs.js';
import { cancelFutureSessions } from './sessions.js';

/*
 * A cohort's life, for programs with a start and an end date:
 * - joining (active, promoted from the waitlist, or approved): the baseline
 *   self-rating prompt when the program has tracks, and the kickoff when the
 *   cohort is already under way but not yet halfway;
 * - the kickoff at the start (09:00 in the program's zone), and to anyone
 *   who joins later, until the midpoint; the pulse at the midpoint, to those
 *   enrolled by then; "keep going after the cohort?" a week before the close,
 *   to both people of each running pair;
 * - the close at 09:00 on the end date, in one transaction: the program
 *   closes, pairs end kindly unless both people said yes to keep going,
 *   enrollments complete, and the survey, the pair messages and the
 *   coordinators' note are queued with it, so a crash leaves all or nothing;
 * - the cohort report to the coordinators when the survey closes, a week on.
 * Every message's key names the cohort, the step and the person (or pair),
 * so a rerun, a double tick or a restart sends nothing twice. Time is `now`.
 *
 * "Completed" means: active at the close (the enrollment became 'completed')
 * and at least one held session in the program, as mentor or mentee. Sending
 * the survey does not count by itself, since recognition follows the survey
 * anyway: it goes to completers after they send it; everyone else who sends
 * it is thanked. Mentees (mentee, not also mentor, in this program) are then
 * invited to mentor in the next cohort.
 * A program an admin closes early (`/mentor program close`) ends as any
 * program does, with no survey and no report.
 * The job skips a paused cohort's prompts, but closes it on its date.
 */

export const CONTINUE_ASK_DAYS = 7;
export const PULSE_OPEN_DAYS = 7;
export const SURVEY_OPEN_DAYS = 7;
export const COHORT_END_REASON = 'cohort ended';

export interface CohortSchedule {
  kickoff: Date;
  midpoint: Date;
  /** The pulse is not sent after this (a week after the midpoint, or the close if sooner). */
  pulseUntil: Date;
  /** "Keep going after the cohort?" from a week before the close. */
  askAt: Date;
  close: Date;
  /** When the survey closes and the report is posted, for a cohort closed on time. */
  reportAt: Date;
}

/** The cohort's milestones in its zone (DST-safe: each at the same local time), or undefined for an ongoing program. */
export function cohortSchedule(program: Pick<ProgramSettings, 'startsOn' | 'endsOn' | 'zone'>): CohortSchedule | undefined {
  const dates = cohortDates(program, program.zone);
  if (!dates) return undefined;
  const { kickoff, midpoint, close } = dates;
  const pulseUntil = new Date(Math.min(shiftLocalDays(midpoint, PULSE_OPEN_DAYS, program.zone).getTime(), close.getTime()));
  const askAt = new Date(Math.max(shiftLocalDays(close, -CONTINUE_ASK_DAYS, program.zone).getTime(), kickoff.getTime()));
  return { kickoff, midpoint, pulseUntil, askAt, close, reportAt: shiftLocalDays(close, SURVEY_OPEN_DAYS, program.zone) };
}

/** When the survey closes: a week after the close, or a week after the program actually closed if that was later (the job was down). */
export function surveyClosesAt(schedule: CohortSchedule, closedAt: Date, zone: string): Date {
  return new Date(Math.max(schedule.reportAt.getTime(), shiftLocalDays(closedAt, SURVEY_OPEN_DAYS, zone).getTime()));
}

const joinedMs = (e: Enrollment) => (e.joinedAt ?? e.appliedAt).getTime();
const isMenteeOnly = (e: Pick<Enrollment, 'roles'>) => e.roles.includes('mentee') && !e.roles.includes('mentor');

export function tracksOf(deps: Deps, program: Pick<ProgramSettings, 'tracks'>): { id: string; name: string }[] {
  return program.tracks.map((id) => ({ id, name: deps.taxonomy.clusters.find((c) => c.id === id)?.name ?? trackLabel(id) }));
}

/** Where the coordinators' cohort messages go: the program's channel, or each coordinator privately. */
const coordinatorRecipients = (deps: Deps, program: ProgramSettings): string[] => (program.channel ? [program.channel] : coordinatorsFor(deps, program.id));

// ── Joining ────────────────────────────────────────────────────────────────

/**
 * Someone has just become active in a program (joined, promoted from the
 * waitlist, approved). In a cohort with tracks they are asked for their
 * baseline; in a cohort under way but not yet halfway they get the kickoff
 * now. Queued in the caller's transaction.
 */
export function welcomeToCohort(deps: Deps, tx: Tx, program: ProgramSettings, enrollment: Enrollment, now: Date): void {
  if (enrollment.status !== 'active') return;
  const s = cohortSchedule(program);
  if (!s || now >= s.close) return;
  const tracks = tracksOf(deps, program);
  if (tracks.length > 0) {
    const prompt = buildBaselinePrompt({ enrollmentId: enrollment.id, program, trackNames: tracks.map((t) => t.name), minRaters: deps.config.ratingMinRaters });
    enqueue(tx, { key: `cohort:${program.id}:baseline:${enrollment.id}:${joinedMs(enrollment)}`, recipient: enrollment.personId, ...prompt, notBefore: now, expiresAt: s.close, workingHoursOnly: false });
  }
  // The baseline prompt just went out: the kickoff need not ask again.
  if (now >= s.kickoff && now < s.midpoint) queueKickoff(tx, program, s, enrollment, [], now, false);
}

function queueKickoff(tx: DB | Tx, program: ProgramSettings, s: CohortSchedule, e: Enrollment, unratedTracks: string[], now: Date, workingHoursOnly: boolean): boolean {
  const kickoff = buildKickoff({ enrollmentId: e.id, program, roles: e.roles, closeAt: s.close, midpointAt: s.midpoint, unratedTracks, late: joinedMs(e) > s.kickoff.getTime() });
  // Past the midpoint a kickoff is stale: the pulse is the next thing they hear.
  return enqueue(tx, { key: `cohort:${program.id}:kickoff:${e.id}:${joinedMs(e)}`, recipient: e.personId, ...kickoff, notBefore: now, expiresAt: s.midpoint, workingHoursOnly });
}

// ── The job's steps ────────────────────────────────────────────────────────

export interface CohortRun {
  kickoffs: number;
  pulses: number;
  asks: number;
  closed: number;
  reports: number;
}

/** Everything due in every cohort at `now`, queued; nothing is sent here. */
export function planCohorts(deps: Deps, now: Date): CohortRun {
  const run: CohortRun = { kickoffs: 0, pulses: 0, asks: 0, closed: 0, reports: 0 };
  for (const program of everyProgram(deps)) {
    const s = cohortSchedule(program);
    if (!s) continue;
    // A paused program asks nothing of its people; its close still comes on its date.
    if (program.status === 'active' && now >= s.kickoff && now < s.close) {
      deps.db.transaction((tx) => {
        if (now < s.midpoint) run.kickoffs += kickoffs(deps, tx, program, s, now);
        if (now >= s.midpoint && now < s.pulseUntil) run.pulses += pulses(tx, program, s, now);
        if (now >= s.askAt) run.asks += continuationAsks(tx, program, s, now);
      });
    }
    if (program.status !== 'closed' && now >= s.close && closeCohort(deps, program, s, now)) run.closed += 1;
    if (reportDue(deps, program, s, now) && postReport(deps, program, now)) run.reports += 1;
  }
  return run;
}

function kickoffs(deps: Deps, tx: Tx, program: ProgramSettings, s: CohortSchedule, now: Date): number {
  const tracks = tracksOf(deps, program);
  let n = 0;
  for (const e of enrollmentsIn(tx, program.id, ['active'])) {
    const rated = new Set(selfRatingsOf(tx, e.id).filter((r) => r.phase === 'baseline').map((r) => r.track));
    const unrated = tracks.filter((t) => !rated.has(t.id)).map((t) => t.name);
    if (queueKickoff(tx, program, s, e, unrated, now, true)) n += 1;
  }
  return n;
}

function pulses(tx: Tx, program: ProgramSettings, s: CohortSchedule, now: Date): number {
  let n = 0;
  for (const e of enrollmentsIn(tx, program.id, ['active'])) {
    if (joinedMs(e) > s.midpoint.getTime()) continue;
    if (enqueue(tx, { key: `cohort:${program.id}:pulse:${e.id}`, recipient: e.personId, ...buildPulse({ enrollmentId: e.id, program }), notBefore: now, expiresAt: s.pulseUntil })) n += 1;
  }
  return n;
}

const isRunningPair = (m: Match): m is Match & { mentorId: string; menteeId: string } => (m.status === 'active' || m.status === 'paused') && m.mentorId !== null && m.menteeId !== null;

function continuationAsks(tx: Tx, program: ProgramSettings, s: CohortSchedule, now: Date): number {
  let n = 0;
  for (const m of openMatchesInProgram(tx, program.id)) {
    if (!isRunningPair(m)) continue;
    for (const [person, partner] of [
      [m.mentorId, m.menteeId],
      [m.menteeId, m.mentorId],
    ] as const) {
      const question = buildContinueQuestion({ matchId: m.id, program, partnerId: partner, closeAt: s.close });
      if (enqueue(tx, { key: `cohort:${program.id}:continue:${m.id}:${person}`, recipient: person, ...question, notBefore: now, expiresAt: s.close })) n += 1;
    }
  }
  return n;
}

/**
 * The close, once: the program's status moves to closed in the same
 * transaction as everything else, so a rerun finds it closed and does
 * nothing, and a crash before the commit leaves it to the next run whole.
 */
function closeCohort(deps: Deps, program: ProgramSettings, s: CohortSchedule, now: Date): boolean {
  const until = surveyClosesAt(s, now, program.zone);
  return deps.db.transaction((tx) => {
    if (!setProgramStatus(tx, program.id, ['active', 'paused'], 'closed', now)) return false;
    let continuing = 0;
    let ended = 0;
    for (const m of openMatchesInProgram(tx, program.id)) {
      if (isRunningPair(m) && m.mentorContinues === true && m.menteeContinues === true) {
        continuing += 1;
        for (const [person, partner] of [
          [m.mentorId, m.menteeId],
          [m.menteeId, m.mentorId],
        ] as const) {
          enqueue(tx, { key: `cohort:${program.id}:continues:${m.id}:${person}`, recipient: person, text: pairContinues(program, partner), notBefore: now });
        }
        continue;
      }
      const done = transition(tx, m.id, OPEN_MATCH_STATUSES, 'ended', { endedAt: now, endReason: COHORT_END_REASON });
      if (!done) continue;
      cancelFutureSessions(deps, tx, done, '', now);
      if (m.status !== 'requested') ended += 1;
      for (const [person, partner] of [
        [done.mentorId, done.menteeId],
        [done.menteeId, done.mentorId],
      ] as const) {
        if (!person) continue;
        const text = m.status === 'requested' ? requestEndsWithCohort(program, partner, person === done.menteeId) : pairEndsWithCohort(program, partner);
        enqueue(tx, { key: `cohort:${program.id}:ended:${m.id}:${person}`, recipient: person, text, notBefore: now });
      }
    }
    let completed = 0;
    for (const e of enrollmentsIn(tx, program.id, CURRENT_ENROLLMENT_STATUSES)) {
      if (e.status !== 'active') {
        moveEnrollment(tx, e.id, CURRENT_ENROLLMENT_STATUSES, 'left', { endedAt: now });
        enqueue(tx, { key: `cohort:${program.id}:closed:${e.personId}`, recipient: e.personId, text: programClosedForPerson(program), notBefore: now });
        continue;
      }
      if (!moveEnrollment(tx, e.id, ['active'], 'completed', { endedAt: now })) continue;
      completed += 1;
      const prompt = buildSurveyPrompt({ enrollmentId: e.id, program, until, hasTracks: program.tracks.length > 0, hasGoals: goalsOf(tx, e.personId, program.id).length > 0 });
      enqueue(tx, { key: `cohort:${program.id}:survey:${e.id}`, recipient: e.personId, ...prompt, notBefore: now, expiresAt: until });
    }
    const note = buildCohortClosedNote(program, { completed, continuing, ended, reportAt: until });
    for (const recipient of coordinatorRecipients(deps, program)) {
      enqueue(tx, { key: `cohort:${program.id}:closed-note:${recipient}`, recipient, ...note, notBefore: now });
    }
    return true;
  });
}

const reportKey = (programId: number, recipient: string) => `cohort:${programId}:report:${recipient}`;

function reportDue(deps: Deps, program: ProgramSettings, s: CohortSchedule, now: Date): boolean {
  if (program.status !== 'closed') return false;
  const closedAt = findProgram(deps.db, program.id)?.closedAt;
  // Only a cohort that closed at its end has a survey to report on; one an admin closed early has not.
  if (!closedAt || closedAt < s.close || now < surveyClosesAt(s, closedAt, program.zone)) return false;
  return coordinatorRecipients(deps, program).some((r) => deliveryOf(deps.db, reportKey(program.id, r)) === undefined);
}

/** The outcomes of a cohort so far, under the anonymity threshold. */
export function outcomesOf(deps: Deps, program: ProgramSettings): CohortOutcomes {
  return cohortOutcomes({ tracks: tracksOf(deps, program), ...outcomeRowsOf(deps.db, program.id), minRaters: deps.config.ratingMinRaters, seed: program.id });
}

function postReport(deps: Deps, program: ProgramSettings, now: Date): boolean {
  const outcomes = outcomesOf(deps, program);
  const completed = enrollmentsIn(deps.db, program.id, ['completed']);
  const held = heldSessionsByPerson(deps.db, program.id);
  const continuing = openMatchesInProgram(deps.db, program.id).filter((m) => isRunningPair(m) && m.mentorContinues === true && m.menteeContinues === true).length;
  const report = buildCohortReport(program, outcomes, { completed: completed.length, withSessions: completed.filter((e) => (held.get(e.personId) ?? 0) > 0).length, continuing });
  let posted = false;
  deps.db.transaction((tx) => {
    for (const recipient of coordinatorRecipients(deps, program)) {
      if (enqueue(tx, { key: reportKey(program.id, recipient), recipient, ...report, notBefore: now })) posted = true;
    }
  });
  return posted;
}

// ── What people answer ─────────────────────────────────────────────────────

export type Refusal = { ok: false; message: string };
const NOT_YOURS: Refusal = { ok: false, message: COHORT_REFUSALS.notYours };

type Mine = { ok: true; enrollment: Enrollment; program: ProgramSettings; schedule: CohortSchedule };

function mine(deps: Deps, userId: string, enrollmentId: number): Mine | Refusal {
  const enrollment = findEnrollmentById(deps.db, enrollmentId);
  if (!enrollment || enrollment.personId !== userId) return NOT_YOURS;
  const program = programById(deps, enrollment.programId);
  const schedule = program && cohortSchedule(program);
  if (!program || !schedule) return NOT_YOURS;
  return { ok: true, enrollment, program, schedule };
}

/** Whether the baseline can be given or changed now: in the cohort, before its close. */
function baselineOpen(found: Mine, now: Date): Refusal | undefined {
  const { enrollment, program, schedule } = found;
  if (program.tracks.length === 0) return NOT_YOURS;
  if (program.status === 'closed' || now >= schedule.close || enrollment.status === 'completed') {
    return { ok: false, message: COHORT_REFUSALS.baselineClosed(program) };
  }
  if (enrollment.status !== 'active') return { ok: false, message: COHORT_REFUSALS.notTakingPart(program) };
  return undefined;
}

export type SelfRatingForm = { ok: true; modal: { enrollmentId: number; programName: string; tracks: TrackToRate[]; minRaters: number; updating: boolean } } | Refusal;

export function selfRatingForm(deps: Deps, userId: string, enrollmentId: number): SelfRatingForm {
  const found = mine(deps, userId, enrollmentId);
  if (!found.ok) return found;
  const refused = baselineOpen(found, deps.clock());
  if (refused) return refused;
  const given = new Map(selfRatingsOf(deps.db, enrollmentId).filter((r) => r.phase === 'baseline').map((r) => [r.track, r.level]));
  const tracks = tracksOf(deps, found.program).map((t) => ({ ...t, ...(given.has(t.id) ? { level: given.get(t.id) } : {}) }));
  return { ok: true, modal: { enrollmentId, programName: found.program.name, tracks, minRaters: deps.config.ratingMinRaters, updating: given.size > 0 } };
}

export type FormOutcome = { ok: true; reply?: string } | { ok: false; errors: Record<string, string> } | Refusal;

const LEVEL_ERROR = 'Pick a level from 1 to 5.';

function readLevels(deps: Deps, program: ProgramSettings, picked: Readonly<Record<string, string | undefined>>): { levels: Record<string, number>; errors: Record<string, string> } {
  const levels: Record<string, number> = {};
  const errors: Record<string, string> = {};
  for (const t of tracksOf(deps, program)) {
    const level = Number(picked[t.id]);
    if (Number.isInteger(level) && level >= 1 && level <= 5) levels[t.id] = level;
    else errors[trackBlockId(t.id)] = LEVEL_ERROR;
  }
  return { levels, errors };
}

/** The baseline form sent: every track needs a level; a second answer replaces the first. */
export function saveBaseline(deps: Deps, userId: string, enrollmentId: number, picked: Readonly<Record<string, string | undefined>>): FormOutcome {
  const now = deps.clock();
  const found = mine(deps, userId, enrollmentId);
  if (!found.ok) return found;
  const refused = baselineOpen(found, now);
  if (refused) return refused;
  const { levels, errors } = readLevels(deps, found.program, picked);
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const updated = selfRatingsOf(deps.db, enrollmentId).some((r) => r.phase === 'baseline');
  deps.db.transaction((tx) => saveSelfRatings(tx, enrollmentId, 'baseline', levels, now));
  return { ok: true, reply: baselineSaved(found.program, updated) };
}

export type Answered = { ok: true; message: string } | Refusal;

/** The midpoint pulse: stored on the enrollment; "I need help" goes privately to the program's coordinators, once. */
export async function answerPulse(deps: Deps, client: WebClient, userId: string, enrollmentId: number, answer: PulseAnswer): Promise<Answered> {
  const now = deps.clock();
  const found = mine(deps, userId, enrollmentId);
  if (!found.ok) return found;
  const { enrollment, program, schedule } = found;
  if (enrollment.status !== 'active' || program.status === 'closed' || now >= schedule.close) return { ok: false, message: COHORT_REFUSALS.pulseClosed(program) };
  deps.db.transaction((tx) => {
    setPulse(tx, enrollment.id, answer);
    if (answer !== 'need_help') return;
    const alert = buildNeedHelpAlert({ personId: userId, program });
    const coordinators = coordinatorsFor(deps, program.id);
    for (const recipient of coordinators.length ? coordinators : program.channel ? [program.channel] : []) {
      enqueue(tx, { key: `cohort:${program.id}:pulse-help:${enrollment.id}:${recipient}`, recipient, ...alert, notBefore: now, workingHoursOnly: false, about: [userId] });
    }
  });
  await deliver(deps, client, now);
  return { ok: true, message: pulseThanks(program, answer) };
}

/** One side's "keep going after the cohort?", changeable until the close. */
export function answerContinue(deps: Deps, userId: string, matchId: number, keepGoing: boolean): Answered {
  const now = deps.clock();
  const match = findMatch(deps.db, matchId);
  if (!match || !isInPair(match, userId)) return NOT_YOURS;
  const program = programById(deps, match.programId);
  const schedule = program && cohortSchedule(program);
  if (!program || !schedule) return NOT_YOURS;
  if (program.status === 'closed' || now >= schedule.close) return { ok: false, message: COHORT_REFUSALS.continueClosed(program) };
  const side = match.mentorId === userId ? 'mentor' : 'mentee';
  const saved = setContinues(deps.db, matchId, side, keepGoing);
  if (!saved) return { ok: false, message: COHORT_REFUSALS.pairEnded };
  return { ok: true, message: continueAnswered({ program, partnerId: side === 'mentor' ? match.menteeId : match.mentorId, yes: keepGoing }) };
}

type SurveyOpen = Mine & { until: Date };

function surveyOpen(deps: Deps, userId: string, enrollmentId: number, now: Date): SurveyOpen | Refusal {
  const found = mine(deps, userId, enrollmentId);
  if (!found.ok) return found;
  const closedAt = findProgram(deps.db, found.program.id)?.closedAt;
  if (found.enrollment.status !== 'completed' || found.program.status !== 'closed' || !closedAt) {
    return { ok: false, message: COHORT_REFUSALS.surveyNotForYou(found.program) };
  }
  const until = surveyClosesAt(found.schedule, closedAt, found.program.zone);
  if (now >= until) return { ok: false, message: COHORT_REFUSALS.surveyClosed(found.program) };
  return { ...found, until };
}

export type SurveyForm = { ok: true; modal: SurveyModalData } | Refusal;

export function surveyForm(deps: Deps, userId: string, enrollmentId: number): SurveyForm {
  const found = surveyOpen(deps, userId, enrollmentId, deps.clock());
  if (!found.ok) return found;
  const { enrollment, program } = found;
  const closeLevels = new Map(selfRatingsOf(deps.db, enrollment.id).filter((r) => r.phase === 'close').map((r) => [r.track, r.level]));
  return {
    ok: true,
    modal: {
      enrollmentId,
      programName: program.name,
      goals: goalsOf(deps.db, userId, program.id).map((g) => ({ id: g.id, aim: g.aim, outcome: g.outcome })),
      tracks: tracksOf(deps, program).map((t) => ({ ...t, ...(closeLevels.has(t.id) ? { level: closeLevels.get(t.id) } : {}) })),
      rating: enrollment.closingRating,
      comment: enrollment.closingComment,
      minRaters: deps.config.ratingMinRaters,
      updating: enrollment.closingAnsweredAt !== null,
    },
  };
}

export interface RawSurvey {
  /** Goal id → the outcome picked. */
  goals: Readonly<Record<string, string | undefined>>;
  rating: string | undefined;
  comment: string | undefined;
  /** Track id → the level picked. */
  tracks: Readonly<Record<string, string | undefined>>;
}

/**
 * The closing survey sent: goal outcomes, the program's rating and comment,
 * and the self-rating at the close, in one transaction with what follows
 * the first answer (recognition or thanks; for mentees, the invitation to
 * mentor next time), each keyed so a resubmission sends nothing again.
 * Queued only: the listener acknowledges the form first, then delivers.
 */
export function saveSurvey(deps: Deps, userId: string, enrollmentId: number, raw: RawSurvey): FormOutcome {
  const now = deps.clock();
  const found = surveyOpen(deps, userId, enrollmentId, now);
  if (!found.ok) return found;
  const { enrollment, program } = found;
  const errors: Record<string, string> = {};
  const goals = goalsOf(deps.db, userId, program.id);
  const outcomes = new Map<number, GoalOutcome>();
  for (const g of goals) {
    const picked = raw.goals[String(g.id)];
    if ((GOAL_OUTCOMES as readonly string[]).includes(picked ?? '')) outcomes.set(g.id, picked as GoalOutcome);
    else errors[goalBlockId(g.id)] = 'Pick how this goal went.';
  }
  const rating = Number(raw.rating);
  if (!(Number.isInteger(rating) && rating >= 1 && rating <= 5)) errors[SURVEY_BLOCKS.rating] = LEVEL_ERROR;
  const comment = raw.comment?.trim() || null;
  if (comment && comment.length > CLOSING_COMMENT_MAX) errors[SURVEY_BLOCKS.comment] = `Keep it under ${CLOSING_COMMENT_MAX} characters.`;
  const { levels, errors: trackErrors } = readLevels(deps, program, raw.tracks);
  Object.assign(errors, trackErrors);
  if (Object.keys(errors).length > 0) return { ok: false, errors };

  const first = enrollment.closingAnsweredAt === null;
  deps.db.transaction((tx) => {
    for (const [goalId, outcome] of outcomes) setGoalOutcome(tx, goalId, userId, outcome);
    saveClosingAnswers(tx, enrollment.id, { rating, comment }, now);
    if (Object.keys(levels).length > 0) saveSelfRatings(tx, enrollment.id, 'close', levels, now);
    const sessions = heldSessionsByPerson(tx, program.id).get(userId) ?? 0;
    const followUp = sessions > 0 ? buildRecognition({ program, sessions }) : { text: surveyThanks(program, false) };
    enqueueReply(tx, { key: `cohort:${program.id}:after-survey:${enrollment.id}`, recipient: userId, ...followUp, now });
    if (isMenteeOnly(enrollment) && !enrollment.mentorNextCohort) {
      enqueueReply(tx, { key: `cohort:${program.id}:mentor-invite:${enrollment.id}`, recipient: userId, ...buildMentorNextInvite({ enrollmentId: enrollment.id, program }), now });
    }
  });
  return first ? { ok: true } : { ok: true, reply: surveyThanks(program, true) };
}

/** A mentee's yes to mentoring in the next cohort; the report counts them. */
export function volunteerToMentor(deps: Deps, userId: string, enrollmentId: number): Answered {
  const found = mine(deps, userId, enrollmentId);
  if (!found.ok) return found;
  if (!isMenteeOnly(found.enrollment)) return NOT_YOURS;
  setMentorNextCohort(deps.db, found.enrollment.id);
  return { ok: true, message: mentorNextConfirmed(found.program) };
}
