import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDispatcherConfig } from '../../dispatcher/config.js';
import { type RunningDispatcher, startDispatcher } from '../../dispatcher/start-dispatcher.js';
import {
  createNativeDatabase,
  type NativeDatabase,
  nativeUnavailable,
  poolerUnavailable,
} from '../support/native-postgres.js';

/**
 * End to end, no cloud: POST /imports → the local launcher → a real job process
 * (`node dist/job/main.js run --job-id <id>`) → GET /imports/status reaches `complete`. Three
 * ways: the dispatcher's embedded database (jobs reach it over its socket), native Postgres
 * (dispatcher and job connect directly), and native Postgres through pgbouncer in transaction
 * mode for both (as both reach Supabase through its pooler).
 *
 * Needs the job built: `npm run build` first (`npm test` does it). Skipped, saying so, when
 * dist/ has no `run` command.
 */
const ROOT = new URL('../../', import.meta.url).pathname;
const RUN_COMMAND = path.join(ROOT, 'dist/job/cli/run-command.js');
const SAMPLE = path.join(ROOT, 'samples/sample-export.zip');
const SERVICE_TOKEN = 'e2e-service-token-of-at-least-32-characters';
const built = existsSync(RUN_COMMAND);

let dir: string;
let dispatcher: RunningDispatcher;

const TARGETS = [
  { name: 'the embedded database', database: 'embedded', unavailable: undefined },
  { name: 'native Postgres', database: 'native', unavailable: nativeUnavailable },
  {
    name: 'native Postgres through pgbouncer (transaction mode)',
    database: 'pooler',
    unavailable: poolerUnavailable,
  },
] as const;

for (const target of TARGETS) {
  const skipped = !built ? 'dist/ is not built' : target.unavailable;
  const suite = skipped ? describe.skip : describe;
  suite(`an import through the dispatcher and a real local job, on ${target.name}${skipped ? ` (skipped: ${skipped})` : ''}`, () => {
    let native: NativeDatabase | undefined;
    beforeAll(async () => {
      dir = await mkdtemp(path.join(tmpdir(), 'dispatch-e2e-'));
      native = target.database === 'embedded' ? undefined : await createNativeDatabase();
      const databaseUrl = target.database === 'pooler' ? native?.poolerUrl : native?.url;
      const config = loadDispatcherConfig({
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        SERVICE_TOKEN,
        HOST: '127.0.0.1',
        PORT: '0',
        ...(databaseUrl
          ? { DATABASE_URL: databaseUrl, CREATE_LOCAL_USERS: 'true' }
          : { SOULPRINT_DATA_DIR: 'memory://' }),
        SOULPRINT_STORAGE_DIR: path.join(dir, 'storage'),
        SOULPRINT_JOB_LOG_DIR: path.join(dir, 'logs'),
        RECONCILE_INTERVAL_MS: '250',
      });
      dispatcher = await startDispatcher(config, { logger: pino({ level: 'warn' }) });
    }, 60_000);
    afterAll(async () => {
      await dispatcher?.stop();
      await native?.drop();
      if (dir) await rm(dir, { recursive: true, force: true });
    });

    importTest();
  });
}

function importTest() {
  it('goes from POST /imports to status complete', async () => {
    const userId = randomUUID();
    const storagePath = `imports/${userId}/export.zip`;
    await mkdir(path.join(dir, 'storage', 'imports', userId), { recursive: true });
    await copyFile(SAMPLE, path.join(dir, 'storage', storagePath));
    const auth = { authorization: `Bearer ${SERVICE_TOKEN}`, 'content-type': 'application/json' };

    const accepted = await fetch(`${dispatcher.url}/imports`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ userId, storagePath }),
    });
    expect(accepted.status).toBe(202);
    const { jobId } = (await accepted.json()) as { jobId: string };

    const seen = new Set<string>();
    let status:
      | { status: string; progress: number; error: string | null; jobId: string }
      | undefined;
    const deadline = Date.now() + 150_000;
    while (Date.now() < deadline) {
      const response = await fetch(`${dispatcher.url}/imports/status?userId=${userId}`, {
        headers: auth,
      });
      status = (await response.json()) as typeof status;
      seen.add(status!.status);
      if (status!.status === 'complete' || status!.status === 'failed') break;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    if (status?.status !== 'complete' || process.env.E2E_PRINT_LOGS) console.error(await jobLogs());
    expect(status).toMatchObject({ status: 'complete', progress: 100, error: null, jobId });
    expect(seen.has('processing') || seen.has('quick_ready')).toBe(true);

    const job = (await (
      await fetch(`${dispatcher.url}/imports/${jobId}`, { headers: auth })
    ).json()) as Record<string, unknown>;
    expect(job).toMatchObject({ status: 'succeeded', exitCode: 0, attempt: 1, launcher: 'local' });
    expect(String(job.logRef)).toMatch(new RegExp(`^file:.*${jobId}\\.1\\.log$`));
  }, 180_000);
}

async function jobLogs(): Promise<string> {
  const logs = path.join(dir, 'logs');
  const files = await readdir(logs).catch(() => []);
  const texts = await Promise.all(files.map((f) => readFile(path.join(logs, f), 'utf8')));
  return texts.join('\n');
}
