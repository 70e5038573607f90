import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chunkRows } from '../../job/chunk/chunk-rows.js';
import { ExportReader } from '../../job/export/read-export.js';
import type { FakeOpenAiReply } from '../fakes/fake-openai-embeddings.js';
import {
  chunkCounts,
  JOB_DATABASE_NAMES,
  type JobDatabase,
  type JobHarness,
  jobDatabaseUnavailable,
  jobOf,
  profileOf,
  queueJob,
  requeue,
  startJob,
  startJobHarness,
} from './job-harness.js';

/**
 * SIGTERM (a deploy, a spot interruption) during each stage: the job exits 143 promptly with
 * its checkpoint saved, and a re-run of the same job completes with nothing saved or embedded
 * twice and no second quick pass once the first one finished. Each stage is held open by a
 * slow dependency, and the signal is sent when the job logs that the stage started. On PGlite
 * over its socket and on native Postgres.
 */
const SAMPLE = new URL('../../samples/sample-export.zip', import.meta.url).pathname;
/** What one uninterrupted read of the sample chunks into (the reader and chunker decide it). */
let EXPECTED_CHUNKS = 0;

let harness: JobHarness;
beforeAll(async () => {
  const reader = await ExportReader.open(SAMPLE);
  for await (const item of reader.items()) {
    if (item.kind !== 'conversation') continue;
    EXPECTED_CHUNKS += chunkRows(item.conversation, {
      userId: 'u',
      importId: 'i',
      recentSince: null,
    }).length;
  }
});

const profileCalls = () =>
  harness.llm.requests.filter((r) => !JSON.stringify(r.body.system ?? '').includes('durable facts'))
    .length;
const embeddedTexts = () =>
  harness.embeddings.requests.reduce((sum, r) => sum + (r.body.input?.length ?? 0), 0);

async function stopDuring(stage: string) {
  const { jobId, userId } = await queueJob(harness, 'imports/u/export.zip');
  let signalledAt = 0;
  const stopped = await startJob(harness, jobId, {
    onLog: (line, child) => {
      const started =
        (line.msg === 'stage started' || line.msg === 'progress') && line.stage === stage;
      if (started && signalledAt === 0) {
        signalledAt = performance.now();
        child.kill('SIGTERM');
      }
    },
  });
  return { jobId, userId, stopped, secondsToExit: (performance.now() - signalledAt) / 1000 };
}

for (const target of ['pglite', 'native'] as const satisfies JobDatabase[]) {
  const unavailable = jobDatabaseUnavailable(target);
  const suite = unavailable ? describe.skip : describe;
  suite(`interruptions on ${JOB_DATABASE_NAMES[target]}${unavailable ? ` (skipped: ${unavailable})` : ''}`, () => {
    beforeAll(async () => {
      harness = await startJobHarness(target);
      harness.storage.objects.set('imports/u/export.zip', await readFile(SAMPLE));
    }, 60_000);
    afterAll(() => harness?.close());

    describe.each([
      { stage: 'fetch', slow: () => harness.storage.fail({ delayMs: 4000 }) },
      { stage: 'scan', slow: () => {} },
      { stage: 'quick', slow: () => (harness.delays.profileMs = 10_000) },
      { stage: 'chunk', slow: () => harness.embeddings.reply(...slowEmbeddings(3)) },
      { stage: 'full', slow: () => (harness.delays.factsMs = 10_000) },
    ])('SIGTERM during $stage', ({ stage, slow }) => {
      let result: Awaited<ReturnType<typeof stopDuring>>;
      let profileCallsBefore: number;
      let embeddedBefore: number;

      beforeAll(async () => {
        profileCallsBefore = profileCalls();
        embeddedBefore = embeddedTexts();
        slow();
        result = await stopDuring(stage);
        harness.delays.profileMs = 0;
        harness.delays.factsMs = 0;
      }, 60_000);

      it('exits 143 within 20 s, with the job row stopped but the profile not failed', async () => {
        expect(result.stopped.exitCode, result.stopped.stderr).toBe(143);
        expect(result.secondsToExit).toBeLessThan(20);
        const interrupted = result.stopped.logs.find((l) => l.msg === 'import interrupted');
        // The quick pass overlaps the chunk stage, so the stage stopped is either the one the
        // progress bar showed or one of those that failed. The scan of a small export may end
        // before the signal lands: then a later stage stops.
        const stopped = [
          interrupted?.stage,
          ...((interrupted?.failedStages as string[]) ?? []),
        ] as string[];
        if (stage !== 'scan') expect(stopped).toContain(stage);
        else expect(stopped.some((s) => ['scan', 'quick', 'chunk'].includes(s))).toBe(true);
        expect(await jobOf(harness, result.jobId)).toMatchObject({
          status: 'failed',
          exit_code: 143,
          error_code: 'CANCELLED',
        });
        expect((await profileOf(harness, result.userId)).import_status).not.toBe('failed');
      });

      it('completes on a re-run with nothing saved or embedded twice', async () => {
        const quickDoneBefore = (
          (await jobOf(harness, result.jobId)).checkpoint as { quickPassDone?: boolean } | null
        )?.quickPassDone;
        const profileCallsInFirst = profileCalls() - profileCallsBefore;
        await requeue(harness, result.jobId);
        const rerun = await startJob(harness, result.jobId);
        expect(rerun.exitCode, rerun.stderr).toBe(0);
        expect(await profileOf(harness, result.userId)).toMatchObject({
          import_status: 'complete',
          total_chunks: EXPECTED_CHUNKS,
        });
        const counts = await chunkCounts(harness, result.userId);
        expect(counts.reduce((sum, c) => sum + c.n, 0)).toBe(EXPECTED_CHUNKS);
        expect(counts.every((c) => c.unembedded === 0)).toBe(true);
        // Every chunk was embedded once across both runs (a stopped request may be repeated).
        expect(embeddedTexts() - embeddedBefore).toBeLessThanOrEqual(EXPECTED_CHUNKS + 64);
        expect(embeddedTexts() - embeddedBefore).toBeGreaterThanOrEqual(EXPECTED_CHUNKS);
        if (quickDoneBefore) {
          // Quick pass done before the stop: the re-run only regenerates the v2 profile.
          expect(profileCalls() - profileCallsBefore - profileCallsInFirst).toBe(1);
        }
      });
    });
  });
}

/** `n` embedding answers that take 1.5 s each, then normal ones. */
function slowEmbeddings(n: number): FakeOpenAiReply[] {
  return Array.from({ length: n }, () => ({ kind: 'slow' as const, delayMs: 1500 }));
}
