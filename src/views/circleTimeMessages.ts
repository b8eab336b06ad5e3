import { z } from 'zod';
import { actions, button, clip, escape, type Message, mention, message, section } from './blocks.js';
import { type CircleFacts, rhythmPlain } from './circleMessages.js';
import { WEEKDAYS } from './intakeModal.js';

export const CIRCLE_MOVE_PREFIX = 'circle_move';
export const CIRCLE_MOVE_ACTION = /^circle_move:\d+$/;
export const zMoveValue = z.object({ circleId: z.number().int().positive(), weekday: z.number().int().min(1).max(7), minuteOfDay: z.number().int().min(0).max(1439) });

export interface TimeChoice {
  circleId: number;
  weekday: number;
  minuteOfDay: number;
  time: string;
}

const label = (c: TimeChoice) => `${WEEKDAYS[c.weekday - 1] ?? ''} ${c.time}`;

/** The circle's time no longer fits someone: who, and the times that fit everyone, one click each. */
export function buildNewTimes(d: { circle: CircleFacts; misfits: readonly string[]; choices: readonly TimeChoice[]; zone: string }): Message {
  const who = d.misfits.length ? `${d.misfits.map((id) => mention(id)).join(', ')} can no longer make it: the time is outside their working hours now.` : 'Its time still suits everyone.';
  const lead = `:clock3: The *${escape(clip(d.circle.topicName, 80))}* circle meets ${escape(rhythmPlain(d.circle))}. ${who}`;
  if (d.choices.length === 0) {
    const text = `${lead}\nNo other weekly time fits everyone's hours; a coordinator can help rebalance the circle.`;
    return message(clip(`The ${escape(d.circle.topicName)} circle's time needs a look`, 300), [section(text)]);
  }
  return message(clip(`New times for the ${escape(d.circle.topicName)} circle`, 300), [
    section(`${lead}\nThese weekly times (${escape(d.zone)}) fit everyone; pick one to move the circle:`),
    actions(`circle_times_${d.circle.id}`, d.choices.map((c, i) => button(`${CIRCLE_MOVE_PREFIX}:${i}`, label(c), { value: JSON.stringify({ circleId: c.circleId, weekday: c.weekday, minuteOfDay: c.minuteOfDay }) }))),
  ]);
}

export const timeMoved = (c: CircleFacts, actorId: string): Message => {
  const text = `:arrows_counterclockwise: ${mention(actorId)} moved the circle: it now meets ${escape(rhythmPlain(c))}. A new calendar file is on its way to each of you.`;
  return message(clip(`The ${escape(c.topicName)} circle has a new time`, 300), [section(text)]);
};
