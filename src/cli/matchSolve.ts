import type { AssignmentResult } from '../domain/matching/assignment.js';
import { isEntryPoint } from './entryPoint.js';

/*
 * npm run --silent match:solve < program.json
 * node dist/cli/matchSolve.js < program.json   (after npm run build: no tsx to start)
 *
 * Reads {"mentors":[{id,capacity}],"mentees":[{id}],"scores":[{mentee,mentor,score}]}
 * on stdin and writes {"pairs":[{mentee,mentor}],"total":n} on stdout: the
 * assignment with the largest total score. Exit codes: 0 solved; 1 the input
 * was unusable (one line per problem on stderr, nothing on stdout).
 */

/** Totals are rounded to this many decimals so float noise (0.8300000000000001) never reaches the caller. */
const TOTAL_DECIMALS = 9;

export interface SolveRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** The whole command as a function of what arrives on stdin. */
export async function solveText(text: string): Promise<SolveRun> {
  const [{ quickAssignmentInput }, { solveAssignment }] = await loadSolver();
  // Valid input skips the full parser and zod with it; only a problem needs them, to be named.
  const quick = quickAssignmentInput(text);
  if (quick) {
    try {
      return answer(solveAssignment(quick));
    } catch (error) {
      // An unknown name or a repeated pair: the full parser says which.
      if (!(error instanceof RangeError)) throw error;
    }
  }
  const { parseAssignmentInput } = await import('../domain/matching/assignmentInput.js');
  const parsed = parseAssignmentInput(text);
  if (!parsed.ok) return { code: 1, stdout: '', stderr: parsed.problems.map((p) => `${p}\n`).join('') };
  return answer(solveAssignment(parsed.input));
}

function answer({ pairs, total }: AssignmentResult): SolveRun {
  const body = { pairs: pairs.map(({ mentee, mentor }) => ({ mentee, mentor })), total: Number(total.toFixed(TOTAL_DECIMALS)) };
  return { code: 0, stdout: `${JSON.stringify(body)}\n`, stderr: '' };
}

function loadSolver() {
  return Promise.all([import('../domain/matching/assignmentInputCheck.js'), import('../domain/matching/assignment.js')]);
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

if (isEntryPoint(import.meta.url)) {
  // The solver loads while stdin streams in.
  const loading = loadSolver();
  readStdin()
    .then(async (text) => {
      await loading;
      return solveText(text);
    })
    .then(
      // exitCode rather than exit(): a large answer on a pipe is flushed before the process ends.
      (run) => {
        process.stdout.write(run.stdout);
        process.stderr.write(run.stderr);
        process.exitCode = run.code;
      },
      (error: unknown) => {
        process.stderr.write(`match:solve failed: ${error instanceof Error ? error.message : String(error)}\n`);
        process.exitCode = 1;
      },
    );
}
