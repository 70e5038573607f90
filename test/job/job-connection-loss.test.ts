import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeSyntheticJson } from '../support/synthetic/index.js';
import {
  chunkCounts,
  JOB_DATABASE_NAMES,
  type JobHarness,
  jobDatabaseUnavailable,
  profileOf,
  queueJob,
  startJob,
  startJobHarness,
} from './job-harness.js';

/**
 * The server connection dies in the middle of a save (a pooler restart, a failover, an
 * operator's pg_terminate_backend): the backend running the job's `COPY` is terminated, twice,
 * directly on native Postgres and through pgbouncer in transaction mode. The job retries the
 * transaction and completes in the same run, with exactly the rows of an undisturbed import.
 */
const TARGETS = ['native', 'pooler'] as const;

let harness: JobHarness;
let dir: string;

for (const target of TARGETS) {
  const unavailable = jobDatabaseUnavailable(target);
  const suite = unavailable ? describe.skip : describe;
  suite(`a lost database connection on ${JOB_DATABASE_NAMES[target]}${unavailable ? ` (skipped: ${unavailable})` : ''}`, () => {
    beforeAll(async () => {
      harness = await startJobHarness(target);
      dir = await mkdtemp(path.join(tmpdir(), 'soulprint-connection-loss-'));
      const file = path.join(dir, 'conversations.json');
      // Enough chunks for several save transactions (~2,500 chunks).
      await writeSyntheticJson(file, { seed: 12, targetBytes: 2_500_000, layout: 'legacy' });
      harness.storage.objects.set('imports/u/conversations.json', await readFile(file));
    }, 120_000);
    afterAll(async () => {
      await harness?.close();
      if (dir) await rm(dir, { recursive: true, force: true });
    });

    it('the job retries the save it lost and completes with no row twice', async () => {
      const undisturbed = await queueJob(harness, 'imports/u/conversations.json');
      expect((await startJob(harness, undisturbed.jobId)).exitCode).toBe(0);
      const expected = (await chunkCounts(harness, undisturbed.userId)).map((c) => [c.tier, c.n]);

      const { jobId, userId } = await queueJob(harness, 'imports/u/conversations.json');
      const killer = copyKiller(harness.databaseName as string, 2);
      const run = await startJob(harness, jobId);
      const killed = await killer.stop();

      expect(killed).toBe(2);
      expect(run.exitCode, run.stderr).toBe(0);
      const retried = run.logs.filter((l) => l.msg === 'database call retried');
      expect(retried.length).toBeGreaterThanOrEqual(1);
      expect(retried.every((l) => l.code === 'DB_UNAVAILABLE')).toBe(true);
      const counts = await chunkCounts(harness, userId);
      expect(counts.map((c) => [c.tier, c.n])).toEqual(expected);
      expect(counts.every((c) => c.import_id === jobId && c.unembedded === 0)).toBe(true);
      expect(await profileOf(harness, userId)).toMatchObject({
        import_status: 'complete',
        total_chunks: expected.reduce((sum, [, n]) => sum + (n as number), 0),
      });
    }, 180_000);
  });
}

/**
 * Watches `database` and terminates the backend of each `COPY` into conversation_chunks it
 * sees running, up to `times` of them, from a direct connection of its own.
 */
function copyKiller(database: string, times: number) {
  const admin = postgres(process.env.TEST_DATABASE_URL as string, { max: 1, onnotice: () => {} });
  let killed = 0;
  let running = true;
  const loop = (async () => {
    while (running && killed < times) {
      const rows = await admin.unsafe<{ pid: number }[]>(
        `select pid from pg_stat_activity
          where datname = $1 and state = 'active' and query ilike 'copy public.conversation_chunks%'`,
        [database],
      );
      const [first] = rows;
      if (first) {
        await admin.unsafe('select pg_terminate_backend($1)', [first.pid]);
        killed++;
        // Let the job notice and retry before looking for the next one.
        await new Promise((resolve) => setTimeout(resolve, 300));
      } else {
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      await admin.end({ timeout: 5 });
      return killed;
    },
  };
}
