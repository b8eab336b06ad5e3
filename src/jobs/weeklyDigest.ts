import type { WebClient } from '@slack/web-api';
import type { Deps } from '../deps.js';
import { digestDue } from '../domain/digestWeek.js';
import { deliver, enqueue } from '../outbox/outbox.js';
import { programDigests } from '../services/digest.js';
import { everyProgram, isSingleProgram } from '../services/programs.js';
import { buildRollUp } from '../views/rollUpMessage.js';

/**
 * The weekly posts: each program's digest in its own channel, due from its
 * digest day and hour in its zone (Monday 09:00 unless it says otherwise),
 * and, once the workspace runs more than one program, a roll-up across them
 * for the workspace admins' channel. Each is sent once per week however often
 * the job runs or the bot restarts, because its key is the week.
 */
export async function postWeeklyDigest(deps: Deps, client: WebClient, now: Date): Promise<{ posted: boolean; digests: number; rollUp: boolean }> {
  const due = (await everyProgram(deps)).filter((p) => p.status !== 'closed' && p.channel && digestDue(now, p.zone, p.rhythm.digestWeekday, p.rhythm.digestHour));
  let digests = 0;
  const computed = await programDigests(deps, now, due);
  for (const { program, message, weekStart } of computed) {
    // The default program keeps the first release's key, so an upgrade mid-week does not post that week twice.
    const key = program.isDefault ? `digest:${weekStart.toISOString()}` : `digest:${program.id}:${weekStart.toISOString()}`;
    if (await enqueue(deps.db, { key, recipient: program.channel as string, text: message.text, blocks: message.blocks, notBefore: now })) digests += 1;
  }
  let rollUp = false;
  const adminChannel = deps.config.coordinatorChannelId;
  if (adminChannel && !await isSingleProgram(deps) && digestDue(now, deps.config.digestTimeZone)) {
    const all = await programDigests(deps, now, await everyProgram(deps, { open: true }));
    const first = all[0];
    if (first) {
      const message = buildRollUp(all.map((d) => ({ name: d.program.name, channel: d.program.channel, digest: d.digest })), first.weekLabel);
      rollUp = await enqueue(deps.db, { key: `digest-rollup:${first.weekStart.toISOString()}`, recipient: adminChannel, text: message.text, blocks: message.blocks, notBefore: now });
    }
  }
  await deliver(deps, client, now);
  return { posted: digests > 0, digests, rollUp };
}
