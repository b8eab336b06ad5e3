import { writeFileSync } from 'node:fs';
import type { AssignmentInput } from '../src/domain/matching/assignment.js';
import { DEFAULT_WEIGHTS } from '../src/domain/matching/participant.js';
import { shortlistRound } from '../src/domain/matching/round.js';
import { loadTaxonomy } from '../src/taxonomy/loadTaxonomy.js';
import { syntheticOrg } from './syntheticOrg.js';

/*
 * npm run --silent bench:solve-input -- [mentees] [mentors] [candidates] > input.json
 *
 * A match:solve input from a seeded synthetic organisation (bench/syntheticOrg.ts):
 * each mentee's best `candidates` mentors (default 2,000 × 500 with 50), scored
 * as a round scores them, mentors with their remaining capacity. With a fourth
 * argument, writes that file instead of stdout.
 */

const [mentees = 2000, mentors = 500, candidates = 50] = process.argv.slice(2, 5).map(Number);
const taxonomy = loadTaxonomy();
const { pool } = syntheticOrg(mentees, mentors, taxonomy, 2026);
const context = { taxonomy, weights: DEFAULT_WEIGHTS, now: new Date('2026-11-30T09:00:00Z') };
const shortlists = shortlistRound(pool, context, candidates);
const input: AssignmentInput = {
  mentors: pool.participants.filter((p) => p.id.startsWith('M') && p.load < p.capacity).map((p) => ({ id: p.id, capacity: p.capacity - p.load })),
  mentees: pool.participants.filter((p) => p.id.startsWith('E')).map((p) => ({ id: p.id })),
  scores: shortlists.map((c) => ({ mentee: c.receiverId, mentor: c.giverId, score: c.score })),
};
const json = `${JSON.stringify(input)}\n`;
if (process.argv[5]) writeFileSync(process.argv[5], json);
else process.stdout.write(json);
