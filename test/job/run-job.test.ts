import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { searchChunks } from '../../core/db/search-chunks.js';
import { fakeEmbedding } from '../fakes/fake-openai-embeddings.js';
import {
  chunkCounts,
  JOB_DATABASE_NAMES,
  type JobDatabase,
  type JobHarness,
  jobDatabaseUnavailable,
  jobOf,
  profileOf,
  queueJob,
  searchIndexOf,
  startJob,
  startJobHarness,
} from './job-harness.js';

/**
 * The job as a container runs it (`run --job-id`), against a loopback Supabase Storage, the
 * fake LLM and a fake embeddings endpoint, on each database it meets: PGlite over its socket,
 * native Postgres, and native Postgres through pgbouncer in transaction mode (how a job reaches
 * Supabase through its pooler).
 */
const SAMPLE = new URL('../../samples/sample-export.zip', import.meta.url).pathname;

let harness: JobHarness;

for (const target of ['pglite', 'native', 'pooler'] as const satisfies JobDatabase[]) {
  const unavailable = jobDatabaseUnavailable(target);
  const suite = unavailable ? describe.skip : describe;
  suite(`the job on ${JOB_DATABASE_NAMES[target]}${unavailable ? ` (skipped: ${unavailable})` : ''}`, () => {
    beforeAll(async () => {
      harness = await startJobHarness(target);
      harness.storage.objects.set('imports/u/export.zip', await readFile(SAMPLE));
      harness.storage.objects.set(
        'imports/u/chat.html',
        Buffer.from('<!DOCTYPE html><html><body>chats</body></html>'),
      );
    }, 60_000);
    afterAll(() => harness?.close());

    jobTests(target);
  });
}

