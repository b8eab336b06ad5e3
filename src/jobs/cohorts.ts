import type { WebClient } from '@slack/web-api';
import type { Deps } from '../deps.js';
import { deliver } from '../outbox/outbox.js';
import { type CohortRun, planCohorts } from '../services/cohorts.js';

/**
 * Every cohort's milestones as they fall due in its zone: the kickoff (and
 * late joiners' kickoffs until the midpoint), the midpoint pulse, "keep
 * going after the cohort?" a week before the close, the close at 09:00 on
 * the end date, and the cohort report a week after. Planned in the database
 * with idempotent keys, then sent; running it again sends nothing twice.
 */
export async function runCohorts(deps: Deps, client: WebClient, now: Date): Promise<CohortRun> {
  const run = planCohorts(deps, now);
  await deliver(deps, client, now);
  return run;
}
