import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { and, eq, inArray } from 'drizzle-orm';
import { coordinatorOnlyMessage } from '../commands/reply.js';
import type { Deps } from '../deps.js';
import { matches } from '../db/schema.js';
import { isCoordinator } from '../flows/home.js';
import { offerNext } from '../flows/selfServe.js';
import { drainOutbox, enqueue } from '../outbox/outbox.js';
import { buildStalledNudge } from '../views/schedulingMessages.js';
import { lastSignOfLife } from '../domain/scheduling/cadence.js';
import { pairFacts } from '../repos/pairs.js';

type ButtonArgs = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

/**
 * The buttons on a stalled-pair flag, for coordinators only: nudge both
 * again, close the pair and suggest the mentee someone new, or just close it.
 */
export const stalledAction = (deps: Deps, what: 'nudge' | 'rematch' | 'close', from: 'flag' | 'digest' = 'flag') => async ({ ack, body, action, client, respond }: ButtonArgs) => {
  await ack();
  if (!isCoordinator(deps, body.user.id)) return void (await respond({ response_type: 'ephemeral', replace_original: false, text: coordinatorOnlyMessage('this button') }));
  const now = deps.clock();
  const match = deps.db.select().from(matches).where(eq(matches.id, Number(action.value))).get();
  if (!match?.mentorId || !match.menteeId || !['active', 'paused'].includes(match.status)) {
    return void (await respond({ response_type: 'ephemeral', replace_original: false, text: 'That pair is no longer active.' }));
  }
  const pair = [match.mentorId, match.menteeId] as [string, string];
  let done: string;
  if (what === 'nudge') {
    const quietWeeks = Math.floor((now.getTime() - lastSignOfLife(pairFacts(deps.db, match, now), now).getTime()) / (7 * 86_400_000));
    for (const [person, partner] of [pair, [pair[1], pair[0]]] as const) {
      enqueue(deps.db, { key: `stall:${match.id}:coordinator-nudge:${now.getTime()}:${person}`, recipient: person, ...buildStalledNudge({ partnerId: partner, weeks: quietWeeks, matchId: match.id }), notBefore: now });
    }
    done = `<@${body.user.id}> nudged <@${pair[0]}> and <@${pair[1]}> again.`;
  } else {
    const ended = deps.db
      .update(matches)
      .set({ status: 'ended', endedAt: now, endReason: what === 'rematch' ? 'coordinator suggested a re-match' : 'closed by a coordinator' })
      .where(and(eq(matches.id, match.id), inArray(matches.status, ['active', 'paused'])))
      .returning()
      .get();
    if (!ended) return;
    const text = 'Your mentorship has been closed after a long quiet spell. Thank you for the time you gave it; nothing for you to do.';
    enqueue(deps.db, { key: `match:${match.id}:closed:${pair[0]}`, recipient: pair[0], text, notBefore: now });
    if (what === 'rematch') await offerNext(deps, client, ended, `match:${match.id}:rematch`, 'expired');
    else enqueue(deps.db, { key: `match:${match.id}:closed:${pair[1]}`, recipient: pair[1], text, notBefore: now });
    done = what === 'rematch' ? `<@${body.user.id}> closed the pair and offered <@${pair[1]}> a new match.` : `<@${body.user.id}> closed the pair.`;
  }
  await drainOutbox({ db: deps.db, client, logger: deps.logger }, now);
  // A flag is about one pair and can be replaced by what was done; the digest stays whole.
  await respond(from === 'flag' ? { replace_original: true, text: done } : { response_type: 'ephemeral', replace_original: false, text: done });
};
