import type { KnownBlock } from '@slack/types';
import type { FairnessSummary, GroupRate } from '../domain/matching/fairness.js';
import type { RoundProposal } from '../domain/matching/round.js';
import { SCHEDULE_ACTOR } from '../domain/roundSchedule.js';
import { actions, button, confirmDialog, clip, context, divider, escape, fields, header, type Message, mention, message, section } from './blocks.js';
import { slackDate } from './format.js';
import { KIND_WORDS, unmatchedWords } from './matchMessages.js';
import { reasonsLine } from './reasons.js';
import { zId } from './values.js';
import { z } from 'zod';
import { adjustmentSummary } from './roundAdjustMessages.js';
import { fairnessCostLine } from './fairnessCostLine.js';

export const PUBLISH_ROUND_ACTION = 'round_publish';
export const CANCEL_ROUND_ACTION = 'round_cancel';
/** "Change…" beside each proposed pair; one per mentee, so each button is its own (`round_pair:<mentee>`). */
export const PAIR_CHANGE_PREFIX = 'round_pair:';
/** Its value: the round and the mentee, "12:U0AIKO". */
export const zPairChangeValue = z
  .string()
  .regex(/^\d{1,12}:[UW][A-Z0-9]{1,20}$/)
  .transform((v) => {
    const [round, receiverId] = v.split(':') as [string, string];
    return { roundId: Number(round), receiverId };
  });
/** Publish and Cancel carry the round id. */
export const zRoundValue = zId;
/** Lines shown in the channel; the whole list goes in an attached CSV beyond this. */
export const PREVIEW_LINES = 30;

const pct = (x: number) => `${Math.round(x * 100)}%`;

/** Sections of at most ten lines, so long lists stay inside Slack's text limits. */
/** The proposed pairs, one section each with its "Change…" button while the round is in preview. */
function pairSections(roundId: number, proposal: RoundProposal): KnownBlock[] {
  const title = '*Proposed pairs* (mentee ← mentor, fit, why; 📌 pinned by a coordinator)';
  const shown = proposal.pairs.slice(0, PREVIEW_LINES);
  const blocks: KnownBlock[] = shown.map((p, i) =>
    section(`${i === 0 ? `${title}\n` : ''}${p.pinned ? '📌 ' : '• '}${mention(p.receiverId)} ← ${mention(p.giverId)} · ${KIND_WORDS[p.kind].pairing} · ${pct(p.score)}: ${reasonsLine(p.reasons, p.receiverId)}`, {
      accessory: button(`${PAIR_CHANGE_PREFIX}${p.receiverId}`, 'Change…', { value: `${roundId}:${p.receiverId}` }),
    }),
  );
  if (blocks.length === 0) blocks.push(section(`${title}\n_None._`));
  if (proposal.pairs.length > PREVIEW_LINES) blocks.push(context(`…and ${proposal.pairs.length - PREVIEW_LINES} more pairs in the attached CSV.`));
  return blocks;
}

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

/** Program names are typed by admins: shown inert, and short enough for a summary line. */
const PROGRAM_NAME_SHOWN = 80;
const programLabel = (name: string) => `*${escape(clip(name, PROGRAM_NAME_SHOWN))}*`;
/** "Monday 7 December at 10:00", each reader in their own zone. */
const when = (at: Date) => slackDate(at, '{date_long_pretty} at {time}');

/** What the preview knows about an automatic round: its program and when it publishes itself. */
export interface AutomaticPreview {
  programName: string;
  publishAt: Date;
}

/** Who asked for the round and what happens next: a coordinator publishes, or the schedule does unless cancelled. */
function whoAndWhatNext(createdBy: string, automatic: AutomaticPreview | undefined): string {
  if (createdBy !== SCHEDULE_ACTOR) return `Asked for by ${mention(createdBy)}. Nothing is sent until you publish.`;
  const program = automatic ? ` of ${programLabel(automatic.programName)}` : '';
  const publishes = automatic ? `*It publishes itself ${when(automatic.publishAt)}*` : '*It publishes itself when its review window ends*';
  return `An automatic round${program}, run on its weekly schedule. ${publishes} unless a coordinator presses *Cancel*, which stops it; *Publish* sends it now.`;
}

