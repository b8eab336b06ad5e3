import type { KnownBlock } from '@slack/types';
import type { FairnessSummary, GroupRate } from '../domain/matching/fairness.js';
import type { RoundProposal } from '../domain/matching/round.js';
import { clip } from './format.js';
import { KIND_WORDS, UNMATCHED_WORDS } from './matchMessages.js';

export const PUBLISH_ROUND_ACTION = 'round_publish';
export const CANCEL_ROUND_ACTION = 'round_cancel';
/** Lines shown in the channel; the whole list goes in an attached CSV beyond this. */
export const PREVIEW_LINES = 30;

type Message = { text: string; blocks: KnownBlock[] };
const section = (text: string): KnownBlock => ({ type: 'section', text: { type: 'mrkdwn', text: clip(text, 3000) } });
const pct = (x: number) => `${Math.round(x * 100)}%`;

/** Sections of at most ten lines, so long lists stay inside Slack's text limits. */
function listSections(title: string, lines: string[], more: string): KnownBlock[] {
  const shown = lines.slice(0, PREVIEW_LINES);
  const blocks: KnownBlock[] = [];
  for (let i = 0; i < shown.length; i += 10) blocks.push(section(`${i === 0 ? `${title}\n` : ''}${shown.slice(i, i + 10).join('\n')}`));
  if (blocks.length === 0) blocks.push(section(`${title}\n_None._`));
  if (lines.length > PREVIEW_LINES) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `…and ${lines.length - PREVIEW_LINES} more ${more} in the attached CSV.` }] });
  return blocks;
}

function lowest(rates: GroupRate[]): string {
  const shown = rates.slice(0, 3).map((r) => `${r.group} ${pct(r.rate)} (${r.matched}/${r.participants})`);
  return shown.length ? shown.join(', ') : '—';
}

export function fairnessFields(f: FairnessSummary): KnownBlock {
  const l = f.mentorLoad;
  return {
    type: 'section',
    fields: [
      { type: 'mrkdwn', text: `*Matched overall*\n${pct(f.overallRate)}` },
      { type: 'mrkdwn', text: `*Mentor load after the round*\n${l.atCapacity} of ${l.mentors} at capacity, ${l.nearCapacity} near; ${l.averageLoad.toFixed(1)} mentees on average` },
      { type: 'mrkdwn', text: `*Lowest rates by department*\n${lowest(f.byDepartment)}` },
      { type: 'mrkdwn', text: `*Lowest rates by level*\n${lowest(f.byLevel)}` },
      { type: 'mrkdwn', text: `*Lowest rates by location*\n${lowest(f.byLocation)}` },
    ],
  };
}

export function buildRoundPreview(roundId: number, coordinatorId: string, proposal: RoundProposal): Message {
  const asked = proposal.pairs.length + proposal.unmatched.length;
  const average = proposal.pairs.length ? proposal.total / proposal.pairs.length : 0;
  const pairLines = proposal.pairs.map(
    (p) => `• <@${p.receiverId}> ← <@${p.giverId}> · ${KIND_WORDS[p.kind].pairing} · ${pct(p.score)}: ${p.reasons.join(' · ')}`,
  );
  const unmatchedLines = proposal.unmatched.map((u) => `• <@${u.id}>: ${UNMATCHED_WORDS[u.reason].them}`);
  const summary = `*${proposal.pairs.length} ${proposal.pairs.length === 1 ? 'pair' : 'pairs'}* for ${asked} ${asked === 1 ? 'person' : 'people'} looking (${pct(asked ? proposal.pairs.length / asked : 0)}), average fit ${pct(average)}. Asked for by <@${coordinatorId}>. Nothing is sent until you publish.`;
  return {
    text: `Matching round ${roundId}: ${proposal.pairs.length} pairs proposed`,
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: `Matching round ${roundId}: preview` } },
      section(summary),
      { type: 'divider' },
      ...listSections('*Proposed pairs* (mentee ← mentor, fit, why)', pairLines, 'pairs'),
      ...listSections(`*Not matched (${proposal.unmatched.length})*: each gets a DM saying why and what happens next`, unmatchedLines, 'people'),
      { type: 'divider' },
      fairnessFields(proposal.fairness),
      {
        type: 'actions',
        block_id: `round_${roundId}`,
        elements: [
          {
            type: 'button',
            action_id: PUBLISH_ROUND_ACTION,
            style: 'primary',
            value: String(roundId),
            text: { type: 'plain_text', text: 'Publish' },
            confirm: {
              title: { type: 'plain_text', text: 'Publish this round?' },
              text: { type: 'mrkdwn', text: `${proposal.pairs.length} intros go out now, and ${proposal.unmatched.length} people are told why they are waiting.` },
              confirm: { type: 'plain_text', text: 'Publish' },
              deny: { type: 'plain_text', text: 'Not yet' },
            },
          },
          { type: 'button', action_id: CANCEL_ROUND_ACTION, value: String(roundId), text: { type: 'plain_text', text: 'Cancel' } },
        ],
      },
    ],
  };
}

export function roundDecided(roundId: number, text: string): Message {
  return { text, blocks: [{ type: 'header', text: { type: 'plain_text', text: `Matching round ${roundId}` } }, section(text)] };
}
