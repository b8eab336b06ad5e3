import { realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

/**
 * Whether the module at `moduleUrl` is the program being run (`node
 * dist/cli/job.js`, `npm run job`), rather than a module a test imported.
 */
export function isEntryPoint(moduleUrl: string): boolean {
  const entry = process.argv[1];
  if (entry === undefined) return false;
  try {
    // Node resolves symlinks for the module's URL but not in argv.
    return moduleUrl === pathToFileURL(realpathSync(entry)).href;
  } catch {
    // Under `node -e`, argv[1] is an argument, perhaps naming nothing on disk.
    return false;
  }
}
