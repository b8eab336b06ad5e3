import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { replicaRun } from '../test/support/replicaRun.js';

/**
 * npm run bench:replicas [messages] — one queue of messages (10,000 by
 * default, one per person) drained into the emulator by one replica of the
 * app, by two side by side on one database, and by two of which one is
 * killed with SIGKILL halfway. Each replica is src/index.ts in its own process.
 */

const MESSAGES = Number(process.argv[2] ?? 10_000);

const runs = [
  { name: 'one replica', replicas: 1 },
  { name: 'two replicas', replicas: 2 },
  { name: 'two replicas, one killed (SIGKILL) halfway', replicas: 2, killFirstAt: 0.5 },
];

console.log(`Replica benchmark: ${MESSAGES.toLocaleString('en')} queued messages, one per person (1 msg/s per conversation enforced)\n`);
console.log('| run | send time | throughput | delivered | duplicates | lost | looked up before resending |');
console.log('|---|---:|---:|---:|---:|---:|---:|');
for (const run of runs) {
  const dir = mkdtempSync(join(tmpdir(), 'bench-replicas-'));
  try {
    const r = await replicaRun({ messages: MESSAGES, replicas: run.replicas, dir, timeoutMs: 600_000, ...(run.killFirstAt ? { killFirstAt: run.killFirstAt } : {}) });
    console.log(`| ${run.name} | ${r.sendSeconds.toFixed(1)} s | ${Math.round(r.messagesPerSecond).toLocaleString('en')} msgs/s | ${r.delivered.toLocaleString('en')} | ${r.duplicates} | ${r.lost} | ${r.lookups} |`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
