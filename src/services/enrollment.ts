import type { WebClient } from '@slack/web-api';
import type { Deps } from '../deps.js';
import type { Tx } from '../db/client.js';
import type { Enrollment } from '../db/schema.js';
import type { IntakeAnswers, Role } from '../domain/intake.js';
import { isMember, partnerOf } from '../domain/mentorship.js';
import { admission, CURRENT_ENROLLMENT_STATUSES, hasRule, isEligible, isJoinable, isSeatTaking, type ProgramSettings } from '../domain/programs.js';
import { deliver, enqueue } from '../outbox/outbox.js';
import { enrollmentsIn, enrollmentsOf, findEnrollment, findEnrollmentById, moveEnrollment, seatsTaken } from '../repos/enrollments.js';
import { endOpenMatchesIn } from '../repos/matches.js';
import { findPerson, loadProfile, saveIntake, saveProfile, saveProgramPart } from '../repos/profiles.js';
import { coordinatorOnlyMessage, partnerLeftProgramMessage } from '../views/membershipMessages.js';
import { alreadyDecided, approvedMessage, buildApplication, decidedLine, declinedApplication, type ProgramCard, seatOpened } from '../views/programMessages.js';
import { joinRefusal } from '../views/programWords.js';
import { coordinates, coordinatorsFor, everyProgram, programById } from './programs.js';
import { cancelFutureSessions } from './sessions.js';
import { leaveCircles } from './circles.js';
import { tellOfClosedRequest } from './closedRequests.js';
import { rematchAfterEarlyEnd } from './selfServe.js';
import { welcomeToCohort } from './cohorts.js';

/**
 * Joining programs: who sees which program, what happens to someone who
 * asks to join (a place, the waitlist, or an application a coordinator
 * decides), and a place passing down the waitlist when one frees up.
 */

const isCurrent = (e: Enrollment | undefined): e is Enrollment => e !== undefined && (CURRENT_ENROLLMENT_STATUSES as readonly string[]).includes(e.status);

export async function waitlistPosition(deps: Deps, enrollment: Enrollment): Promise<number> {
  return (await enrollmentsIn(deps.db, enrollment.programId, ['waitlisted'])).findIndex((e) => e.id === enrollment.id) + 1;
}

export async function seatsLeft(deps: Deps, program: ProgramSettings): Promise<number | null> {
  return program.seats === null ? null : Math.max(0, program.seats - await seatsTaken(deps.db, program.id));
}

/** Whether a person may see and join a program: it is open, and its rule (if any) picks them. */
export async function mayJoin(deps: Deps, userId: string, program: ProgramSettings, now: Date): Promise<boolean> {
  if (!isJoinable(program, program.zone, now)) return false;
  if (!hasRule(program.eligibility)) return program.enrollment !== 'invitation';
  const person = await findPerson(deps.db, userId);
  return person !== undefined && isEligible(program.eligibility, person);
}

/** The programs a person can join, and those they are in, as `/mentor programs` lists them. */
export async function programCards(deps: Deps, userId: string): Promise<ProgramCard[]> {
  const now = deps.clock();
  const mine = new Map((await enrollmentsOf(deps.db, userId)).map((e) => [e.programId, e]));
  const cards: ProgramCard[] = [];
  for (const program of await everyProgram(deps, { open: true })) {
    const enrollment = mine.get(program.id);
    if (!isCurrent(enrollment) && !(await mayJoin(deps, userId, program, now))) continue;
    cards.push({
      program,
      seatsLeft: await seatsLeft(deps, program),
      standing: enrollment && { status: enrollment.status, ...(enrollment.status === 'waitlisted' ? { waitlistPosition: await waitlistPosition(deps, enrollment) } : {}) },
    });
  }
  return cards;
}

export type JoinCheck = { ok: true; program: ProgramSettings; member: boolean } | { ok: false; message: string };

