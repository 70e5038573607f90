import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createJob,
  type Database,
  ensureLocalUser,
  finishJob,
  openDatabase,
  startImport,
} from '../../core/db/index.js';
import { createLogger } from '../../core/log.js';
import { ImportProgress } from './import-progress.js';

let db: Database;
beforeAll(async () => {
  db = await openDatabase({ kind: 'embedded', dataDir: 'memory://' });
}, 60_000);
afterAll(() => db?.close());

const logger = createLogger({ service: 'test', level: 'silent' });

async function newImport() {
  const userId = randomUUID();
  const jobId = randomUUID();
  await ensureLocalUser(db, userId);
  await createJob(db, { id: jobId, userId, storagePath: 'x', launcher: 'test' });
  await startImport(db, { userId, importId: jobId });
  return { userId, importId: jobId, jobId };
}

async function stored(ref: { userId: string; jobId: string }) {
  const [profile] = await db.query<{ progress_percent: number; import_stage: string }>(
    'select progress_percent, import_stage from public.user_profiles where user_id = $1',
    [ref.userId],
  );
  const [job] = await db.query<{ progress: number; stage: string; heartbeat_at: Date }>(
    'select progress, stage, heartbeat_at from public.import_jobs where id = $1',
    [ref.jobId],
  );
  return { profile: profile!, job: job! };
}

describe('ImportProgress', () => {
  it('never goes down, writes stage changes at once and other moves at most every interval', async () => {
    const ref = await newImport();
    let now = 0;
    const changes: number[] = [];
    const progress = new ImportProgress(
      { db, ...ref, logger },
      { minIntervalMs: 2000, now: () => now, onChange: (_s, percent) => changes.push(percent) },
    );
    progress.enter('scan');
    progress.update(0.5);
    progress.update(0.2);
    await progress.flush();
    expect(await stored(ref)).toMatchObject({
      profile: { progress_percent: 10, import_stage: 'Reading your conversations' },
      job: { progress: 10, stage: 'scan' },
    });
    now = 2500;
    progress.update(0.8);
    await progress.flush();
    expect((await stored(ref)).profile.progress_percent).toBe(18);
    progress.enter('fetch');
    await progress.flush();
    expect(progress.current.percent).toBe(18);
    expect(changes).toEqual([...changes].sort((a, b) => a - b));
    await progress.close();
  });

  it('beats a heartbeat on the job row while nothing moves', async () => {
    const ref = await newImport();
    const progress = new ImportProgress({ db, ...ref, logger }, { heartbeatMs: 30 });
    progress.enter('quick');
    await progress.flush();
    const first = (await stored(ref)).job.heartbeat_at.getTime();
    progress.startHeartbeat();
    await new Promise((resolve) => setTimeout(resolve, 120));
    await progress.close();
    expect((await stored(ref)).job.heartbeat_at.getTime()).toBeGreaterThan(first);
  });

  it('stops the import once its job was finished by someone else (cancelled)', async () => {
    const ref = await newImport();
    const progress = new ImportProgress({ db, ...ref, logger });
    progress.enter('scan');
    await progress.flush();
    expect(() => progress.check()).not.toThrow();
    await finishJob(db, { jobId: ref.jobId, status: 'cancelled' });
    progress.enter('chunk');
    await progress.flush();
    expect(() => progress.check()).toThrow(expect.objectContaining({ code: 'CANCELLED' }));
    await progress.close();
  });
});
