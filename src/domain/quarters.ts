import { instantOf, localDateOf } from './localTime.js';

/**
 * Calendar quarters in a program's own zone: the quarterly bias audit is
 * due from 00:00 on 1 January, April, July and October there, and covers
 * everything up to that moment, so it is named after the quarter just ended.
 */

export interface QuarterStart {
  /** 00:00 on the quarter's first day, in the zone. */
  at: Date;
  /** The quarter just ended, e.g. "Q4 2026" at the start of January 2027. */
  ended: string;
}

export function currentQuarterStart(now: Date, zone: string): QuarterStart {
  const [year, month] = localDateOf(now, zone).split('-').map(Number) as [number, number];
  const quarter = Math.floor((month - 1) / 3);
  const first = `${year}-${String(quarter * 3 + 1).padStart(2, '0')}-01`;
  const ended = quarter === 0 ? `Q4 ${year - 1}` : `Q${quarter} ${year}`;
  return { at: instantOf(first, 0, zone), ended };
}
