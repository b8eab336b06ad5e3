import type { KnownBlock } from '@slack/types';
import { CADENCE_WORDS, type CircleSettings } from '../domain/circleRules.js';
import type { CircleReason, UnplacedReason } from '../domain/circles/formation.js';
import { describeSlot } from '../domain/circles/weeklySlots.js';
import { actions, bounded, button, clip, confirmDialog, context, divider, escape, header, type Message, mention, message, section } from './blocks.js';
import { WEEKDAYS } from './intakeModal.js';
import { zId } from './values.js';
import { formatMinutes } from '../domain/intake.js';

export const PUBLISH_CIRCLES_ACTION = 'circles_publish';
export const CANCEL_CIRCLES_ACTION = 'circles_cancel';
export const zFormationValue = zId;

const slotWords = (weekday: number, minute: number, zone: string) => `${WEEKDAYS[weekday - 1] ?? ''}s at ${formatMinutes(minute)} (${zone})`;

/** Why someone is in their circle, in words the welcome and the preview use (stored as written). */
export function reasonWords(r: CircleReason, topicNames: ReadonlyMap<string, string>, zone: string): string {
  switch (r.kind) {
    case 'topic':
      return `wants to grow in ${topicNames.get(r.topicId) ?? r.topicId}`;
    case 'facilitator':
      return 'offers the topic as facilitator';
    case 'time': {
      const { weekday, minuteOfDay } = describeSlot(r.slotIndex);
      return `${slotWords(weekday, minuteOfDay, zone)} is inside their working hours${r.commonSlots > 1 ? ` (${r.commonSlots} weekly times would suit everyone)` : ''}`;
    }
    case 'department_variety':
      return `the only one from their department, in a circle spanning ${r.departments}`;
    case 'level_spread':
      return `levels ${r.minLevel} to ${r.maxLevel} at the table`;
  }
}

export const UNPLACED_WORDS: Record<UnplacedReason, { you: string; them: string }> = {
  no_topic: { you: 'none of the skills you want to grow is among the circle topics of this program', them: 'wants nothing the topics cover' },
  too_few: { you: 'too few people want the same topic as you for a circle yet', them: 'too few people share their topic' },
  no_common_time: { you: 'there is no weekly time inside your working hours that enough others who share your topic can also make', them: 'no weekly time fits them and enough others' },
  no_facilitator: { you: 'nobody with room to facilitate offers your topic at a time your circle could meet', them: 'no facilitator offers the topic at a time that fits' },
  facilitators_full: { you: 'the facilitators for your topic are all leading other circles', them: 'facilitators for the topic are full' },
  no_room: { you: 'the circles that would suit you are full and too few were left for another', them: 'suitable circles are full' },
};

export function unplacedMessage(reason: UnplacedReason, programName: string): string {
  return `This round of circles in *${escape(programName)}* didn't find you a place: ${UNPLACED_WORDS[reason].you}. You stay on the list for the next round, and \`/mentor circles\` shows open circles you could join now.`;
}

export interface FormationView {
  formationId: number;
  coordinatorId: string;
  programName: string;
  zone: string;
  settings: CircleSettings;
  circles: readonly { topicName: string; facilitatorId: string | null; weekday: number; minuteOfDay: number; fit: number; members: readonly { id: string; fit: number; reasons: readonly string[] }[] }[];
  unplaced: readonly { id: string; reason: UnplacedReason }[];
  totalFit: number;
  upperBound: number;
}

const pct = (x: number) => `${Math.round(x * 100)}%`;

export function buildFormationPreview(v: FormationView): Message {
  const placed = v.circles.reduce((n, c) => n + c.members.length, 0);
  const summary = `*${v.circles.length} ${v.circles.length === 1 ? 'circle' : 'circles'}* for ${placed} of ${placed + v.unplaced.length} people who asked for one, ${v.settings.sizeMin}–${v.settings.sizeMax} each, meeting ${CADENCE_WORDS[v.settings.cadence]} for ${v.settings.sessionMinutes} minutes. Total fit ${v.totalFit.toFixed(1)} of at most ${v.upperBound.toFixed(1)} (each person's best possible circle). Asked for by ${mention(v.coordinatorId)}; nothing is sent until you publish.`;
  const blocks: KnownBlock[] = [header(clip(`Circles for ${v.programName}: preview`, 150)), section(summary), divider];
  for (const [i, c] of v.circles.slice(0, 15).entries()) {
    const lead = c.facilitatorId ? `facilitated by ${mention(c.facilitatorId)}` : 'peer-led';
    const lines = bounded(
      c.members.map((m) => `• ${mention(m.id)} (${pct(m.fit)}): ${escape(clip(m.reasons.join('; '), 240))}`),
      8,
    );
    blocks.push(section(clip(`*${i + 1}. ${escape(clip(c.topicName, 80))}*, ${lead}, ${slotWords(c.weekday, c.minuteOfDay, v.zone)} · fit ${pct(c.fit)}\n${lines.join('\n')}`, 3000)));
  }
  if (v.circles.length > 15) blocks.push(context(`…and ${v.circles.length - 15} more circles.`));
  if (v.unplaced.length) {
    const lines = bounded(v.unplaced.map((u) => `• ${mention(u.id)}: ${UNPLACED_WORDS[u.reason].them}`), 20);
    blocks.push(divider, section(clip(`*Not placed (${v.unplaced.length})*: each gets a DM saying why\n${lines.join('\n')}`, 3000)));
  }
  blocks.push(
    actions(`circles_${v.formationId}`, [
      button(PUBLISH_CIRCLES_ACTION, 'Publish', {
        style: 'primary',
        value: v.formationId,
        confirm: confirmDialog('Open these circles?', `${v.circles.length} circles open with their own channels, and ${v.unplaced.length} people are told why they have no place yet.`, 'Publish', 'Not yet', 'primary'),
      }),
      button(CANCEL_CIRCLES_ACTION, 'Cancel', { value: v.formationId }),
    ]),
  );
  return message(clip(`Circles for ${escape(v.programName)}: ${v.circles.length} proposed`, 300), blocks);
}

export function formationDecided(formationId: number, text: string): Message {
  return message(text, [header(`Circles proposal ${formationId}`), section(text)]);
}
