import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { solveText } from '../../src/cli/matchSolve.js';
import { ROOT } from '../support/processes.js';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `npm run match:solve` the way the script does (tsx on the entry),
 * with `stdin` piped in; runScript cannot be used as it ignores stdin.
 * One test holds the program's contract this way; the rest call the same
 * code in-process, which is what it is under the process.
 */
function spawnMatchSolve(stdin: string): Promise<Run> {
  const child = spawn(join(ROOT, 'node_modules/.bin/tsx'), [join(ROOT, 'src/cli/matchSolve.ts')], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  child.stdin.end(stdin);
  return new Promise((done) => child.on('close', (code) => done({ code, stdout, stderr })));
}

const matchSolve = (stdin: string): Promise<Run> => solveText(stdin);

const mentors = (n: number) => Array.from({ length: n }, (_, i) => ({ id: `M${i + 1}`, capacity: 1 }));
const mentees = (n: number) => Array.from({ length: n }, (_, i) => ({ id: `E${i + 1}` }));
const pair = (mentee: string, mentor: string, score = 0.5) => ({ mentee, mentor, score });

describe('npm run match:solve', () => {
  it('as a program: answers on stdout with exit 0, and refuses bad input on stderr with exit 1', async () => {
    const [good, bad] = await Promise.all([
      spawnMatchSolve('{"mentors":[{"id":"M1","capacity":2}],"mentees":[{"id":"E1"}],"scores":[{"mentee":"E1","mentor":"M1","score":0.83}]}'),
      spawnMatchSolve('{"mentors": [}'),
    ]);
    expect(good).toEqual({ code: 0, stdout: '{"pairs":[{"mentee":"E1","mentor":"M1"}],"total":0.83}\n', stderr: '' });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^input is not valid JSON: /);
    expect(bad.stdout).toBe('');
  }, 60_000);

  it('answers the example with its pair and total', async () => {
    const run = await matchSolve('{"mentors":[{"id":"M1","capacity":2}],"mentees":[{"id":"E1"}],"scores":[{"mentee":"E1","mentor":"M1","score":0.83}]}');
    expect(run).toEqual({ code: 0, stdout: '{"pairs":[{"mentee":"E1","mentor":"M1"}],"total":0.83}\n', stderr: '' });
  });

  it('finds the optimum where greedy would not, sorted by mentee, with the total rounded', async () => {
    // Greedy gives M1 to E1 (0.75) and strands E2; the optimum is 0.1 + 0.7, which floats add up to 0.7999999999999999.
    const input = {
      mentors: [{ id: 'M2', capacity: 1 }, { id: 'M1', capacity: 1 }],
      mentees: [{ id: 'E2' }, { id: 'E1' }],
      scores: [pair('E2', 'M1', 0.7), pair('E1', 'M1', 0.75), pair('E1', 'M2', 0.1)],
    };
    const run = await matchSolve(JSON.stringify(input));
    expect(run).toEqual({ code: 0, stdout: '{"pairs":[{"mentee":"E1","mentor":"M2"},{"mentee":"E2","mentor":"M1"}],"total":0.8}\n', stderr: '' });
  });

  it('takes input with more fields than it needs, as a generated file may have', async () => {
    const input = {
      program: 'Autumn',
      mentors: [{ id: 'M1', capacity: 1, name: 'Ada' }],
      mentees: [{ id: 'E1', team: 'Data' }],
      scores: [{ mentee: 'E1', mentor: 'M1', score: 0.5, reasons: ['skills'] }],
    };
    const run = await matchSolve(JSON.stringify(input));
    expect(run).toEqual({ code: 0, stdout: '{"pairs":[{"mentee":"E1","mentor":"M1"}],"total":0.5}\n', stderr: '' });
  });

  it('answers empty lists with no pairs', async () => {
    const run = await matchSolve('{"mentors":[],"mentees":[],"scores":[]}');
    expect(run).toEqual({ code: 0, stdout: '{"pairs":[],"total":0}\n', stderr: '' });
  });
});

