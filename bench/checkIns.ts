import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig } from '../src/config.js';
import { planCheckIns } from '../src/jobs/checkIns.js';
import { createLogger } from '../src/logger.js';
import { prepare } from '../src/startup.js';
import { drainWithReplicas } from '../test/support/replicaRun.js';
import { prng } from './syntheticOrg.js';

/**
 * npm run bench:checkins [pairs] [plan] — the fortnightly check-in fan-out
 * for 10,000 active pairs: how long the job takes to plan it (work out what
 * is due, create the check-ins, queue the messages), and how long the app
 * (src/index.ts) takes to drain it into the emulator, as one replica and as
 * two on one database, while the emulator enforces Slack's one message per
 * second per conversation.
 */

const PAIRS = Number(process.argv[2] ?? 10_000);
/** `plan` measures planning only, for profiling it. */
const PLAN_ONLY = process.argv[3] === 'plan';
const RUNS = 5;
const ZONES = ['Europe/London', 'Europe/Berlin', 'America/New_York', 'Asia/Kolkata', 'Asia/Tokyo', 'Australia/Sydney', 'America/Sao_Paulo'];
const token = 'xoxb-bench';

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-checkins-'));
  const random = prng(14);
  const users = Array.from({ length: PAIRS * 2 }, (_, i) => ({ id: `U${String(i).padStart(8, '0')}`, name: `u${i}`, realName: `User ${i}`, tz: ZONES[i % ZONES.length] as string }));
  const parsed = parseConfig({ SLACK_BOT_TOKEN: token, SLACK_SIGNING_SECRET: 'bench-secret', DATABASE_PATH: join(dir, 'bench.db'), LOG_LEVEL: 'error' });
  if (!parsed.ok) throw new Error(parsed.problems.join('; '));
  const { config } = parsed;
  const { database, taxonomy } = prepare(config);
  const logger = createLogger('error');
  // The pairs began a fortnight ago, so their check-ins are due now: the replicas below send on the real clock.
  const now = new Date();
  const start = new Date(now.getTime() - 14 * 86_400_000);
  // Everyone works 00:00–24:00 on every day, so the drain measures sending, not waiting for mornings.
  const sql = database.sqlite;
  sql.exec('BEGIN');
  const person = sql.prepare("insert into people (id, time_zone, status, joined_at) values (?, ?, 'active', ?)");
  const profile = sql.prepare("insert into profiles (person_id, work_days, work_start_minute, work_end_minute, consented_at) values (?, '[1,2,3,4,5,6,7]', 0, 1440, ?)");
  // Roles live on the person's enrollment in a program: here the default one.
  const enrollment = sql.prepare("insert into enrollments (program_id, person_id, status, roles, applied_at, joined_at) values (1, ?, 'active', ?, ?, ?)");
  const match = sql.prepare("insert into matches (mentor_id, mentee_id, kind, status, source, requested_at, decided_at) values (?, ?, 'mentoring', 'active', 'round', ?, ?)");
  for (const u of users) {
    person.run(u.id, u.tz, start.getTime());
    profile.run(u.id, start.getTime());
    enrollment.run(u.id, JSON.stringify([Number(u.id.slice(1)) % 2 ? 'mentee' : 'mentor']), start.getTime(), start.getTime());
  }
  for (let i = 0; i < PAIRS; i += 1) {
    const decided = start.getTime() - Math.floor(random() * 3_600_000);
    match.run(users[2 * i]?.id, users[2 * i + 1]?.id, decided, decided);
  }
  sql.exec('COMMIT');

  database.close();
  // The plan runs on RUNS fresh copies of the seeded file: a busy machine makes one run's time a poor figure.
  const planTimes: number[] = [];
  let created = 0;
  for (let run = 0; run < RUNS; run += 1) {
    const path = join(dir, `planned-${run}.db`);
    copyFileSync(join(dir, 'bench.db'), path);
    const copy = prepare({ ...config, databasePath: path });
    const deps = { config, db: copy.database.db, clock: () => now, logger, taxonomy };
    const planStarted = performance.now();
    created = planCheckIns(deps, now).created;
    planTimes.push(performance.now() - planStarted);
    copy.database.close();
  }
  planTimes.sort((a, b) => a - b);
  const planMs = planTimes[Math.floor(RUNS / 2)] as number;
  const range = `${Math.round(planTimes[0] as number).toLocaleString('en')}–${Math.round(planTimes[RUNS - 1] as number).toLocaleString('en')} ms`;
  console.log(`Check-in fan-out benchmark: ${PAIRS.toLocaleString('en')} active pairs, one check-in each\n`);
  console.log('| step | time | throughput |');
  console.log('|---|---:|---:|');
  console.log(`| plan (find due check-ins, create ${created.toLocaleString('en')} rows, queue messages; median of ${RUNS} runs, ${range}) | ${Math.round(planMs).toLocaleString('en')} ms | ${Math.round(created / (planMs / 1000)).toLocaleString('en')} pairs/s |`);
  if (!PLAN_ONLY) {
    // Each drain starts from the same planned database: the app itself, as one and as two processes.
    for (const replicas of [1, 2]) {
      const path = join(dir, `drain-${replicas}.db`);
      copyFileSync(join(dir, 'planned-0.db'), path);
      const r = await drainWithReplicas({ path, dir, users, replicas, timeoutMs: 900_000 });
      const exactly = r.duplicates === 0 && r.lost === 0 ? 'each exactly once' : `${r.duplicates} twice, ${r.lost} lost`;
      console.log(`| drain with ${replicas === 1 ? 'one replica' : 'two replicas'} into the emulator (1 msg/s per conversation enforced; ${r.delivered.toLocaleString('en')} delivered, ${exactly}) | ${r.sendSeconds.toFixed(1)} s | ${Math.round(r.messagesPerSecond).toLocaleString('en')} msgs/s |`);
    }
  }
  rmSync(dir, { recursive: true, force: true });
}

await main();
