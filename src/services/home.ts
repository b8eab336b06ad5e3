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
  const member = loadProfile(deps.db, userId);
  const coordinator = isCoordinator(deps, userId);
  const mentorships = (): MentorshipSummary[] =>
    openMatchesOf(deps.db, userId).map((m) => ({ matchId: m.id, partnerId: partnerOf(m, userId), kind: m.kind, viewerGives: m.mentorId === userId, status: m.status as MentorshipSummary['status'] }));
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
            ...withParts(profileParts(deps, userId)),
            mentorships: mentorships(),
            upcoming: upcomingSessionsOf(deps.db, userId, now, HOME_LIST_MAX).map((s) => ({ start: s.start, partnerId: partnerOf(s, userId) })),
          }
        : undefined,
    // Mentoring's numbers, for those who coordinate Mentoring; another program's coordinators see theirs below.
    overview: coordinates(deps, userId, DEFAULT_PROGRAM_ID) ? programOverview(deps.db, now) : undefined,
    ...(isSingleProgram(deps) ? {} : { programs: { mine: programsOf(deps, userId), coordinated: coordinator ? health(deps, userId, now) : [] } }),
  });
  await client.views.publish({ user_id: userId, view });
}

function programsOf(deps: Deps, userId: string): HomeProgram[] {
  return enrollmentsOf(deps.db, userId)
    .filter((e) => ['applied', 'waitlisted', 'active'].includes(e.status))
    .flatMap((e) => {
      const program = programById(deps, e.programId);
      return program && program.status !== 'closed' ? [{ name: program.name, status: e.status, roles: e.roles, dates: program }] : [];
    });
}

/** Each program the person coordinates, at a glance: who takes part, open and quiet pairs, who waits on a decision or a place. */
function health(deps: Deps, userId: string, now: Date): ProgramHealth[] {
  return programsCoordinatedBy(deps, userId)
    .filter((p) => p.status !== 'closed')
    .map((program) => {
      const counts = enrollmentCounts(deps.db, program.id);
      const open = openMatchesInProgram(deps.db, program.id);
      const active = open.filter((m) => m.status === 'active' && m.mentorId && m.menteeId);
      const facts = pairFactsForAll(deps.db, active, now);
      const quiet = active.filter((m) => {
        const f = facts.get(m.id);
        return f !== undefined && stallStage(f, now, program.rhythm) !== 'active';
      }).length;
      return { name: program.name, status: program.status, active: counts.active, openPairs: open.length, quietPairs: quiet, applications: counts.applied, waitlist: counts.waitlisted };
    });
}
