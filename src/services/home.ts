import type { WebClient } from '@slack/web-api';
import { SUBCOMMANDS } from '../domain/subcommands.js';
import type { Deps } from '../deps.js';
import { effectiveStatus } from '../domain/participation.js';
import { openMatchesOf } from '../repos/matches.js';
import { partnerOf } from '../domain/mentorship.js';
import { loadProfile, programOverview } from '../repos/profiles.js';
import { upcomingSessionsOf } from '../repos/sessions.js';
import { isCoordinator } from './programs.js';
import { buildAppHome, HOME_LIST_MAX, type MentorshipSummary } from '../views/appHome.js';

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
      member && member.person.status !== 'left'
        ? {
            answers: member.answers,
            status: effectiveStatus(member.person, now),
            pausedUntil: member.person.pausedUntil,
            taxonomy: deps.taxonomy,
            mentorships: mentorships(),
            upcoming: upcomingSessionsOf(deps.db, userId, now, HOME_LIST_MAX).map((s) => ({ start: s.start, partnerId: partnerOf(s, userId) })),
          }
        : undefined,
    overview: coordinator ? programOverview(deps.db, now) : undefined,
  });
  await client.views.publish({ user_id: userId, view });
}