describe.concurrent('npm run match:solve with malformed input', () => {
  const cases: [string, string, RegExp][] = [
    ['empty stdin', '', /^input is empty; expected JSON with mentors, mentees and scores arrays\n$/],
    ['text that is not JSON', '{"mentors": [}', /^input is not valid JSON: Unexpected token .*\n$/],
    ['JSON that is not an object', '[1, 2]', /^input must be an object with mentors, mentees and scores arrays\n$/],
    [
      'a capacity that is not a whole number',
      JSON.stringify({ mentors: [...mentors(2), { id: 'M3', capacity: 1.5 }], mentees: [], scores: [] }),
      /^mentors\[2\]\.capacity must be a whole number from 0 to 1000\n$/,
    ],
    [
      'a duplicated mentee id',
      JSON.stringify({ mentors: [], mentees: [...mentees(4), { id: 'E1' }], scores: [] }),
      /^mentees\[0\]\.id is duplicated \(also mentees\[4\]\)\n$/,
    ],
    [
      'a score naming an unknown mentor',
      JSON.stringify({ mentors: mentors(7), mentees: mentees(1), scores: [...mentors(7).map((m) => pair('E1', m.id)), pair('E1', 'M9')] }),
      /^scores\[7\]\.mentor "M9" is not in mentors\n$/,
    ],
    [
      'a score naming an unknown mentee',
      JSON.stringify({ mentors: mentors(2), mentees: mentees(2), scores: [pair('E1', 'M1'), pair('E3', 'M2')] }),
      /^scores\[1\]\.mentee "E3" is not in mentees\n$/,
    ],
    [
      'a repeated pair whose copies could never be chosen',
      JSON.stringify({ mentors: mentors(2), mentees: mentees(1), scores: [pair('E1', 'M1', 0), pair('E1', 'M2'), pair('E1', 'M1', -1)] }),
      /^scores\[2\] repeats the pair E1\/M1 \(first at scores\[0\]\)\n$/,
    ],
    [
      'a score too large to be a finite number',
      `{"mentors":[{"id":"M1","capacity":1}],"mentees":[{"id":"E1"},{"id":"E2"},{"id":"E3"},{"id":"E4"}],"scores":[${['0.1', '0.2', '0.3', '1e999'].map((s, i) => `{"mentee":"E${i + 1}","mentor":"M1","score":${s}}`).join(',')}]}`,
      /^scores\[3\]\.score must be a finite number\n$/,
    ],
    [
      'a repeated pair',
      JSON.stringify({
        mentors: mentors(4),
        mentees: mentees(2),
        scores: [pair('E2', 'M1'), pair('E2', 'M2'), pair('E1', 'M1'), pair('E1', 'M2'), pair('E1', 'M3'), pair('E1', 'M1', 0.7)],
      }),
      /^scores\[5\] repeats the pair E1\/M1 \(first at scores\[2\]\)\n$/,
    ],
  ];

  // it.for, not it.each: concurrent tests must use the context's expect.
  it.for(cases)('exits 1 on %s, naming the problem on stderr and printing nothing', async ([, stdin, message], { expect }) => {
    const run = await matchSolve(stdin);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(message);
    expect(run.stdout).toBe('');
  });

  it('lists every problem, one line each', async ({ expect }) => {
    const run = await matchSolve(JSON.stringify({ mentors: [{ id: 'M1', capacity: -1 }], mentees: [{ id: '' }], scores: {} }));
    expect(run.code).toBe(1);
    expect(run.stderr.split('\n')).toEqual([
      'mentors[0].capacity must be a whole number from 0 to 1000',
      'mentees[0].id must be a non-empty string',
      'scores must be an array',
      '',
    ]);
    expect(run.stdout).toBe('');
  });
});