/** Whether a person can start joining this program now, and whether they already have a profile. */
export async function canStartJoining(deps: Deps, userId: string, programId: number): Promise<JoinCheck> {
  const program = await programById(deps, programId);
  if (!program || program.status === 'closed') return { ok: false, message: 'That program has closed. `/mentor programs` shows the ones you can join.' };
  const enrollment = await findEnrollment(deps.db, program.id, userId);
  if (isCurrent(enrollment)) {
    const standing = enrollment.status === 'active' || enrollment.status === 'applied' ? enrollment.status : 'waitlisted';
    return { ok: false, message: joinRefusal(program, standing) };
  }
  if (program.status === 'paused') return { ok: false, message: joinRefusal(program, 'paused') };
  if (!await mayJoin(deps, userId, program, deps.clock())) return { ok: false, message: joinRefusal(program, 'closed_to_you') };
  return { ok: true, program, member: isMember(await findPerson(deps.db, userId)) };
}

/** Where a new enrollment starts, decided in the transaction that stores it. */
export async function admissionFor(deps: Deps, program: ProgramSettings, roles: readonly Role[]) {
  return admission(program.enrollment, await seatsTaken(deps.db, program.id), program.seats, isSeatTaking(roles));
}

/**
 * What follows a stored enrollment: an application goes to the program's
 * coordinators (in its channel, or to each of them when it has none).
 */
export async function afterEnrollment(deps: Deps, tx: Tx, program: ProgramSettings, enrollment: Enrollment, now: Date): Promise<void> {
  // In a cohort: the baseline self-rating prompt (when it has tracks), and the kickoff if it is under way.
  if (enrollment.status === 'active') await welcomeToCohort(deps, tx, program, enrollment, now);
  if (enrollment.status !== 'applied') return;
  const member = await loadProfile(deps.db, enrollment.personId, program.id);
  const application = buildApplication({
    enrollmentId: enrollment.id,
    program,
    personId: enrollment.personId,
    roles: enrollment.roles,
    goals: member?.answers.goals.map((g) => g.aim) ?? [],
    facts: [member?.person.department, member?.person.level ? `level ${member.person.level}` : null, member?.person.location].filter(Boolean).join(' · '),
  });
  const recipients = program.channel ? [program.channel] : await coordinatorsFor(deps, program.id);
  for (const recipient of recipients) {
    await enqueue(tx, { key: `enrollment:${enrollment.id}:application:${enrollment.appliedAt.getTime()}:${recipient}`, recipient, ...application, notBefore: now, workingHoursOnly: false, about: [enrollment.personId] });
  }
}

export type DecisionOutcome = { ok: true; line: string } | { ok: false; message: string };

/** A coordinator approves or declines an application; the person hears either way, with the note. */
export async function decideApplication(deps: Deps, client: WebClient, coordinatorId: string, enrollmentId: number, approve: boolean, note: string | null): Promise<DecisionOutcome> {
  const now = deps.clock();
  const before = await findEnrollmentById(deps.db, enrollmentId);
  const program = before && await programById(deps, before.programId);
  if (!before || !program) return { ok: false, message: 'That application is no longer there; the person may have deleted their data.' };
  if (!await coordinates(deps, coordinatorId, program.id)) return { ok: false, message: coordinatorOnlyMessage('this form', await coordinatorsFor(deps, program.id)) };
  const decided = await deps.db.transaction(async (tx) => {
    const status = approve ? (await admissionFor(deps, { ...program, enrollment: 'open' }, before.roles) === 'waitlisted' ? 'waitlisted' : 'active') : 'declined';
    const row = await moveEnrollment(tx, enrollmentId, ['applied'], status, { decidedAt: now, decidedBy: coordinatorId, decisionNote: note, ...(status === 'active' ? { joinedAt: now } : {}) });
    if (!row) return undefined;
    const text = approve ? approvedMessage(program, row.status, note, row.status === 'waitlisted' ? await waitlistPosition(deps, row) : undefined) : declinedApplication(program, note);
    await enqueue(tx, { key: `enrollment:${row.id}:decision:${now.getTime()}`, recipient: row.personId, text, notBefore: now });
    if (row.status === 'active') await welcomeToCohort(deps, tx, program, row, now);
    return row;
  });
  if (!decided) {
    return { ok: false, message: alreadyDecided((await findEnrollmentById(deps.db, enrollmentId))?.decidedBy ?? null) };
  }
  await deliver(deps, client, now);
  return { ok: true, line: decidedLine(coordinatorId, approve, decided.personId, decided.status === 'waitlisted') };
}

