import type { Digest } from '../domain/digest.js';
import { channelLink, clip, context, escape, header, type Message, message, section } from './blocks.js';

/*
 * The workspace admins' weekly roll-up: one line per program, its numbers
 * from that program's own digest (anonymity already applied there), so the
 * roll-up can never show what a program's digest would hide.
 */

export interface RollUpLine {
  name: string;
  channel: string | undefined;
  digest: Digest;
}

/** Lines per section: well inside a section's 3,000 characters, and 50 programs in three sections. */
const LINES_PER_SECTION = 18;

function line({ name, channel, digest: d }: RollUpLine): string {
  const rating = d.headline.averageRating.value === null ? 'rating —' : `rating ${d.headline.averageRating.value.toFixed(1)}`;
  const stalled = d.stalledPairs.length ? ` · ${d.stalledPairs.length} quiet ${d.stalledPairs.length === 1 ? 'pair' : 'pairs'}` : '';
  const where = channel ? ` (${channelLink(channel)})` : '';
  return `• *${escape(clip(name, 80))}*${where}: ${d.headline.activeParticipants.value} active · ${d.headline.matchesMade.value} matched · ${d.headline.sessionsHeld.value} sessions · ${rating}${stalled}`;
}

export function buildRollUp(lines: readonly RollUpLine[], weekLabel: string): Message {
  const sections = [];
  for (let i = 0; i < lines.length; i += LINES_PER_SECTION) sections.push(section(lines.slice(i, i + LINES_PER_SECTION).map(line).join('\n')));
  const active = lines.reduce((n, l) => n + l.digest.headline.activeParticipants.value, 0);
  const sessions = lines.reduce((n, l) => n + l.digest.headline.sessionsHeld.value, 0);
  return message(`All programs · ${weekLabel}: ${lines.length} programs, ${active} active, ${sessions} sessions`, [
    header(clip(`All programs · ${weekLabel}`, 150)),
    section(`*${lines.length}* programs · *${active}* active participants · *${sessions}* sessions held last week`),
    ...sections,
    context('Each program’s full digest is in its own channel. Averages appear only where enough people rated.'),
  ]);
}
