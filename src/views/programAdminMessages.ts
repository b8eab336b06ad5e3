import type { KnownBlock } from '@slack/types';
import type { PairKind } from '../domain/mentorship.js';
import type { ProgramRow, ProgramStatus } from '../domain/programs.js';
import { actions, button, channelLink, confirmDialog, escape, mention, section } from './blocks.js';
import { programName } from './programWords.js';
import { zId } from './values.js';

/*
 * What workspace admins are told as they run programs, and what the people
 * in a program hear when it closes. Program names are people's words: they
 * reach mrkdwn escaped, through programName.
 */

export const PROGRAM_CLOSE_ACTION = 'program_close_confirm';
export const zProgramCloseValue = zId;

type Named = Pick<ProgramRow, 'id' | 'name'>;
type Reply = { text: string; blocks?: KnownBlock[] };
const plainName = (p: Named) => escape(p.name);

export function pausedReply(p: Named, was: ProgramStatus | undefined): Reply {
  if (was !== undefined) return { text: `${programName(p)} is ${was === 'closed' ? 'closed' : 'already paused'}.` };
  return { text: `${programName(p)} is paused: no check-ins, nudges, matching or new people until you resume it with \`/mentor program resume ${plainName(p)}\`.` };
}

export function resumedReply(p: Named, was: ProgramStatus | undefined): Reply {
  if (was !== undefined) return { text: `${programName(p)} is ${was === 'closed' ? 'closed, and a closed program stays closed' : 'not paused'}.` };
  return { text: `${programName(p)} is running again; check-ins start afresh.` };
}

export function buildCloseConfirmation(p: Named, openPairs: number): Reply {
  const text = `${programName(p)} has ${openPairs} open ${openPairs === 1 ? 'mentorship' : 'mentorships'}. Closing ends ${openPairs === 1 ? 'it' : 'them'} and tells both people in each, kindly.`;
  return {
    text,
    blocks: [
      section(text),
      actions('program_close', [
        button(PROGRAM_CLOSE_ACTION, 'Close the program', {
          style: 'danger',
          value: p.id,
          confirm: confirmDialog('Close this program?', 'Its open mentorships end and everyone in them is told. This cannot be undone.', 'Close it', 'Keep it open'),
        }),
      ]),
    ],
  };
}

export function closedReply(p: Named, endedPairs: number | undefined): string {
  if (endedPairs === undefined) return `${programName(p)} was already closed.`;
  return `${programName(p)} is closed.${endedPairs ? ` ${endedPairs} open ${endedPairs === 1 ? 'mentorship has' : 'mentorships have'} ended, and both people in each were told.` : ''}`;
}

export const programClosedForPair = (p: Named, partnerId: string | null): string =>
  `${programName(p)} has closed, so your mentorship with ${mention(partnerId)} there has ended. Thank you for the time and care you gave it.`;

/** A request still waiting for its answer when the program closed: it never was a mentorship. */
export function programClosedForRequest(p: Named, to: 'asker' | 'asked', otherId: string | null, kind: PairKind): string {
  if (to === 'asker') return `${programName(p)} has closed, so your request to ${mention(otherId)} there is closed.`;
  return `${programName(p)} has closed, so ${mention(otherId)}'s request for you to be their ${kind === 'peer' ? 'partner' : 'mentor'} there is closed with it. Nothing is needed from you.`;
}

export const programClosedForPerson = (p: Named): string => `${programName(p)} has closed before a place opened for you. Other programs may suit you: \`/mentor programs\`.`;

export function programSaved(p: Named & Pick<ProgramRow, 'channelId'>, created: boolean, invited: number): string {
  const where = p.channelId ? ` Its previews, flags and digest go to ${channelLink(p.channelId)}.` : '';
  const invitations = invited ? ` ${invited} ${invited === 1 ? 'person was' : 'people were'} invited.` : '';
  return created ? `${programName(p)} is created. People see it in \`/mentor programs\`.${where}${invitations}` : `${programName(p)} is saved.${where}${invitations}`;
}

export const noSuchProgram = (name: string): string => `There is no program called "${escape(name.slice(0, 80))}". \`/mentor programs\` lists them.`;