/** Free places go to the waitlist in the order people joined it; each person is told. */
export async function fillSeats(deps: Deps, tx: Tx, program: ProgramSettings, now: Date): Promise<number> {
  let promoted = 0;
  for (const waiting of await enrollmentsIn(tx, program.id, ['waitlisted'])) {
    if (program.seats !== null && await seatsTaken(tx, program.id) >= program.seats) break;
    const seated = await moveEnrollment(tx, waiting.id, ['waitlisted'], 'active', { joinedAt: now });
    if (!seated) continue;
    await enqueue(tx, { key: `enrollment:${waiting.id}:seat:${now.getTime()}`, recipient: waiting.personId, text: seatOpened(program), notBefore: now });
    await welcomeToCohort(deps, tx, program, seated, now);
    promoted += 1;
  }
  return promoted;
}

/** Leaving one program: its open mentorships end (partners are told), and the place passes down the waitlist. */
export async function leaveOneProgram(deps: Deps, client: WebClient, userId: string, program: ProgramSettings): Promise<{ ok: boolean; ended: number }> {
  const now = deps.clock();
  const outcome = await deps.db.transaction(async (tx) => {
    const enrollment = await findEnrollment(tx, program.id, userId);
    if (!isCurrent(enrollment)) return undefined;
    await moveEnrollment(tx, enrollment.id, CURRENT_ENROLLMENT_STATUSES, 'left', { endedAt: now });
    const closed = await endOpenMatchesIn(tx, userId, program.id, 'partner left the program', now);
    for (const match of closed) {
      const partner = partnerOf(match, userId);
      if (match.was === 'requested') await tellOfClosedRequest(tx, match, userId, { named: true, programName: program.name }, now);
      else {
        await cancelFutureSessions(deps, tx, match, userId, now);
        if (partner) await rematchAfterEarlyEnd(deps, tx, match, userId, `match:${match.id}:ended:${partner}`, partnerLeftProgramMessage(userId, program.name), now);
      }
    }
    await fillSeats(deps, tx, program, now);
    await leaveCircles(deps, tx, userId, program.id, now);
    return closed.filter((m) => m.was !== 'requested').length;
  });
  if (outcome === undefined) return { ok: false, ended: 0 };
  await deliver(deps, client, now);
  return { ok: true, ended: outcome };
}

/** The profile every program shares (skills, time zone, hours, format), saved without touching any enrollment. */
export async function saveSharedProfile(deps: Deps, userId: string, answers: IntakeAnswers, now: Date): Promise<void> {
  await saveProfile(deps.db, { userId, answers, now });
}

export interface JoinInput {
  userId: string;
  program: ProgramSettings;
  answers: IntakeAnswers;
  now: Date;
  /** Only the program's part: the profile stays as it is. */
  partOnly: boolean;
}

/**
 * Stores a validated form for a program: the profile (unless only the
 * program's part was asked) and the enrollment, which starts where the
 * program's rules put it. One transaction, with the application to the
 * coordinators when there is one; the outbox sends it after.
 */
export async function joinProgram(deps: Deps, input: JoinInput): Promise<{ enrollment: Enrollment; waitlistPosition?: number }> {
  const { userId, program, answers, now } = input;
  const enrollment = await deps.db.transaction(async (tx) => {
    const enrollmentStatus = await admissionFor(deps, program, answers.roles);
    const saved = input.partOnly ? await saveProgramPart(tx, { userId, programId: program.id, answers, now, enrollmentStatus }) : await saveIntake(tx, { userId, answers, now, programId: program.id, enrollmentStatus });
    await afterEnrollment(deps, tx, program, saved, now);
    return saved;
  });
  return { enrollment, ...(enrollment.status === 'waitlisted' ? { waitlistPosition: await waitlistPosition(deps, enrollment) } : {}) };
}
