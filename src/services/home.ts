import type { WebClient } from '@slack/web-api';
import { SUBCOMMANDS } from '../domain/subcommands.js';
import type { Deps } from '../deps.js';
import { effectiveStatus } from '../domain/participation.js';
import { openMatchesInProgram, openMatchesOf } from '../repos/matches.js';
import { isMember, partnerOf } from '../domain/mentorship.js';
import { loadProfile, programOverview } from '../repos/profiles.js';
import { upcomingSessionsOf } from '../repos/sessions.js';
import { coordinates, isCoordinator, isSingleProgram, programById, programsCoordinatedBy } from './programs.js';
import { DEFAULT_PROGRAM_ID } from '../domain/programs.js';
import { buildAppHome, HOME_LIST_MAX, type HomeProgram, type MentorshipSummary, type ProgramHealth } from '../views/appHome.js';
import { stallStage } from '../domain/scheduling/cadence.js';
import { enrollmentCounts, enrollmentsOf } from '../repos/enrollments.js';
import { pairFactsForAll } from '../repos/pairs.js';
import { profileParts, withParts } from './profileParts.js';

/** Renders and publishes a person's Home tab from what is stored now. */
export async function publishHome(deps: Deps, client: WebClient, userId: string): Promise<void> {
  const now = deps.clock();
  const member = await loadProfile(deps.db, userId);
  const coordinator = await isCoordinator(deps, userId);
  const mentorships = async (): Promise<MentorshipSummary[]> =>
    (await openMatchesOf(deps.db, userId)).map((m) => ({ matchId: m.id, partnerId: partnerOf(m, userId), kind: m.kind, viewerGives: m.mentorId === userId, status: m.status as MentorshipSummary['status'] }));
  const view = buildAppHome({
    userId,
    isCoordinator: coordinator,
    subcommands: SUBCOMMANDS,
    member:
      member && isMember(member.person)
        ? {
            answers: member.answers,
            status: effectiveStatus(member.person, now),
            pausedUntil: member.person.pausedUntil,
            taxonomy: deps.taxonomy,
            ...withParts(await profileParts(deps, userId)),
            mentorships: await mentorships(),
            upcoming: (await upcomingSessionsOf(deps.db, userId, now, HOME_LIST_MAX)).map((s) => ({ start: s.start, partnerId: partnerOf(s, userId) })),
          }
        : undefined,
    // Mentoring's numbers, for those who coordinate Mentoring; another program's coordinators see theirs below.
    overview: await coordinates(deps, userId, DEFAULT_PROGRAM_ID) ? await programOverview(deps.db, now) : undefined,
    ...(await isSingleProgram(deps) ? {} : { programs: { mine: await programsOf(deps, userId), coordinated: coordinator ? await health(deps, userId, now) : [] } }),
  });
  await client.views.publish({ user_id: userId, view });
}

async function programsOf(deps: Deps, userId: string): Promise<HomeProgram[]> {
  const programs: HomeProgram[] = [];
  for (const e of await enrollmentsOf(deps.db, userId)) {
    if (!['applied', 'waitlisted', 'active'].includes(e.status)) continue;
    const program = await programById(deps, e.programId);
    if (program && program.status !== 'closed') programs.push({ name: program.name, status: e.status, roles: e.roles, dates: program });
  }
  return programs;
}

/** Each program the person coordinates, at a glance: who takes part, open and quiet pairs, who waits on a decision or a place. */
async function health(deps: Deps, userId: string, now: Date): Promise<ProgramHealth[]> {
  const rows: ProgramHealth[] = [];
  for (const program of await programsCoordinatedBy(deps, userId)) {
    if (program.status === 'closed') continue;
    const counts = await enrollmentCounts(deps.db, program.id);
    const open = await openMatchesInProgram(deps.db, program.id);
    const active = open.filter((m) => m.status === 'active' && m.mentorId && m.menteeId);
    const facts = await pairFactsForAll(deps.db, active, now);
    const quiet = active.filter((m) => {
      const f = facts.get(m.id);
      return f !== undefined && stallStage(f, now, program.rhythm) !== 'active';
    }).length;
    rows.push({ name: program.name, status: program.status, active: counts.active, openPairs: open.length, quietPairs: quiet, applications: counts.applied, waitlist: counts.waitlisted });
  }
  return rows;
}
