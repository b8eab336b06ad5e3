import type { WebClient } from '@slack/web-api';
import type { Deps } from '../deps.js';
import { mayPrompt } from '../domain/participation.js';
import { nextMonthlySlot } from '../domain/scheduling/slots.js';
import { deliver, enqueue } from '../outbox/outbox.js';
import { matchesOfKind } from '../repos/matches.js';
import { findPerson } from '../repos/profiles.js';
import { insertProposal, plannedSessionsBetween, proposalsOf } from '../repos/sessions.js';
import { SESSION_MINUTES, schedulingPerson, toStored } from '../services/sessions.js';
import { buildSlotProposal } from '../views/sessionMessages.js';

/**
 * Reverse mentoring's protected time: each active reverse pair without a
 * session or an offer for next month gets one proposed, inside both people's
 * hours, sent to the leader to confirm. One per pair per month.
 */
export async function proposeReverseMonthly(deps: Deps, client: WebClient, now: Date): Promise<{ proposed: number }> {
  let proposed = 0;
  const month = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1));
  const monthEnd = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 2, 1));
  for (const match of await matchesOfKind(deps.db, 'reverse', 'active')) {
    const leader = match.menteeId as string;
    const junior = match.mentorId as string;
    if (!mayPrompt(await findPerson(deps.db, leader), now) || !mayPrompt(await findPerson(deps.db, junior), now)) continue;
    if ((await plannedSessionsBetween(deps.db, match.id, month, monthEnd)).length > 0) continue;
    const offered = (await proposalsOf(deps.db, match.id, 'reverse_monthly')).some((p) => p.slots.some((s) => s.start >= month.getTime() && s.start < monthEnd.getTime()));
    if (offered) continue;
    const slot = nextMonthlySlot({ people: [await schedulingPerson(deps, junior), await schedulingPerson(deps, leader)], now, after: now, durationMinutes: SESSION_MINUTES });
    if (!slot) continue;
    const queued = await deps.db.transaction(async (tx) => {
      const proposal = await insertProposal(tx, { matchId: match.id, proposedBy: junior, proposedTo: leader, reason: 'reverse_monthly', slots: [toStored(slot)], status: 'open', createdAt: now });
      const offer = buildSlotProposal({ proposalId: proposal.id, fromId: junior, toId: leader, slots: [slot], reason: 'reverse_monthly' });
      return enqueue(tx, { key: `reverse:${match.id}:${month.toISOString().slice(0, 7)}`, recipient: leader, ...offer, notBefore: now, expiresAt: slot.start });
    });
    if (queued) proposed += 1;
  }
  await deliver(deps, client, now);
  return { proposed };
}

