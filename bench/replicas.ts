import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BENCH_TEMPLATE_DATABASE, freshPostgres } from '../test/support/postgres.js';
import { createTemplate } from '../test/support/postgresTemplate.js';
import { replicaRun } from '../test/support/replicaRun.js';

/**
 * npm run bench:replicas [messages] [--postgres <admin url>] — one queue of
 * messages (10,000 by default, one per person) drained into the emulator by
 * one replica of the app, by two side by side on one database, and by two of
 * which one is killed with SIGKILL halfway. Each replica is src/index.ts in
 * its own process. The database is a SQLite file, or with --postgres a new
 * database per run on that server (e.g. postgres://postgres@127.0.0.1:55432/postgres).
 */

const args = process.argv.slice(2);
const pgAt = args.indexOf('--postgres');
const adminUrl = pgAt >= 0 ? args[pgAt + 1] : undefined;
const MESSAGES = Number(args.find((a, i) => /^\d+$/.test(a) && i !== pgAt + 1) ?? 10_000);
if (adminUrl) await createTemplate(adminUrl, BENCH_TEMPLATE_DATABASE);

const runs = [
  { name: 'one replica', replicas: 1 },
  { name: 'two replicas', replicas: 2 },
  { name: 'two replicas, one killed (SIGKILL) halfway', replicas: 2, killFirstAt: 0.5 },
];

console.log(`Replica benchmark on ${adminUrl ? 'PostgreSQL' : 'SQLite'}: ${MESSAGES.toLocaleString('en')} queued messages, one per person (1 msg/s per conversation enforced)\n`);
console.log('| run | send time | throughput | delivered | duplicates | lost | looked up before resending |');
console.log('|---|---:|---:|---:|---:|---:|---:|');
for (const run of runs) {
  const dir = mkdtempSync(join(tmpdir(), 'bench-replicas-'));
  const pg = adminUrl ? await freshPostgres(adminUrl, BENCH_TEMPLATE_DATABASE) : undefined;
  try {
    const r = await replicaRun({ messages: MESSAGES, replicas: run.replicas, dir, timeoutMs: 600_000, databaseUrl: pg?.url, ...(run.killFirstAt ? { killFirstAt: run.killFirstAt } : {}) });
    console.log(`| ${run.name} | ${r.sendSeconds.toFixed(1)} s | ${Math.round(r.messagesPerSecond).toLocaleString('en')} msgs/s | ${r.delivered.toLocaleString('en')} | ${r.duplicates} | ${r.lost} | ${r.lookups} |`);
  } finally {
    await pg?.drop();
    rmSync(dir, { recursive: true, force: true });
  }
}
