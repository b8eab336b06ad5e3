import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { LOCAL_BOT_TOKEN, LOCAL_SIGNING_SECRET } from '../demo/stack.js';
import { createMentoringApp, EVENTS_PATH } from '../src/app.js';
import { parseConfig } from '../src/config.js';
import type { Deps } from '../src/deps.js';
import { createLogger } from '../src/logger.js';
import { suggestFor } from '../src/services/selfServe.js';
import { defaultProgram } from '../src/services/programs.js';
import { prepare } from '../src/startup.js';
import { openDatabase } from '../src/db/client.js';
import { syncSkills } from '../src/repos/profiles.js';
import { DEFAULT_TAXONOMY_PATH, loadTaxonomy } from '../src/taxonomy/loadTaxonomy.js';
import { seedSelfServeOrg } from './selfServeOrg.js';
import type { FromSlack, Timing, ToSlack } from './selfServeSlack.js';

/*
 * npm run bench:self-serve — `/mentor match` under load in a large program:
 * 10,000 members (8,000 mentees, 2,000 mentors) of the synthetic organisation
 * in a real SQLite file, the real app on Bolt's HTTP receiver in this process,
 * and Slack (the emulator, and people sending signed slash commands at a
 * steady rate, each from a different mentee) in a process of its own, as it
 * would be (bench/selfServeSlack.ts). Measures the ack (the HTTP answer Slack
 * waits 3 s for), the suggestions DM (from the request to the emulator
 * receiving chat.postMessage), the app's CPU per call, and how long its
 * event loop was ever held up.
 *
 * Targets: ack p99 under 100 ms, every DM within 2 s. The first request
 * starts the worker and compiles the pool (timed apart); a few more warm up;
 * then the measured requests come at the rate for the duration.
 * Informational: the exit code is 0 either way.
 *
 *   node --import tsx bench/selfServeLoad.ts [--rate=20] [--seconds=30] [--members=10000] [--writes=0] [--before]
 *   (or RATE, SECONDS, MEMBERS, WRITES in the environment)
 */

const arg = (name: string, fallback: number): number => {
  const flag = process.argv.find((a) => a.startsWith(`--${name}=`));
  const value = flag ? flag.slice(name.length + 3) : process.env[name.toUpperCase()];
  return value === undefined ? fallback : Number(value);
};
/** --before answers the way it was before the kept pool: suggestFor, loading and scoring the pool on the main thread. */
const BEFORE = process.argv.includes('--before');
const RATE = arg('rate', 20);
/** Profile saves a second during the measurement (a mentor's capacity changes): each makes the kept pool read again. */
const WRITES = arg('writes', 0);
const SECONDS = arg('seconds', 30);
const MEMBERS = arg('members', 10_000);
const ACK_TARGET_MS = 100;
const DM_TARGET_MS = 2_000;
const WARM_UP = 5;

