import type { WebClient } from '@slack/web-api';
import { SUBCOMMANDS } from '../commands/catalogue.js';
import { and, asc, eq, gt, or } from 'drizzle-orm';
import type { Deps } from '../deps.js';
import { matches, sessions } from '../db/schema.js';
import { effectiveStatus } from '../domain/participation.js';
import { openMatchesOf, summarise } from '../repos/matches.js';
import { loadProfile, programOverview } from '../repos/profiles.js';
import { buildAppHome } from '../views/appHome.js';

export function isCoordinator(deps: Deps, userId: string): boolean {
  return deps.config.coordinatorUserIds.includes(userId);
}

const UPCOMING_SHOWN = 5;

/** The person's next booked sessions, soonest first, with whom. */
function upcomingSessions(deps: Deps, userId: string, now: Date) {
  return deps.db
    .select({ start: sessions.startsAt, mentorId: matches.mentorId, menteeId: matches.menteeId })
    .from(sessions)
    .innerJoin(matches, eq(matches.id, sessions.matchId))
    .where(and(eq(sessions.status, 'booked'), gt(sessions.startsAt, now), or(eq(matches.mentorId, userId), eq(matches.menteeId, userId))))
    .orderBy(asc(sessions.startsAt))
    .limit(UPCOMING_SHOWN)
    .all()
    .map((s) => ({ start: s.start, partnerId: s.mentorId === userId ? s.menteeId : s.mentorId }));
}

/** Renders and publishes a person's Home tab from what is stored now. */
export async function publishHome(deps: Deps, client: WebClient, userId: string): Promise<void> {
  const now = deps.clock();
  const member = loadProfile(deps.db, userId);
  const coordinator = isCoordinator(deps, userId);
  const view = buildAppHome({
    userId,
    isCoordinator: coordinator,
    subcommands: SUBCOMMANDS,
    member:
      member && member.person.status !== 'left'
        ? {
            answers: member.answers,
            status: effectiveStatus(member.person, now),
            pausedUntil: member.person.pausedUntil,
            taxonomy: deps.taxonomy,
            mentorships: openMatchesOf(deps.db, userId).map((m) => summarise(m, userId)),
            upcoming: upcomingSessions(deps, userId, now),
          }
        : undefined,
    overview: coordinator ? programOverview(deps.db, now) : undefined,
  });
  await client.views.publish({ user_id: userId, view });
}
