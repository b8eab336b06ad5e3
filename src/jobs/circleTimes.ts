import type { WebClient } from '@slack/web-api';
import type { Deps } from '../deps.js';
import type { MatchingPool } from '../domain/matching/pool.js';
import type { ProgramSettings } from '../domain/programs.js';
import { deliver } from '../outbox/outbox.js';
import { activeCircles } from '../repos/circles.js';
import { fitOf, raiseMisfits } from '../services/circleTimes.js';
import { poolFor } from '../services/pools.js';

/*
 * A circle's time can stop fitting someone without anyone editing anything:
 * a London circle at 08:00 sits inside Tokyo's afternoon in summer and past
 * its end of day in winter. Each circle's coming sessions are
 * checked against everyone's hours (hourly; the key makes it once), and whoever can move it is told once
 * for each time and set of people it misses (services/circleTimes.ts).
 */
export async function runCircleTimes(deps: Deps, client: WebClient, now: Date): Promise<{ raised: number }> {
  const pools = new Map<number, MatchingPool>();
  const poolOf = async (program: ProgramSettings) => pools.get(program.id) ?? (pools.set(program.id, await poolFor(deps, program)), pools.get(program.id) as MatchingPool);
  let raised = 0;
  for (const circle of await activeCircles(deps.db)) {
    const fit = await fitOf(deps, circle, now, poolOf);
    if (fit && await raiseMisfits(deps, fit, now)) raised += 1;
  }
  await deliver(deps, client, now);
  return { raised };
}
