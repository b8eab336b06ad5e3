import type { WebClient } from '@slack/web-api';
import { addDays, subDays } from 'date-fns';
import type { Deps } from '../deps.js';
import { offerSuggestions } from '../services/selfServe.js';
import { deliver, enqueue } from '../outbox/outbox.js';
import { requestsWaitingSince, transition } from '../repos/matches.js';
import { loadProfile } from '../repos/profiles.js';
import type { Match } from '../db/schema.js';
import { defaultProgram, programsById } from '../services/programs.js';
import { buildMentorRequest, expiredForMentee, expiredForMentor } from '../views/matchMessages.js';

/**
 * Open requests: one reminder to the mentor after three days, and after
 * seven the request lapses and the mentee is offered someone else (each
 * program may set its own days). Derived from the database at `now`, with
 * outbox keys per match, so running it twice, or late, sends nothing twice.
 * A fresh-start request is one of these rows too: while the mentorship it
 * would replace is open, its lapse offers the next fresh-start card instead
 * (offerSuggestions), and that mentorship carries on.
 * A paused program's requests wait: no reminder, no lapse, and no Accept
 * (selfServe.ts) until it resumes; their days still count from the request,
 * so one overdue by then is reminded or lapses at the next run.
 */
export async function runRequestFollowUps(deps: Deps, client: WebClient, now: Date): Promise<{ reminded: number; expired: number }> {
  const programs = await programsById(deps);
  const programOf = async (match: Match) => programs.get(match.programId) ?? await defaultProgram(deps);
  const rhythm = async (match: Match) => (await programOf(match)).rhythm;
  const requested = async (days: (r: Awaited<ReturnType<typeof rhythm>>) => number) => {
    const due: Match[] = [];
    for (const m of await requestsWaitingSince(deps.db, now)) {
      if ((await programOf(m)).status !== 'paused' && m.requestedAt <= subDays(now, days(await rhythm(m)))) due.push(m);
    }
    return due;
  };
  let expired = 0;
  for (const match of await requested((r) => r.requestLapseDays)) {
    const lapsed = await deps.db.transaction(async (tx) => {
      const done = await transition(tx, match.id, ['requested'], 'expired', { decidedAt: now });
      if (!done) return false;
      await enqueue(tx, { key: `match:${match.id}:expired:mentor`, recipient: match.mentorId as string, text: expiredForMentor(match.menteeId as string), notBefore: now });
      await offerSuggestions(deps, tx, match, `match:${match.id}:expired`, expiredForMentee(match.mentorId as string), now, 1, [match.mentorId as string]);
      return true;
    });
    if (lapsed) expired += 1;
  }
  let reminded = 0;
  for (const match of await requested((r) => r.requestReminderDays)) {
    const goals = (await loadProfile(deps.db, match.menteeId as string, match.programId))?.answers.goals.map((g) => g.aim) ?? [];
    const reminder = buildMentorRequest({ matchId: match.id, menteeId: match.menteeId as string, kind: match.kind, goals, reasons: match.reasons }, true);
    const lapses = addDays(match.requestedAt, (await rhythm(match)).requestLapseDays);
    if (await enqueue(deps.db, { key: `match:${match.id}:reminder`, recipient: match.mentorId as string, ...reminder, notBefore: now, expiresAt: lapses, about: [match.menteeId as string] })) reminded += 1;
  }
  await deliver(deps, client, now);
  return { reminded, expired };
}