function jobTests(target: JobDatabase) {
  describe('run --job-id', () => {
    let first: { jobId: string; userId: string };
    let firstRun: Awaited<ReturnType<typeof startJob>>;

    beforeAll(async () => {
      first = await queueJob(harness, 'imports/u/export.zip');
      firstRun = await startJob(harness, first.jobId);
    }, 120_000);

    it('imports the upload: profile, memory, chunks in every tier, facts, cost', async () => {
      expect(firstRun.exitCode, firstRun.stderr).toBe(0);
      const profile = await profileOf(harness, first.userId);
      expect(profile).toMatchObject({
        import_status: 'complete',
        progress_percent: 100,
        import_stage: 'complete',
        full_pass_status: 'complete',
        ai_name: 'Wren',
        active_import_id: first.jobId,
        embedding_model: 'openai-compatible:fake-embed-1024',
      });
      expect((profile.soulprint as { source: string }).source).toBe('llm');
      expect(profile.memory_md).toMatch(/Femke/);
      const counts = await chunkCounts(harness, first.userId);
      expect(counts.map((c) => c.tier)).toEqual(['macro', 'medium', 'micro']);
      expect(counts.every((c) => c.n > 0 && c.unembedded === 0)).toBe(true);
      expect(profile.total_chunks).toBe(counts.reduce((sum, c) => sum + c.n, 0));
      expect(profile.total_facts).toBeGreaterThan(0);
      const cost = profile.import_cost as { llm: { calls: number; usd: number }; totalUsd: number };
      expect(cost.llm.calls).toBeGreaterThanOrEqual(3);
      expect(cost.totalUsd).toBeGreaterThan(0);
      const job = await jobOf(harness, first.jobId);
      expect(job).toMatchObject({ status: 'succeeded', exit_code: 0, progress: 100 });
      expect((job.metrics as { conversations: number }).conversations).toBe(37);
      // On native Postgres the import got its own search index before it became active; the
      // embedded database (PGlite) never builds one.
      const built = firstRun.logs.find((l) => l.msg === 'search index');
      if (target === 'pglite') {
        expect(built).toBeUndefined();
      } else {
        expect(built).toMatchObject({ outcome: 'built', chunks: profile.total_chunks });
        expect(await searchIndexOf(harness, first.jobId)).toEqual({ valid: true });
      }
    });

    it('reports progress that never goes down and passes through every band', () => {
      const progress = firstRun.logs
        .filter((l) => l.msg === 'progress')
        .map((l) => l.percent as number);
      expect(progress).toEqual([...progress].sort((a, b) => a - b));
      for (const band of [0, 10, 20, 40, 60, 100]) expect(progress).toContain(band);
      const stages = firstRun.logs.filter((l) => l.msg === 'stage finished').map((l) => l.stage);
      expect(stages).toEqual(expect.arrayContaining(['fetch', 'scan', 'chunk', 'full']));
      const summary = firstRun.logs.find((l) => l.msg === 'import summary');
      expect(summary).toMatchObject({ conversations: 37, status: 'complete' });
    });

    it('exits 2 on bad input with the reason in import_error, and keeps the previous import', async () => {
      const second = await queueJob(harness, 'imports/u/chat.html', first.userId);
      const run = await startJob(harness, second.jobId);
      expect(run.exitCode).toBe(2);
      expect(run.stderr).toContain('EXPORT_WRONG_FILE');
      const profile = await profileOf(harness, first.userId);
      expect(profile.import_status).toBe('failed');
      expect(profile.import_error).toMatch(/chat\.html.*Export data/s);
      expect(profile.active_import_id).toBe(first.jobId);
      const counts = await chunkCounts(harness, first.userId);
      expect(counts.every((c) => c.import_id === first.jobId && c.n > 0)).toBe(true);
      expect(await jobOf(harness, second.jobId)).toMatchObject({
        status: 'failed',
        exit_code: 2,
        error_code: 'EXPORT_WRONG_FILE',
      });
    });

    it('exits 2 when the upload is missing from storage', async () => {
      const missing = await queueJob(harness, 'imports/u/gone.zip');
      const run = await startJob(harness, missing.jobId);
      expect(run.exitCode).toBe(2);
      expect((await profileOf(harness, missing.userId)).import_error).toMatch(/not found/);
    });
  });

  describe('what the job writes to its output', () => {
    it('never contains conversation text or secrets', async () => {
      const planted = {
        ANTHROPIC_API_KEY: 'sk-ant-PLANTED-llm-secret-4401',
        EMBEDDING_API_KEY: 'PLANTED-embedding-secret-7712',
        SUPABASE_SERVICE_ROLE_KEY: 'PLANTED-service-role-secret-9034',
      };
      const key = harness.storage.key;
      harness.storage.key = planted.SUPABASE_SERVICE_ROLE_KEY;
      onTestFinished(() => {
        harness.storage.key = key;
      });
      const { jobId } = await queueJob(harness, 'imports/u/export.zip');
      const run = await startJob(harness, jobId, {
        env: {
          ...planted,
          DATABASE_URL: harness.databaseUrl.replace(
            'postgres@',
            'postgres:PLANTED-db-password-5521@',
          ),
          SOULPRINT_DEBUG: 'true',
        },
      });
      const output = run.stdout + run.stderr;
      for (const secret of [...Object.values(planted), 'PLANTED-db-password-5521'])
        expect(output).not.toContain(secret);
      // Phrases the export's messages contain (see test/support/synthetic/sample-export.ts).
      for (const phrase of [
        'getting married on 12 September',
        'Quietline',
        'Pimento',
        'sourdough',
      ]) {
        expect(output).not.toContain(phrase);
      }
      expect(run.logs.length).toBeGreaterThan(5);
    });
  });

  describe.skipIf(target !== 'pglite')(
    `a dependency that stays down${target === 'pglite' ? '' : ' (run on PGlite only: it does not depend on the database)'}`,
    () => {
      it('exits 3 when the database cannot be reached', async () => {
        const { jobId } = await queueJob(harness, 'imports/u/export.zip');
        const run = await startJob(harness, jobId, {
          env: { DATABASE_URL: 'postgres://postgres@127.0.0.1:9/postgres' },
        });
        expect(run.exitCode).toBe(3);
        expect(run.stderr).toContain('[DB_UNAVAILABLE]');
      });

      it('exits 3 when embeddings keep failing, recording why on the job and keeping the profile retryable', async () => {
        const { jobId, userId } = await queueJob(harness, 'imports/u/export.zip');
        harness.embeddings.reply(
          ...Array.from({ length: 16 }, () => ({ kind: 'error' as const, status: 503 })),
        );
        const run = await startJob(harness, jobId);
        expect(run.exitCode).toBe(3);
        expect(await jobOf(harness, jobId)).toMatchObject({
          status: 'failed',
          exit_code: 3,
          error_code: 'EMBEDDING_UNAVAILABLE',
        });
        // Not the last attempt: the dispatcher retries, so the person does not see a failure yet.
        expect((await profileOf(harness, userId)).import_status).not.toBe('failed');
      }, 60_000);
    },
  );

  describe.skipIf(target === 'pglite')(
    `what only a server can show${target === 'pglite' ? " (skipped: PGlite's socket serves one connection at a time)" : ''}`,
    () => {
      it('two users importing at once both complete, each with only their own memory', async () => {
        const a = await queueJob(harness, 'imports/u/export.zip');
        const b = await queueJob(harness, 'imports/u/export.zip');
        const [runA, runB] = await Promise.all([
          startJob(harness, a.jobId),
          startJob(harness, b.jobId),
        ]);
        expect(runA.exitCode, runA.stderr).toBe(0);
        expect(runB.exitCode, runB.stderr).toBe(0);
        const countsA = await chunkCounts(harness, a.userId);
        const countsB = await chunkCounts(harness, b.userId);
        expect(countsA.every((c) => c.import_id === a.jobId && c.unembedded === 0)).toBe(true);
        expect(countsB.every((c) => c.import_id === b.jobId && c.unembedded === 0)).toBe(true);
        expect(countsA.map((c) => c.n)).toEqual(countsB.map((c) => c.n));
        for (const { userId, jobId } of [a, b]) {
          expect(await profileOf(harness, userId)).toMatchObject({
            import_status: 'complete',
            active_import_id: jobId,
          });
        }
      }, 120_000);

      it('a re-import is invisible until its switch, which replaces the old memory at once', async () => {
        const first = await queueJob(harness, 'imports/u/export.zip');
        expect((await startJob(harness, first.jobId)).exitCode).toBe(0);
        const query = fakeEmbedding('Volkswagen Transporter fuel consumption');
        const search = () =>
          searchChunks(harness.db, { userId: first.userId, embedding: query, limit: 5 });
        expect(await search()).toHaveLength(5);

        const second = await queueJob(harness, 'imports/u/export.zip', first.userId);
        harness.delays.factsMs = 3000;
        onTestFinished(() => {
          harness.delays.factsMs = 0;
        });
        const importsOf = async (ids: string[]) =>
          (
            await harness.db.query<{ import_id: string }>(
              `select distinct import_id::text from public.conversation_chunks
                where id = any($1::text[]) order by 1`,
              [ids],
            )
          ).map((row) => row.import_id);
        let duringFullPass: { found: number; searched: string[]; stored: string[] } | undefined;
        const running = startJob(harness, second.jobId, {
          onLog: (line) => {
            if (line.msg !== 'stage started' || line.stage !== 'full' || duringFullPass) return;
            // The second import's chunks are all saved by now; readers still see the first's.
            void (async () => {
              const hits = await search();
              const counts = await chunkCounts(harness, first.userId);
              duringFullPass = {
                found: hits.length,
                searched: await importsOf(hits.map((h) => h.id)),
                stored: [...new Set(counts.map((c) => c.import_id))].sort(),
              };
            })();
          },
        });
        const run = await running;
        expect(run.exitCode, run.stderr).toBe(0);
        expect(duringFullPass).toEqual({
          found: 5,
          searched: [first.jobId],
          stored: [first.jobId, second.jobId].sort(),
        });

        const after = await search();
        expect(after).toHaveLength(5);
        expect(await importsOf(after.map((h) => h.id))).toEqual([second.jobId]);
        const counts = await chunkCounts(harness, first.userId);
        expect(new Set(counts.map((c) => c.import_id))).toEqual(new Set([second.jobId]));
        expect((await profileOf(harness, first.userId)).active_import_id).toBe(second.jobId);
        // The replaced import's search index went with its rows; the new one's serves.
        expect(await searchIndexOf(harness, first.jobId)).toBeNull();
        expect(await searchIndexOf(harness, second.jobId)).toEqual({ valid: true });
      }, 120_000);
    },
  );
}
