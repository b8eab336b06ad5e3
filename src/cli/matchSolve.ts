/*
 * npm run --silent match:solve < program.json
 *
 * Reads {"mentors":[{id,capacity}],"mentees":[{id}],"scores":[{mentee,mentor,score}]}
 * on stdin and writes {"pairs":[{mentee,mentor}],"total":n} on stdout: the
 * assignment with the largest total score. Exit codes: 0 solved; 1 the input
 * was unusable (one line per problem on stderr, nothing on stdout).
 */

/** Totals are rounded to this many decimals so float noise (0.8300000000000001) never reaches the caller. */
const TOTAL_DECIMALS = 9;

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

async function main(): Promise<number> {
  // Imported alongside reading stdin, so the input streams in while zod loads (~0.15 s under tsx).
  const [text, { parseAssignmentInput }, { solveAssignment }] = await Promise.all([
    readStdin(),
    import('../domain/matching/assignmentInput.js'),
    import('../domain/matching/assignment.js'),
  ]);
  const parsed = parseAssignmentInput(text);
  if (!parsed.ok) {
    process.stderr.write(parsed.problems.map((p) => `${p}\n`).join(''));
    return 1;
  }
  const { pairs, total } = solveAssignment(parsed.input);
  const answer = { pairs: pairs.map(({ mentee, mentor }) => ({ mentee, mentor })), total: Number(total.toFixed(TOTAL_DECIMALS)) };
  process.stdout.write(`${JSON.stringify(answer)}\n`);
  return 0;
}

// exitCode rather than exit(): a large answer on a pipe is flushed before the process ends.
main().then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    process.stderr.write(`match:solve failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
