import type { Deps } from '../deps.js';
import { closeRequestsBetween } from './selfServe.js';
import { visibleLength } from '../domain/text.js';
import { addCoordinatorExclusion, coordinatorExclusions, ERASED_COORDINATOR, ownExclusions, removeCoordinatorExclusions, replaceOwnExclusions } from '../repos/exclusions.js';
import { EXCLUSION_BLOCKS, EXCLUSION_REASON_MAX, EXCLUSION_WORDS, type KeptApartRule, OWN_EXCLUSIONS_MAX } from '../views/exclusionMessages.js';
import { isCoordinator } from './programs.js';

/** Personal and coordinator exclusions: who is never matched with whom. */

export const myExclusions = async (deps: Deps, userId: string): Promise<string[]> => ownExclusions(deps.db, userId);

/** The rules coordinators set, for coordinators only (the command router checks). */
export const keptApartRules = async (deps: Deps): Promise<KeptApartRule[]> =>
  (await coordinatorExclusions(deps.db)).map((r) => ({
    firstId: r.personId,
    secondId: r.excludedId,
    recordedBy: r.addedBy === ERASED_COORDINATOR ? null : r.addedBy,
    reason: r.reason,
    recordedAt: r.createdAt,
  }));

export type ExclusionOutcome = { ok: true; text: string } | { ok: false; errors: Record<string, string> };

/** Saved with any request between them closed; the reply that follows delivers what that queued. */
export async function saveOwnExclusions(deps: Deps, userId: string, picked: readonly string[]): Promise<ExclusionOutcome> {
  const ids = [...new Set(picked)];
  if (ids.includes(userId)) return { ok: false, errors: { [EXCLUSION_BLOCKS.people]: EXCLUSION_WORDS.yourself } };
  if (ids.length > OWN_EXCLUSIONS_MAX) return { ok: false, errors: { [EXCLUSION_BLOCKS.people]: EXCLUSION_WORDS.tooMany } };
  const now = deps.clock();
  await deps.db.transaction(async (tx) => {
    await replaceOwnExclusions(tx, userId, ids, now);
    for (const other of ids) await closeRequestsBetween(deps, tx, userId, other, now);
  });
  return { ok: true, text: EXCLUSION_WORDS.ownSaved(ids.length) };
}

export async function saveCoordinatorExclusion(deps: Deps, coordinatorId: string, input: { first?: string; second?: string; reason?: string; remove: boolean }): Promise<ExclusionOutcome> {
  if (!await isCoordinator(deps, coordinatorId)) return { ok: false, errors: { [EXCLUSION_BLOCKS.first]: 'Only coordinators can keep people apart.' } };
  const { first, second } = input;
  if (!first) return { ok: false, errors: { [EXCLUSION_BLOCKS.first]: 'Pick the first person.' } };
  if (!second) return { ok: false, errors: { [EXCLUSION_BLOCKS.second]: 'Pick the second person.' } };
  if (first === second) return { ok: false, errors: { [EXCLUSION_BLOCKS.second]: EXCLUSION_WORDS.samePerson } };
  if (input.remove) return { ok: true, text: EXCLUSION_WORDS.removed(first, second, await removeCoordinatorExclusions(deps.db, first, second)) };
  const reason = (input.reason ?? '').trim();
  if (reason === '') return { ok: false, errors: { [EXCLUSION_BLOCKS.reason]: EXCLUSION_WORDS.needReason } };
  if (visibleLength(reason) > EXCLUSION_REASON_MAX) return { ok: false, errors: { [EXCLUSION_BLOCKS.reason]: EXCLUSION_WORDS.reasonTooLong } };
  const now = deps.clock();
  const added = await deps.db.transaction(async (tx) => {
    const saved = await addCoordinatorExclusion(tx, { personId: first, excludedId: second, coordinatorId, reason, now });
    await closeRequestsBetween(deps, tx, first, second, now);
    return saved;
  });
  return { ok: true, text: added ? EXCLUSION_WORDS.kept(first, second) : EXCLUSION_WORDS.already(first, second) };
}