const fmt = (n: number, d = 0) => n.toLocaleString('en', { minimumFractionDigits: d, maximumFractionDigits: d });
const ms = (n: number) => (Number.isFinite(n) ? `${fmt(n, n < 10 ? 1 : 0)} ms` : '–');
const quantile = (sorted: readonly number[], q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? Number.NaN;
const row = (what: string, values: number[], target: string) => {
  const v = [...values].sort((a, b) => a - b);
  return `| ${what} | ${ms(quantile(v, 0.5))} | ${ms(quantile(v, 0.95))} | ${ms(quantile(v, 0.99))} | ${ms(v.at(-1) ?? Number.NaN)} | ${target} |`;
};

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-self-serve-'));
  const path = join(dir, 'mentoring.db');
  const taxonomy = loadTaxonomy(DEFAULT_TAXONOMY_PATH);
  const seeding = performance.now();
  const seeded = await openDatabase(path);
  await syncSkills(seeded.db, taxonomy);
  const mentors = Math.round(MEMBERS / 5);
  const org = seedSelfServeOrg(seeded.sqlite, taxonomy, MEMBERS - mentors, mentors, new Date());
  await seeded.close();
  console.log(`${fmt(MEMBERS)} members (${fmt(org.mentees.length)} mentees, ${fmt(org.mentors.length)} mentors) written in ${ms(performance.now() - seeding)}`);

  // Slack, in its own process: it inherits `--import tsx` from this one.
  const slack = fork(new URL('./selfServeSlack.ts', import.meta.url));
  const inbox: FromSlack[] = [];
  let wake: (() => void) | undefined;
  slack.on('message', (m: FromSlack) => {
    inbox.push(m);
    wake?.();
  });
  const receive = async <K extends FromSlack['kind']>(kind: K): Promise<Extract<FromSlack, { kind: K }>> => {
    for (;;) {
      const at = inbox.findIndex((m) => m.kind === kind);
      if (at >= 0) return inbox.splice(at, 1)[0] as Extract<FromSlack, { kind: K }>;
      await new Promise<void>((done) => (wake = done));
    }
  };
  let finished = false;
  slack.on('exit', (code) => {
    if (finished) return;
    console.error(`Slack's process (bench/selfServeSlack.ts) exited early (code ${code})`);
    process.exit(1);
  });
  const tell = (m: ToSlack) => slack.send(m);
  tell({ kind: 'start', botToken: LOCAL_BOT_TOKEN, signingSecret: LOCAL_SIGNING_SECRET, users: org.members.map((m) => ({ id: m.id, name: m.id.toLowerCase(), realName: `Person ${m.id}`, tz: m.timeZone })) });
  const { apiUrl } = await receive('started');

  const parsed = parseConfig({ SLACK_BOT_TOKEN: LOCAL_BOT_TOKEN, SLACK_SIGNING_SECRET: LOCAL_SIGNING_SECRET, SLACK_API_URL: apiUrl, DATABASE_PATH: path, LOG_LEVEL: 'error' });
  if (!parsed.ok) throw new Error(parsed.problems.join('; '));
  const { config } = parsed;
  const prepared = await prepare(config);
  const { database } = prepared;
  const deps: Deps = { config, db: database.db, clock: () => new Date(), logger: createLogger(config.logLevel), taxonomy: prepared.taxonomy };
  const mentoring = await createMentoringApp(deps, { retryConfig: { retries: 2, factor: 1, minTimeout: 10, maxTimeout: 50 } });
  const port = await mentoring.start(0, '127.0.0.1');
  // Without the app's pool index, /mentor match falls back to suggestFor.
  if (BEFORE) delete deps.poolIndex;

  tell({ kind: 'run', appUrl: `http://127.0.0.1:${port}${EVENTS_PATH}`, askers: org.mentees, warmUp: WARM_UP, rate: RATE, seconds: SECONDS });
  const { timing: cold } = await receive('cold');
  console.log(`first request, right after the start (while the app starts its worker and loads the pool): ack ${ms(cold.ack)}, answer after ${ms(cold.dm ?? cold.none ?? Number.NaN)}`);
  await receive('measuring');
  console.log(`measuring: ${fmt(Math.round(RATE * SECONDS))} requests, ${RATE} a second for ${SECONDS} s`);
  const loopDelay = monitorEventLoopDelay({ resolution: 5 });
  loopDelay.enable();
  const cpu = process.cpuUsage();
  const elu = performance.eventLoopUtilization();
  let saves = 0;
  const saving = WRITES > 0 ? setInterval(() => {
    const mentor = org.mentors[saves++ % org.mentors.length] as string;
    database.sqlite.prepare('update profiles set capacity_mentees = 1 + (coalesce(capacity_mentees, 1) % 5) where person_id = ?').run(mentor);
  }, 1000 / WRITES) : undefined;
  const { timings, wallMs } = await receive('measured');
  clearInterval(saving);
  if (saves > 0) console.log(`${saves} profile saves during the measurement`);
  const used = process.cpuUsage(cpu);
  const busy = performance.eventLoopUtilization(elu);
  loopDelay.disable();
  report(timings, wallMs, (used.user + used.system) / 1000, busy.active, loopDelay);

  // The way before the kept pool, for comparison: the whole pool loaded and scored for one person, on the main thread.
  const program = await defaultProgram(deps);
  // One after another, each timed to the end of its awaited work.
  const fresh: number[] = [];
  for (let i = 0; i < 3; i += 1) {
    const started = performance.now();
    await suggestFor(deps, org.mentees.at(-1) as string, program);
    fresh.push(performance.now() - started);
  }
  console.log(`before: suggestFor on a freshly loaded pool, on the main thread, blocks it for ${fresh.map(ms).join(', ')}`);
  console.log(`peak RSS of the app's process: ${fmt(process.resourceUsage().maxRSS / 1024)} MB`);

  // The app finishes what it started (the last replies) while Slack is still there to take them.
  await mentoring.stop();
  finished = true;
  slack.disconnect();
  await database.close();
  rmSync(dir, { recursive: true, force: true });
}

function report(timings: Timing[], wallMs: number, cpuMs: number, mainBusyMs: number, loopDelay: ReturnType<typeof monitorEventLoopDelay>): void {
  const dms = timings.flatMap((t) => (t.dm === undefined ? [] : [t.dm]));
  const none = timings.flatMap((t) => (t.none === undefined ? [] : [t.none]));
  const unanswered = timings.filter((t) => t.dm === undefined && t.none === undefined).length;
  const missedAcks = timings.filter((t) => !t.acked).length;
  const n = timings.length;
  console.log('');
  console.log('| what | p50 | p95 | p99 | max | target |');
  console.log('|---|---:|---:|---:|---:|---|');
  console.log(row('ack', timings.map((t) => t.ack), `p99 < ${ACK_TARGET_MS} ms`));
  console.log(row(`suggestions DM (${fmt(dms.length)})`, dms, `all < ${fmt(DM_TARGET_MS)} ms`));
  if (none.length > 0) console.log(row(`"nobody yet" reply (${fmt(none.length)})`, none, ''));
  console.log('');
  console.log(`${fmt(n)} requests; ${missedAcks} not acked within 3 s; ${unanswered} not answered within 10 s (${fmt(wallMs / 1000, 1)} s to the last answer)`);
  console.log(`the app's CPU per call: ${ms(cpuMs / n)} (main thread and suggestion worker; ${fmt((cpuMs / wallMs) * 100)}% of one core)`);
  console.log(`the app's main thread: busy ${ms(mainBusyMs / n)} per call; event-loop delay p99 ${ms(loopDelay.percentile(99) / 1e6)}, max ${ms(loopDelay.max / 1e6)}`);
  const acks = timings.map((t) => t.ack).sort((a, b) => a - b);
  const met = missedAcks === 0 && unanswered === 0 && quantile(acks, 0.99) < ACK_TARGET_MS && Math.max(0, ...dms, ...none) < DM_TARGET_MS;
  console.log(met ? 'targets met' : 'TARGETS MISSED');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
