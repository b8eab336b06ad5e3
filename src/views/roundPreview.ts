import type { KnownBlock } from '@slack/types';
import type { FairnessSummary, GroupRate } from '../domain/matching/fairness.js';
import type { RoundProposal } from '../domain/matching/round.js';
import { actions, button, confirmDialog, context, divider, escape, fields, header, type Message, mention, message, section } from './blocks.js';
import { KIND_WORDS, UNMATCHED_WORDS } from './matchMessages.js';
import { reasonsLine } from './reasons.js';
import { zId } from './values.js';

export const PUBLISH_ROUND_ACTION = 'round_publish';
export const CANCEL_ROUND_ACTION = 'round_cancel';
/** Publish and Cancel carry the round id. */
export const zRoundValue = zId;
/** Lines shown in the channel; the whole list goes in an attached CSV beyond this. */
export const PREVIEW_LINES = 30;

const pct = (x: number) => `${Math.round(x * 100)}%`;

/** Sections of at most ten lines, so long lists stay inside Slack's text limits. */
function listSections(title: string, lines: string[], more: string): KnownBlock[] {
  const shown = lines.slice(0, PREVIEW_LINES);
  const blocks: KnownBlock[] = [];
  for (let i = 0; i < shown.length; i += 10) blocks.push(section(`${i === 0 ? `${title}\n` : ''}${shown.slice(i, i + 10).join('\n')}`));
  if (blocks.length === 0) blocks.push(section(`${title}\n_None._`));
  if (lines.length > PREVIEW_LINES) blocks.push(context(`…and ${lines.length - PREVIEW_LINES} more ${more} in the attached CSV.`));
  return blocks;
}

function lowest(rates: GroupRate[]): string {
  // Groups are departments and locations as people and HR typed them.
  const shown = rates.slice(0, 3).map((r) => `${escape(r.group)} ${pct(r.rate)} (${r.matched}/${r.participants})`);
  return shown.length ? shown.join(', ') : '—';
}

export function fairnessFields(f: FairnessSummary): KnownBlock {
  const l = f.mentorLoad;
  return fields([
    `*Matched overall*\n${pct(f.overallRate)}`,
    `*Mentor load after the round*\n${l.atCapacity} of ${l.mentors} at capacity, ${l.nearCapacity} near; ${l.averageLoad.toFixed(1)} mentees on average`,
    `*Lowest rates by department*\n${lowest(f.byDepartment)}`,
    `*Lowest rates by level*\n${lowest(f.byLevel)}`,
    `*Lowest rates by location*\n${lowest(f.byLocation)}`,
  ]);
}

export function buildRoundPreview(roundId: number, coordinatorId: string, proposal: RoundProposal): Message {
  const asked = proposal.pairs.length + proposal.unmatched.length;
  const average = proposal.pairs.length ? proposal.total / proposal.pairs.length : 0;
  const pairLines = proposal.pairs.map(
    (p) => `• ${mention(p.receiverId)} ← ${mention(p.giverId)} · ${KIND_WORDS[p.kind].pairing} · ${pct(p.score)}: ${reasonsLine(p.reasons, p.receiverId)}`,
  );
  const unmatchedLines = proposal.unmatched.map((u) => `• ${mention(u.id)}: ${UNMATCHED_WORDS[u.reason].them}`);
  const summary = `*${proposal.pairs.length} ${proposal.pairs.length === 1 ? 'pair' : 'pairs'}* for ${asked} ${asked === 1 ? 'person' : 'people'} looking (${pct(asked ? proposal.pairs.length / asked : 0)}), average fit ${pct(average)}. Asked for by ${mention(coordinatorId)}. Nothing is sent until you publish.`;
  return message(`Matching round ${roundId}: ${proposal.pairs.length} pairs proposed`, [
    header(`Matching round ${roundId}: preview`),
    section(summary),
    divider,
    ...listSections('*Proposed pairs* (mentee ← mentor, fit, why)', pairLines, 'pairs'),
    ...listSections(`*Not matched (${proposal.unmatched.length})*: each gets a DM saying why and what happens next`, unmatchedLines, 'people'),
    divider,
    fairnessFields(proposal.fairness),
    actions(`round_${roundId}`, [
      button(PUBLISH_ROUND_ACTION, 'Publish', {
        style: 'primary',
        value: roundId,
        confirm: confirmDialog('Publish this round?', `${proposal.pairs.length} intros go out now, and ${proposal.unmatched.length} people are told why they are waiting.`, 'Publish', 'Not yet', 'primary'),
      }),
      button(CANCEL_ROUND_ACTION, 'Cancel', { value: roundId }),
    ]),
  ]);
}

export function roundDecided(roundId: number, text: string): Message {
  return message(text, [header(`Matching round ${roundId}`), section(text)]);
}
