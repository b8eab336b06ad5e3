import type { WebClient } from '@slack/web-api';
import type { Deps } from '../deps.js';
import { exclusion } from '../domain/matching/candidates.js';
import { KIND_ROLES, type PairKind, type Participant } from '../domain/matching/participant.js';
import { receivingKinds } from '../domain/matching/pool.js';
import { belowFloor, groundFacts, minimumScore, skillName } from '../domain/matching/qualityFloor.js';
import { compileParticipant, scorePair } from '../domain/matching/scoring.js';
import type { ProgramSettings } from '../domain/programs.js';
import { deliver, deliveryOf, enqueue } from '../outbox/outbox.js';
import { enrollmentsOf } from '../repos/enrollments.js';
import { nowOffered, type OfferedGround, waitingForYou, type WaitingMentee } from '../views/matchMessages.js';
import { poolFor } from './pools.js';
import { isSingleProgram, programById } from './programs.js';
import { scoringContext } from './selfServe.js';

/*
 * Keeping the quality floor's promise. Someone below the floor was told
 * "nobody offers Public speaking yet; we'll tell you when someone does".
 * When a person who gives time (mentor, reverse mentor, peer) joins or edits
 * their profile, the people they now fit and who fit nobody else are told.
 *
 * Mentees choose whom to ask, so nothing is matched here:
 * - each waiting mentee hears that someone now offers what they want, and
 *   where to find them: `/mentor match` in a self-serve program (where the
 *   newcomer now shows up), the next round in a program matched by rounds;
 *   the giver is not named, so nobody feels they were handed a partner;
 * - the giver hears who was waiting and why, so a request is no surprise.
 *
 * Waiting, in one program: wanting a partner of a kind the giver offers,
 * below the floor with everyone else there who gives, and clear of every
 * rule (and the program's minimum fit) with the giver. At most three are
 * told per edit, best fit first, so a mentor with one free place is not
 * flooded with requests; the others are found by rounds and `/mentor match`.
 *
 * Idempotent through outbox keys: each mentee is told about a given giver
 * once per program (however often that giver edits their profile), and the
 * giver's list names only those told now, so it is never sent twice either.
 */

/** People told per program and profile edit: the first suggestions of a self-serve DM. */
export const WAITING_TOLD = 3;

const GIVING_ROLES: ReadonlySet<string> = new Set(Object.values(KIND_ROLES).map((r) => r.giver));

const menteeKey = (programId: number, giverId: string, menteeId: string) => `floor:${programId}:${giverId}:${menteeId}`;

interface Waiting {
  mentee: Participant;
  kind: PairKind;
  score: number;
  ground: OfferedGround;
}

/** The mentees of one program waiting for what this giver offers, best fit first. */
async function waitingFor(deps: Deps, program: ProgramSettings, giverId: string): Promise<Waiting[]> {
  const pool = await poolFor(deps, program);
  const giver = pool.participants.find((p) => p.id === giverId);
  if (!giver || giver.load >= giver.capacity) return [];
  const gives = (Object.keys(KIND_ROLES) as PairKind[]).filter((k) => giver.roles.includes(KIND_ROLES[k].giver));
  if (gives.length === 0) return [];
  const context = scoringContext(deps);
  const others = pool.participants.filter((p) => p.id !== giverId && (Object.keys(KIND_ROLES) as PairKind[]).some((k) => p.roles.includes(KIND_ROLES[k].giver)));
  const compiledGiver = compileParticipant(giver, context);
  const floor = minimumScore(pool);
  const waiting: Waiting[] = [];
  for (const mentee of pool.participants) {
    if (mentee.id === giverId) continue;
    const wants = receivingKinds(mentee, pool.busyReceivers);
    // The pair first (cheap, and rules most people out), then whether anyone else already fits them.
    const kinds = wants.filter((k) => gives.includes(k) && exclusion(mentee, giver, k, pool, context) === null);
    if (kinds.length === 0 || !belowFloor(mentee, others, wants, context.taxonomy)) continue;
    // Peers can meet on a shared wish rather than on an offer; "someone now offers it" would not be true of them.
    const facts = groundFacts(mentee, giver, context.taxonomy);
    if (!facts) continue;
    const compiled = compileParticipant(mentee, context);
    const best = kinds.map((kind) => ({ kind, score: scorePair(compiled, compiledGiver, kind, context).score })).sort((a, b) => b.score - a.score)[0] as { kind: PairKind; score: number };
    if (best.score < floor) continue;
    waiting.push({ mentee, ...best, ground: { match: facts.match, skills: facts.skills.map((id) => skillName(id, context.taxonomy)) } });
  }
  return waiting.sort((a, b) => b.score - a.score || a.mentee.id.localeCompare(b.mentee.id));
}

/**
 * After a profile is saved: in each active program the person gives time in,
 * the mentees waiting for what they offer are told, and so are they. Returns
 * how many mentees were told.
 */
export async function tellWaitingMentees(deps: Deps, client: WebClient, giverId: string): Promise<number> {
  const now = deps.clock();
  const named = !await isSingleProgram(deps);
  let told = 0;
  for (const enrollment of await enrollmentsOf(deps.db, giverId)) {
    // Only people who give time can be waited for; anyone else's edit costs no pool.
    if (enrollment.status !== 'active' || !enrollment.roles.some((r) => GIVING_ROLES.has(r))) continue;
    const program = await programById(deps, enrollment.programId);
    if (!program || program.status !== 'active') continue;
    // The best of those not told already: the reads stop once there are as many as are told.
    const fresh: Waiting[] = [];
    for (const w of await waitingFor(deps, program, giverId)) {
      if (fresh.length === WAITING_TOLD) break;
      if ((await deliveryOf(deps.db, menteeKey(program.id, giverId, w.mentee.id))) === undefined) fresh.push(w);
    }
    if (fresh.length === 0) continue;
    const programName = named ? program.name : null;
    const selfServe = program.matchingMode === 'self_serve';
    const mentees: WaitingMentee[] = fresh.map((w) => ({ menteeId: w.mentee.id, kind: w.kind, ground: w.ground, goal: w.mentee.goals[0] ?? null }));
    await deps.db.transaction(async (tx) => {
      for (const w of fresh) {
        await enqueue(tx, { key: menteeKey(program.id, giverId, w.mentee.id), recipient: w.mentee.id, text: nowOffered({ ground: w.ground, programName, selfServe }), notBefore: now });
      }
      await enqueue(tx, { key: `floor:${program.id}:${giverId}:waiting:${fresh.map((w) => w.mentee.id).join(',')}`, recipient: giverId, ...waitingForYou({ mentees, programName, selfServe }), notBefore: now });
    });
    told += fresh.length;
  }
  if (told > 0) await deliver(deps, client, now);
  return told;
}
