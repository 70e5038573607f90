/**
 * `npm run bench:job [-- --sizes 300,900]`: the whole job (`run --job-id`, a real child process)
 * on synthetic exports of about 300 MB and 900 MB of JSON, with zero-latency loopback fakes
 * for the LLM and the embeddings endpoint, against PGlite served over its socket by this
 * process (so the database's memory is not the job's), prepared as the dispatcher's local mode
 * prepares it. With DATABASE_URL (a native Postgres) each size also runs there, beside the
 * PGlite run (default size then 300 only), in a fresh migrated database of its own, with the
 * job's own search index built as in production. Prints the time per stage, the job process's
 * peak RSS and CPU time, and the CPU time this process spent answering it (PGlite is
 * single-threaded WebAssembly here, so the chunk stage waits on it), beside the old system's
 * figures (ORIGINAL-SYSTEM.md).
 */
import { randomUUID } from 'node:crypto';
import { link, mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { execa } from 'execa';
import { loadDatabaseConfig } from '../core/db/database-config.js';
import {
  createJob,
  type Database,
  ensureLocalUser,
  migrate,
  openPostgresDatabase,
  startImport,
} from '../core/db/index.js';
import { prepareEmbeddedDatabase } from '../core/db/open-database.js';
import { createPglite, pgliteDatabase } from '../core/db/pglite-database.js';
import { messageReply, startFakeAnthropic } from '../test/fakes/anthropic-messages-server.js';
import { startFakeOpenAiEmbeddings } from '../test/fakes/fake-openai-embeddings.js';
import { validSoulprintJson } from '../test/support/soulprint-example.js';
import { createBenchDatabase } from './native-database.js';
import { BENCH_CACHE, ensureSyntheticExport } from './synthetic-exports.js';

const ROOT = new URL('..', import.meta.url).pathname;
const MB = 1024 * 1024;

type Target = 'PGlite' | 'native Postgres';

interface JobFigures {
  target: Target;
  sizeMb: number;
  conversations: number;
  chunks: number;
  stages: Record<string, number>;
  elapsedMs: number;
  peakRssBytes: number;
  /** CPU time of the job process, all threads. */
  jobCpuMs: number;
  /** CPU time of this process meanwhile: PGlite answering the job, and the fakes. */
  standInCpuMs: number;
}

/** The job's database: PGlite over its socket in this process, or a native Postgres database. */
async function openJobDatabase(
  target: Target,
  serverUrl: string | undefined,
): Promise<{ db: Database; url: string; poolMax: string; close(): Promise<void> }> {
  if (target === 'native Postgres') {
    const created = await createBenchDatabase(serverUrl as string, 'soulprint_bench_job', {
      reuse: false,
    });
    const db = await openPostgresDatabase({ url: created.url, maxConnections: 1 });
    await migrate(db);
    return { db, url: created.url, poolMax: '4', close: () => db.close() };
  }
  const pg = await createPglite('memory://');
  const db = pgliteDatabase(pg, { describe: 'the benchmark database' });
  await prepareEmbeddedDatabase(db);
  const server = new PGLiteSocketServer({ db: pg, host: '127.0.0.1', port: 0 });
  await server.start();
  return {
    db,
    url: `postgres://postgres@${server.getServerConn()}/postgres`,
    poolMax: '1',
    close: async () => {
      await server.stop();
      await pg.close();
    },
  };
}

async function runOnce(
  sizeMb: number,
  target: Target,
  serverUrl: string | undefined,
): Promise<JobFigures> {
  const exportPath = await ensureSyntheticExport(`scan-${sizeMb}mb`, sizeMb * 1e6, 'zip');
  const storageDir = join(BENCH_CACHE, 'job-storage');
  const storagePath = `imports/bench/scan-${sizeMb}mb.zip`;
  await mkdir(join(storageDir, 'imports', 'bench'), { recursive: true });
  await rm(join(storageDir, storagePath), { force: true });
  await link(exportPath, join(storageDir, storagePath));

  const database = await openJobDatabase(target, serverUrl);
  const { db } = database;
  const llm = await startFakeAnthropic();
  llm.handle((request) =>
    JSON.stringify(request.body.system ?? '').includes('durable facts')
      ? messageReply({ text: '{"facts": []}' })
      : messageReply({ text: JSON.stringify(validSoulprintJson()) }),
  );
  const embeddings = await startFakeOpenAiEmbeddings({ record: false });
  try {
    const userId = randomUUID();
    const jobId = randomUUID();
    await ensureLocalUser(db, userId);
    await createJob(db, { id: jobId, userId, storagePath, launcher: 'bench' });
    await startImport(db, { userId, importId: jobId });
    const cpuBefore = process.cpuUsage();
    const result = await execa('node', [join(ROOT, 'dist/job/main.js'), 'run', '--job-id', jobId], {
      reject: false,
      extendEnv: false,
      env: {
        PATH: process.env.PATH ?? '',
        DATABASE_URL: database.url,
        DATABASE_POOL_MAX: database.poolMax,
        SOULPRINT_STORAGE_DIR: storageDir,
        ANTHROPIC_API_KEY: 'bench',
        ANTHROPIC_BASE_URL: llm.url,
        EMBEDDING_BASE_URL: embeddings.baseUrl,
        EMBEDDING_API_KEY: 'bench',
        EMBEDDING_MODEL: 'fake-embed-1024',
      },
    });
    const standIn = process.cpuUsage(cpuBefore);
    const logName = `job-${sizeMb}mb${target === 'PGlite' ? '' : '-native'}.log`;
    await writeFile(join(BENCH_CACHE, logName), String(result.stdout));
    if (result.exitCode !== 0)
      throw new Error(`the job failed (exit ${result.exitCode}): ${result.stderr}`);
    const summary = String(result.stdout)
      .split('\n')
      .map((line) => {
        try {
          return JSON.parse(line);
        } catch {
          return null;
        }
      })
      .find((line) => line?.msg === 'import summary');
    const chunks = summary.chunks.micro + summary.chunks.medium + summary.chunks.macro;
    return {
      target,
      sizeMb,
      conversations: summary.conversations,
      chunks,
      stages: summary.stages,
      elapsedMs: summary.elapsedMs,
      peakRssBytes: summary.peakRssBytes,
      jobCpuMs: summary.cpuMs,
      standInCpuMs: Math.round((standIn.user + standIn.system) / 1000),
    };
  } finally {
    await Promise.all([llm.close(), embeddings.close()]);
    await database.close();
  }
}

function row(cells: Array<string | number>): string {
  return cells
    .map((cell, i) =>
      String(cell)
        .padStart(i === 0 ? 0 : 24)
        .padEnd(i === 0 ? 34 : 0),
    )
    .join(' ');
}

const seconds = (ms: number | undefined) =>
  ms === undefined ? '—' : `${(ms / 1000).toFixed(1)} s`;

async function main(): Promise<void> {
  const database = loadDatabaseConfig(process.env);
  const serverUrl = database.kind === 'postgres' ? database.url : undefined;
  const { values } = parseArgs({
    options: { sizes: { type: 'string', default: serverUrl ? '300' : '300,900' } },
  });
  const sizes = values.sizes.split(',').map(Number);
  const targets: Target[] = serverUrl ? ['PGlite', 'native Postgres'] : ['PGlite'];
  const runs: JobFigures[] = [];
  for (const size of sizes) {
    for (const target of targets) runs.push(await runOnce(size, target, serverUrl));
  }

  console.log(row(['', ...runs.map((r) => `~${r.sizeMb} MB ${r.target}`), 'old system']));
  console.log(row(['conversations', ...runs.map((r) => r.conversations), '20,000']));
  console.log(row(['chunks (3 tiers; old: 1 tier)', ...runs.map((r) => r.chunks), '33,335']));
  for (const stage of ['fetch', 'scan', 'quick', 'chunk', 'index', 'full']) {
    const old = stage === 'scan' ? '5.5 s' : stage === 'chunk' ? '6.0 s (chunk only)' : '—';
    console.log(row([`stage: ${stage}`, ...runs.map((r) => seconds(r.stages[stage])), old]));
  }
  console.log(row(['whole job', ...runs.map((r) => seconds(r.elapsedMs)), '> 30 min (timed out)']));
  console.log(row(['job CPU time (all threads)', ...runs.map((r) => seconds(r.jobCpuMs)), '—']));
  console.log(
    row(['stand-in DB + fakes CPU time', ...runs.map((r) => seconds(r.standInCpuMs)), '—']),
  );
  console.log(
    row(['job peak RSS', ...runs.map((r) => `${(r.peakRssBytes / MB).toFixed(0)} MB`), '1,290 MB']),
  );
  const first = runs[0]!;
  const scanChunkSave = (first.stages.scan ?? 0) + (first.stages.chunk ?? 0);
  const speedup = 11_500 / scanChunkSave;
  const flat = runs.every((r) => r.peakRssBytes <= 256 * MB);
  const native = runs.filter((r) => r.target === 'native Postgres' && r.sizeMb === 300);
  console.log('');
  console.log(
    `scan + chunk + save at ~${first.sizeMb} MB: ${seconds(scanChunkSave)} vs the old parse + chunk 11.5 s: ${speedup.toFixed(2)}× (target ≥ 5×: ${speedup >= 5 ? 'met' : 'NOT MET'})`,
  );
  console.log(
    `job peak RSS ≤ 256 MB at every size: ${flat ? 'met' : 'NOT MET'} (${runs.map((r) => `${(r.peakRssBytes / MB).toFixed(0)} MB`).join(', ')})`,
  );
  for (const r of native) {
    const rss = r.peakRssBytes / MB;
    console.log(
      `job peak RSS on native Postgres at ~300 MB ≤ 200 MB: ${rss <= 200 ? 'met' : 'NOT MET'} (${rss.toFixed(0)} MB)`,
    );
  }
}

await main();
