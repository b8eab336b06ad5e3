import type { Deps } from '../deps.js';
import { localDateOf } from '../domain/localTime.js';
import { findPerson, loadProfile, setBusyUntil } from '../repos/profiles.js';
import { BUSY_BLOCK, BUSY_WORDS } from '../views/busyMessages.js';

/** A mentor's "busy until": read for the form, and saved with its checks. */

const MAX_DAYS_AHEAD = 366;

export async function busyForm(deps: Deps, userId: string): Promise<{ current: string | null; today: string }> {
  const zone = (await findPerson(deps.db, userId))?.timeZone ?? 'UTC';
  return { current: (await loadProfile(deps.db, userId))?.profile.busyUntil ?? null, today: localDateOf(deps.clock(), zone) };
}

export type BusyOutcome = { ok: true; text: string } | { ok: false; errors: Record<string, string> };

export async function saveBusyUntil(deps: Deps, userId: string, picked: string | null | undefined): Promise<BusyOutcome> {
  const now = deps.clock();
  const { today } = await busyForm(deps, userId);
  const date = picked && /^\d{4}-\d{2}-\d{2}$/.test(picked) ? picked : null;
  if (date && date < today) return { ok: false, errors: { [BUSY_BLOCK]: BUSY_WORDS.past } };
  const limit = new Date(`${today}T00:00:00Z`);
  limit.setUTCDate(limit.getUTCDate() + MAX_DAYS_AHEAD);
  if (date && date > limit.toISOString().slice(0, 10)) return { ok: false, errors: { [BUSY_BLOCK]: BUSY_WORDS.tooFar } };
  if (!await setBusyUntil(deps.db, userId, date, now)) return { ok: false, errors: { [BUSY_BLOCK]: BUSY_WORDS.notMember } };
  return { ok: true, text: date ? BUSY_WORDS.saved(date) : BUSY_WORDS.cleared };
}
