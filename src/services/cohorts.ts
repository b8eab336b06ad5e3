import type { WebClient } from '@slack/web-api';
import type { Deps } from '../deps.js';
import type { DB, Tx } from '../db/client.js';
import type { Enrollment } from '../db/schema.js';
import { shiftLocalDays } from '../domain/localTime.js';
import { visibleLength } from '../domain/text.js';
import { isInPair } from '../domain/mentorship.js';
import { trackLabel } from '../domain/outcomes.js';
import { cohortDates, GOAL_OUTCOMES, type GoalOutcome, type ProgramSettings, type PulseAnswer } from '../domain/programs.js';
import { deliver, enqueue, enqueueReply } from '../outbox/outbox.js';
import { heldSessionsByPerson, setContinues } from '../repos/cohorts.js';
import { findEnrollmentById, goalsOf, saveClosingAnswers, saveSelfRatings, selfRatingsOf, setGoalOutcome, setMentorNextCohort, setPulse } from '../repos/enrollments.js';
import { findMatch } from '../repos/matches.js';
import { findProgram } from '../repos/programs.js';
import {
  baselineSaved,
  buildBaselinePrompt,
  buildKickoff,
  buildMentorNextInvite,
  buildNeedHelpAlert,
  buildRecognition,
  CLOSING_COMMENT_MAX,
  COHORT_REFUSALS,
  continueAnswered,
  goalBlockId,
  mentorNextConfirmed,
  pulseThanks,
  SURVEY_BLOCKS,
  type SurveyModalData,
  surveyThanks,
} from '../views/cohortMessages.js';
import { trackBlockId, type TrackToRate } from '../views/selfRatingModal.js';
import { coordinatorsFor, programById } from './programs.js';

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
 * The job (jobs/cohorts.ts) plans the steps as they fall due: it skips a
 * paused cohort's prompts, but closes it on its date. This module holds the
 * schedule, joining, and what people answer.
 */

export const CONTINUE_ASK_DAYS = 7;
export const PULSE_OPEN_DAYS = 7;
export const SURVEY_OPEN_DAYS = 7;

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

/** When someone joined the cohort (or applied, before they were let in). */
export const joinedMs = (e: Enrollment) => (e.joinedAt ?? e.appliedAt).getTime();
const isMenteeOnly = (e: Pick<Enrollment, 'roles'>) => e.roles.includes('mentee') && !e.roles.includes('mentor');

export function tracksOf(deps: Deps, program: Pick<ProgramSettings, 'tracks'>): { id: string; name: string }[] {
  return program.tracks.map((id) => ({ id, name: deps.taxonomy.clusters.find((c) => c.id === id)?.name ?? trackLabel(id) }));
}

// ── Joining ────────────────────────────────────────────────────────────────

/**
 * Someone has just become active in a program (joined, promoted from the
 * waitlist, approved). In a cohort with tracks they are asked for their
 * baseline; in a cohort under way but not yet halfway they get the kickoff
 * now. Queued in the caller's transaction. A paused cohort asks nothing of
 * anyone: the cohorts job's kickoff catches them up when it resumes.
 */
export async function welcomeToCohort(deps: Deps, tx: Tx, program: ProgramSettings, enrollment: Enrollment, now: Date): Promise<void> {
  if (enrollment.status !== 'active' || program.status !== 'active') return;
  const s = cohortSchedule(program);
  if (!s || now >= s.close) return;
  await queueBaseline(deps, tx, program, s, enrollment, now);
  // The baseline prompt just went out: the kickoff need not ask again.
  if (now >= s.kickoff && now < s.midpoint) await queueKickoff(tx, program, s, enrollment, [], now, false);
}

/** The baseline self-rating prompt to one person, once per joining; false when the program has no tracks or it was queued already. */
export async function queueBaseline(deps: Deps, tx: DB | Tx, program: ProgramSettings, s: CohortSchedule, enrollment: Enrollment, now: Date): Promise<boolean> {
  const tracks = tracksOf(deps, program);
  if (tracks.length === 0) return false;
  const prompt = buildBaselinePrompt({ enrollmentId: enrollment.id, program, trackNames: tracks.map((t) => t.name), minRaters: deps.config.ratingMinRaters });
  return enqueue(tx, { key: baselineKey(program, enrollment), recipient: enrollment.personId, ...prompt, notBefore: now, expiresAt: s.close, workingHoursOnly: false });
}

export const baselineKey = (program: Pick<ProgramSettings, 'id'>, e: Enrollment) => `cohort:${program.id}:baseline:${e.id}:${joinedMs(e)}`;
export const kickoffKey = (program: Pick<ProgramSettings, 'id'>, e: Enrollment) => `cohort:${program.id}:kickoff:${e.id}:${joinedMs(e)}`;

