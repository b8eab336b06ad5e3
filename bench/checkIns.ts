import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { type Config, parseConfig } from '../src/config.js';
import type { DatabaseLocation } from '../src/db/client.js';
import { enrollments, matches, people, profiles } from '../src/db/schema.js';
import { planCheckIns } from '../src/jobs/checkIns.js';
import { createLogger } from '../src/logger.js';
import { prepare } from '../src/startup.js';
import { BENCH_TEMPLATE_DATABASE, databaseUrl, withAdmin } from '../test/support/postgres.js';
import { createTemplate } from '../test/support/postgresTemplate.js';
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

const args = process.argv.slice(2);
/** `--postgres <admin url>`: the same run on a PostgreSQL server (a database per copy) instead of SQLite files. */
const pgAt = args.indexOf('--postgres');
const ADMIN_URL = pgAt >= 0 ? args[pgAt + 1] : undefined;
const positional = args.filter((_, i) => pgAt < 0 || (i !== pgAt && i !== pgAt + 1));
const PAIRS = Number(positional[0] ?? 10_000);
/** `plan` measures planning only, for profiling it. */
const PLAN_ONLY = positional[1] === 'plan';
const pgCopies = new Map<string, string>();

/** A copy of the database at `from` named `name`: a copied SQLite file, or a PostgreSQL database made from it as a template. */
async function copyOf(from: DatabaseLocation, name: string): Promise<Config & DatabaseLocation> {
  if (!ADMIN_URL) {
    const path = join(dirname(from.databasePath), `${name}.db`);
    copyFileSync(from.databasePath, path);
    return { ...(baseConfig as Config), databasePath: path, databaseUrl: undefined };
  }
  const source = new URL(from.databaseUrl as string).pathname.slice(1);
  const target = `bench_checkins_${name.replace(/-/g, '_')}`;
  await withAdmin(ADMIN_URL, async (c) => {
    await c.query(`drop database if exists "${target}" with (force)`);
    await c.query(`create database "${target}" template "${source}"`);
  });
  const url = databaseUrl(ADMIN_URL, target);
  pgCopies.set(name, url);
  return { ...(baseConfig as Config), databaseUrl: url };
}
let baseConfig: Config | undefined;
const RUNS = 5;
const ZONES = ['Europe/London', 'Europe/Berlin', 'America/New_York', 'Asia/Kolkata', 'Asia/Tokyo', 'Australia/Sydney', 'America/Sao_Paulo'];
const token = 'xoxb-bench';

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-checkins-'));
  const random = prng(14);
  const users = Array.from({ length: PAIRS * 2 }, (_, i) => ({ id: `U${String(i).padStart(8, '0')}`, name: `u${i}`, realName: `User ${i}`, tz: ZONES[i % ZONES.length] as string }));
  const parsed = parseConfig({ SLACK_BOT_TOKEN: token, SLACK_SIGNING_SECRET: 'bench-secret', DATABASE_PATH: join(dir, 'bench.db'), LOG_LEVEL: 'error' });
  if (!parsed.ok) throw new Error(parsed.problems.join('; '));
  let { config } = parsed;
  baseConfig = config;
  if (ADMIN_URL) {
    await createTemplate(ADMIN_URL, BENCH_TEMPLATE_DATABASE);
    const seeded = await copyOf({ databasePath: '', databaseUrl: databaseUrl(ADMIN_URL, BENCH_TEMPLATE_DATABASE) }, 'seeded');
    config = seeded;
    baseConfig = { ...config };
  }
  const { database, taxonomy } = await prepare(config);
  const logger = createLogger('error');
  // The pairs began a fortnight ago, so their check-ins are due now: the replicas below send on the real clock.
  const now = new Date();
  const start = new Date(now.getTime() - 14 * 86_400_000);
  // Everyone works 00:00–24:00 on every day, so the drain measures sending, not waiting for mornings.
  // Drizzle's multi-row inserts, so one seeding serves both engines.
  await database.db.transaction(async (tx) => {
    for (let i = 0; i < users.length; i += 500) {
      const chunk = users.slice(i, i + 500);
      await tx.insert(people).values(chunk.map((u) => ({ id: u.id, timeZone: u.tz, status: 'active' as const, joinedAt: start })));
      await tx.insert(profiles).values(chunk.map((u) => ({ personId: u.id, workDays: [1, 2, 3, 4, 5, 6, 7], workStartMinute: 0, workEndMinute: 1440, consentedAt: start })));
      // Roles live on the person's enrollment in a program: here the default one.
      await tx.insert(enrollments).values(chunk.map((u) => ({ programId: 1, personId: u.id, status: 'active' as const, roles: [Number(u.id.slice(1)) % 2 ? ('mentee' as const) : ('mentor' as const)], appliedAt: start, joinedAt: start })));
    }
    for (let i = 0; i < PAIRS; i += 500) {
      const pairs = Array.from({ length: Math.min(500, PAIRS - i) }, (_, j) => {
        const decided = new Date(start.getTime() - Math.floor(random() * 3_600_000));
        return { mentorId: users[2 * (i + j)]?.id as string, menteeId: users[2 * (i + j) + 1]?.id as string, kind: 'mentoring' as const, status: 'active' as const, source: 'round' as const, requestedAt: decided, decidedAt: decided };
      });
      await tx.insert(matches).values(pairs);
    }
  });

  await database.close();
  // The plan runs on RUNS fresh copies of the seeded database: a busy machine makes one run's time a poor figure.
  const planTimes: number[] = [];
  let created = 0;
  for (let run = 0; run < RUNS; run += 1) {
    const copy = await prepare(await copyOf(config, `planned-${run}`));
    const deps = { config, db: copy.database.db, clock: () => now, logger, taxonomy };
    const planStarted = performance.now();
    created = (await planCheckIns(deps, now)).created;
    planTimes.push(performance.now() - planStarted);
    await copy.database.close();
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
      const location = await copyOf({ databasePath: join(dir, 'planned-0.db'), databaseUrl: pgCopies.get('planned-0') }, `drain-${replicas}`);
      const r = await drainWithReplicas({ location, dir, users, replicas, timeoutMs: 900_000 });
      const exactly = r.duplicates === 0 && r.lost === 0 ? 'each exactly once' : `${r.duplicates} twice, ${r.lost} lost`;
      console.log(`| drain with ${replicas === 1 ? 'one replica' : 'two replicas'} into the emulator (1 msg/s per conversation enforced; ${r.delivered.toLocaleString('en')} delivered, ${exactly}) | ${r.sendSeconds.toFixed(1)} s | ${Math.round(r.messagesPerSecond).toLocaleString('en')} msgs/s |`);
    }
  }
  for (const copy of pgCopies.values()) await withAdmin(ADMIN_URL as string, (c) => c.query(`drop database if exists "${new URL(copy).pathname.slice(1)}" with (force)`));
  rmSync(dir, { recursive: true, force: true });
}

await main();