export function buildRoundPreview(roundId: number, coordinatorId: string, proposal: RoundProposal, automatic?: AutomaticPreview): Message {
  // Both peers of a peer pair were looking; each other pair places one person.
  const placed = proposal.pairs.length + proposal.pairs.filter((p) => p.kind === 'peer').length;
  const asked = placed + proposal.unmatched.length;
  const average = proposal.pairs.length ? proposal.total / proposal.pairs.length : 0;
  const unmatchedLines = proposal.unmatched.map((u) => `• ${mention(u.id)}: ${unmatchedWords(u).them}`);
  const summary = `*${proposal.pairs.length} ${proposal.pairs.length === 1 ? 'pair' : 'pairs'}* for ${asked} ${asked === 1 ? 'person' : 'people'} looking (${pct(asked ? placed / asked : 0)}), average fit ${pct(average)}. ${whoAndWhatNext(coordinatorId, automatic)}`;
  return message(`Matching round ${roundId}: ${proposal.pairs.length} pairs proposed`, [
    header(`Matching round ${roundId}: preview`),
    section(summary),
    ...(proposal.adjustments && proposal.adjustments.log.length > 0 ? [context(adjustmentSummary(proposal))] : []),
    divider,
    ...pairSections(roundId, proposal),
    ...listSections(`*Not matched (${proposal.unmatched.length})*: each gets a DM saying why and what happens next`, unmatchedLines, 'people'),
    divider,
    fairnessFields(proposal.fairness),
    ...(proposal.fairnessCost ? [context(fairnessCostLine(proposal.fairnessCost))] : []),
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

/**
 * An automatic round that found nobody waiting for a partner: no preview to
 * review, only this line, so coordinators know the schedule ran.
 */
export function nobodyWaitingNote(programName: string, next: Date): Message {
  const text = `Automatic matching round for ${programLabel(programName)}: nobody is waiting for a partner, so there is nothing to review or publish. The next one runs ${when(next)}.`;
  return message(text, [section(text)]);
}

/**
 * An automatic round in which nobody could be paired: the people waiting and
 * why, as one note instead of a preview, so nobody is told the same reason
 * again every week.
 */
export function noPairsNote(programName: string, unmatched: RoundProposal['unmatched'], next: Date): Message {
  const n = unmatched.length;
  const text = `Automatic matching round for ${programLabel(programName)}: nobody could be paired this time, so there is nothing to review or publish. ${n} ${n === 1 ? 'person is' : 'people are'} waiting. The next one runs ${when(next)}.`;
  const lines = unmatched.map((u) => `• ${mention(u.id)}: ${unmatchedWords(u).them}`);
  return message(text, [section(text), ...listSections('*Waiting*', lines, 'people')]);
}

export function roundDecided(roundId: number, text: string): Message {
  return message(text, [header(`Matching round ${roundId}`), section(text)]);
}

/** Where to set the channel a program's previews go to. */
export const noChannel = (program: { name: string; isDefault: boolean }): string =>
  program.isDefault ? 'Set COORDINATOR_CHANNEL_ID so the round preview has a channel to go to.' : `Give *${escape(program.name)}* a coordinators' channel (\`/mentor program edit ${escape(program.name)}\`) so its round previews have somewhere to go.`;

/** Why a program makes no round now, and how to change that. */
export const programNotMatching = (program: { name: string; status: string }): string =>
  program.status === 'paused'
    ? `*${escape(program.name)}* is paused, so it makes no matches: resume it with \`/mentor program resume ${escape(program.name)}\` first.`
    : `*${escape(program.name)}* has closed, so it makes no more matches.`;