/** The kickoff to one person (a late joiner's says so), once per joining; stale after the midpoint. */
export async function queueKickoff(tx: DB | Tx, program: ProgramSettings, s: CohortSchedule, e: Enrollment, unratedTracks: string[], now: Date, workingHoursOnly: boolean): Promise<boolean> {
  const kickoff = buildKickoff({ enrollmentId: e.id, program, roles: e.roles, closeAt: s.close, midpointAt: s.midpoint, unratedTracks, late: joinedMs(e) > s.kickoff.getTime() });
  // Past the midpoint a kickoff is stale: the pulse is the next thing they hear.
  return enqueue(tx, { key: kickoffKey(program, e), recipient: e.personId, ...kickoff, notBefore: now, expiresAt: s.midpoint, workingHoursOnly });
}

// ── What people answer ─────────────────────────────────────────────────────

export type Refusal = { ok: false; message: string };
const NOT_YOURS: Refusal = { ok: false, message: COHORT_REFUSALS.notYours };

type Mine = { ok: true; enrollment: Enrollment; program: ProgramSettings; schedule: CohortSchedule };

async function mine(deps: Deps, userId: string, enrollmentId: number): Promise<Mine | Refusal> {
  const enrollment = await findEnrollmentById(deps.db, enrollmentId);
  if (!enrollment || enrollment.personId !== userId) return NOT_YOURS;
  const program = await programById(deps, enrollment.programId);
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

export async function selfRatingForm(deps: Deps, userId: string, enrollmentId: number): Promise<SelfRatingForm> {
  const found = await mine(deps, userId, enrollmentId);
  if (!found.ok) return found;
  const refused = baselineOpen(found, deps.clock());
  if (refused) return refused;
  const given = new Map((await selfRatingsOf(deps.db, enrollmentId)).filter((r) => r.phase === 'baseline').map((r) => [r.track, r.level]));
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
export async function saveBaseline(deps: Deps, userId: string, enrollmentId: number, picked: Readonly<Record<string, string | undefined>>): Promise<FormOutcome> {
  const now = deps.clock();
  const found = await mine(deps, userId, enrollmentId);
  if (!found.ok) return found;
  const refused = baselineOpen(found, now);
  if (refused) return refused;
  const { levels, errors } = readLevels(deps, found.program, picked);
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const updated = (await selfRatingsOf(deps.db, enrollmentId)).some((r) => r.phase === 'baseline');
  await deps.db.transaction(async (tx) => saveSelfRatings(tx, enrollmentId, 'baseline', levels, now));
  return { ok: true, reply: baselineSaved(found.program, updated) };
}

export type Answered = { ok: true; message: string } | Refusal;

/** The midpoint pulse: stored on the enrollment; "I need help" goes privately to the program's coordinators, once. */
export async function answerPulse(deps: Deps, client: WebClient, userId: string, enrollmentId: number, answer: PulseAnswer): Promise<Answered> {
  const now = deps.clock();
  const found = await mine(deps, userId, enrollmentId);
  if (!found.ok) return found;
  const { enrollment, program, schedule } = found;
  if (enrollment.status !== 'active' || program.status === 'closed' || now >= schedule.close) return { ok: false, message: COHORT_REFUSALS.pulseClosed(program) };
  await deps.db.transaction(async (tx) => {
    await setPulse(tx, enrollment.id, answer);
    if (answer !== 'need_help') return;
    const alert = buildNeedHelpAlert({ personId: userId, program });
    const coordinators = await coordinatorsFor(deps, program.id);
    for (const recipient of coordinators.length ? coordinators : program.channel ? [program.channel] : []) {
      await enqueue(tx, { key: `cohort:${program.id}:pulse-help:${enrollment.id}:${recipient}`, recipient, ...alert, notBefore: now, workingHoursOnly: false, about: [userId] });
    }
  });
  await deliver(deps, client, now);
  return { ok: true, message: pulseThanks(program, answer) };
}

/** One side's "keep going after the cohort?", changeable until the close. */
export async function answerContinue(deps: Deps, userId: string, matchId: number, keepGoing: boolean): Promise<Answered> {
  const now = deps.clock();
  const match = await findMatch(deps.db, matchId);
  if (!match || !isInPair(match, userId)) return NOT_YOURS;
  const program = await programById(deps, match.programId);
  const schedule = program && cohortSchedule(program);
  if (!program || !schedule) return NOT_YOURS;
  if (program.status === 'closed' || now >= schedule.close) return { ok: false, message: COHORT_REFUSALS.continueClosed(program) };
  const side = match.mentorId === userId ? 'mentor' : 'mentee';
  const saved = await setContinues(deps.db, matchId, side, keepGoing);
  if (!saved) return { ok: false, message: COHORT_REFUSALS.pairEnded };
  return { ok: true, message: continueAnswered({ program, partnerId: side === 'mentor' ? match.menteeId : match.mentorId, yes: keepGoing }) };
}

type SurveyOpen = Mine & { until: Date };

async function surveyOpen(deps: Deps, userId: string, enrollmentId: number, now: Date): Promise<SurveyOpen | Refusal> {
  const found = await mine(deps, userId, enrollmentId);
  if (!found.ok) return found;
  const closedAt = (await findProgram(deps.db, found.program.id))?.closedAt;
  if (found.enrollment.status !== 'completed' || found.program.status !== 'closed' || !closedAt) {
    return { ok: false, message: COHORT_REFUSALS.surveyNotForYou(found.program) };
  }
  const until = surveyClosesAt(found.schedule, closedAt, found.program.zone);
  if (now >= until) return { ok: false, message: COHORT_REFUSALS.surveyClosed(found.program) };
  return { ...found, until };
}

export type SurveyForm = { ok: true; modal: SurveyModalData } | Refusal;

export async function surveyForm(deps: Deps, userId: string, enrollmentId: number): Promise<SurveyForm> {
  const found = await surveyOpen(deps, userId, enrollmentId, deps.clock());
  if (!found.ok) return found;
  const { enrollment, program } = found;
  const closeLevels = new Map((await selfRatingsOf(deps.db, enrollment.id)).filter((r) => r.phase === 'close').map((r) => [r.track, r.level]));
  return {
    ok: true,
    modal: {
      enrollmentId,
      programName: program.name,
      goals: (await goalsOf(deps.db, userId, program.id)).map((g) => ({ id: g.id, aim: g.aim, outcome: g.outcome })),
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
export async function saveSurvey(deps: Deps, userId: string, enrollmentId: number, raw: RawSurvey): Promise<FormOutcome> {
  const now = deps.clock();
  const found = await surveyOpen(deps, userId, enrollmentId, now);
  if (!found.ok) return found;
  const { enrollment, program } = found;
  const errors: Record<string, string> = {};
  const goals = await goalsOf(deps.db, userId, program.id);
  const outcomes = new Map<number, GoalOutcome>();
  for (const g of goals) {
    const picked = raw.goals[String(g.id)];
    if ((GOAL_OUTCOMES as readonly string[]).includes(picked ?? '')) outcomes.set(g.id, picked as GoalOutcome);
    else errors[goalBlockId(g.id)] = 'Pick how this goal went.';
  }
  const rating = Number(raw.rating);
  if (!(Number.isInteger(rating) && rating >= 1 && rating <= 5)) errors[SURVEY_BLOCKS.rating] = LEVEL_ERROR;
  const comment = raw.comment?.trim() || null;
  if (comment && visibleLength(comment) > CLOSING_COMMENT_MAX) errors[SURVEY_BLOCKS.comment] = `Keep it under ${CLOSING_COMMENT_MAX} characters.`;
  const { levels, errors: trackErrors } = readLevels(deps, program, raw.tracks);
  Object.assign(errors, trackErrors);
  if (Object.keys(errors).length > 0) return { ok: false, errors };

  const first = enrollment.closingAnsweredAt === null;
  await deps.db.transaction(async (tx) => {
    for (const [goalId, outcome] of outcomes) await setGoalOutcome(tx, goalId, userId, outcome);
    await saveClosingAnswers(tx, enrollment.id, { rating, comment }, now);
    if (Object.keys(levels).length > 0) await saveSelfRatings(tx, enrollment.id, 'close', levels, now);
    const sessions = (await heldSessionsByPerson(tx, program.id)).get(userId) ?? 0;
    const followUp = sessions > 0 ? buildRecognition({ program, sessions }) : { text: surveyThanks(program, false) };
    await enqueueReply(tx, { key: `cohort:${program.id}:after-survey:${enrollment.id}`, recipient: userId, ...followUp, now });
    if (isMenteeOnly(enrollment) && !enrollment.mentorNextCohort) {
      await enqueueReply(tx, { key: `cohort:${program.id}:mentor-invite:${enrollment.id}`, recipient: userId, ...buildMentorNextInvite({ enrollmentId: enrollment.id, program }), now });
    }
  });
  return first ? { ok: true } : { ok: true, reply: surveyThanks(program, true) };
}

/** A mentee's yes to mentoring in the next cohort; the report counts them. */
export async function volunteerToMentor(deps: Deps, userId: string, enrollmentId: number): Promise<Answered> {
  const found = await mine(deps, userId, enrollmentId);
  if (!found.ok) return found;
  if (!isMenteeOnly(found.enrollment)) return NOT_YOURS;
  await setMentorNextCohort(deps.db, found.enrollment.id);
  return { ok: true, message: mentorNextConfirmed(found.program) };
}
