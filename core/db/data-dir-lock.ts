import { open, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { DatabaseError } from './database-error.js';

/**
 * PGlite does not lock its data directory: a second process opening it works on its own copy
 * of the state and the two overwrite each other's files. This lock file (holding the owner's
 * pid) makes the second process fail with a clear error instead. A lock left by a process that
 * no longer runs is taken over.
 */
export interface DataDirLock {
  release(): Promise<void>;
}

const LOCK_FILE = 'soulprint.lock';

/** Directories this process holds, so a second open in the same process is refused too. */
const held = new Set<string>();

/** Takes the lock on `dir` (an existing, absolute directory) or throws DB_UNAVAILABLE. */
export async function lockDataDir(dir: string, describe: string): Promise<DataDirLock> {
  const file = path.join(dir, LOCK_FILE);
  if (held.has(file)) throw inUse(describe, 'this process');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await open(file, 'wx');
      await handle.writeFile(String(process.pid));
      await handle.close();
      held.add(file);
      return {
        release: async () => {
          held.delete(file);
          await rm(file, { force: true });
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number.parseInt(await readFile(file, 'utf8').catch(() => ''), 10);
      if (isRunning(owner)) throw inUse(describe, `process ${owner}`);
      await rm(file, { force: true });
    }
  }
  throw new DatabaseError('DB_UNAVAILABLE', `Could not lock ${describe}; try again.`, {
    kind: 'upstream',
    database: describe,
    operation: 'open the embedded database',
  });
}

function inUse(describe: string, owner: string): DatabaseError {
  return new DatabaseError(
    'DB_UNAVAILABLE',
    `Could not open ${describe}: ${owner} is using it. The embedded database serves one ` +
      'process at a time; stop the other one, or set DATABASE_URL to share a Postgres database.',
    { kind: 'config', database: describe, operation: 'open the embedded database' },
  );
}

/** Our own pid counts as not running: after a container restart the new process may reuse it. */
function isRunning(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
