import { randomUUID } from 'node:crypto';
import type { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { execa, type ResultPromise } from 'execa';
import {
  createJob,
  type Database,
  ensureLocalUser,
  migrate,
  startImport,
} from '../../core/db/index.js';
import { createPglite, pgliteDatabase } from '../../core/db/pglite-database.js';
import { openPostgresDatabase } from '../../core/db/postgres-database.js';
import {
  type FakeAnthropic,
  messageReply,
  startFakeAnthropic,
} from '../fakes/anthropic-messages-server.js';
import {
  type FakeOpenAiEmbeddings,
  startFakeOpenAiEmbeddings,
} from '../fakes/fake-openai-embeddings.js';
import {
  type FakeSupabaseStorage,
  startFakeSupabaseStorage,
} from '../fakes/fake-supabase-storage.js';
import {
  createNativeDatabase,
  nativeUnavailable,
  poolerUnavailable,
} from '../support/native-postgres.js';
import { validSoulprintJson } from '../support/soulprint-example.js';

/**
 * Everything the import job talks to, for end-to-end tests that run the built job
 * (`node dist/job/main.js run`) as a real child process: the database (see `JobDatabase`), a
 * loopback Supabase Storage, a loopback Anthropic Messages API (profile and facts answers,
 * told apart by their system prompts) and a loopback OpenAI-compatible embeddings endpoint.
 * The test reads the database through its own connection, between and during job runs.
 */
export interface JobHarness {
  target: JobDatabase;
  db: Database;
  /** What the job's DATABASE_URL is. */
  databaseUrl: string;
  /** The database's name on the native cluster (undefined on PGlite). */
  databaseName: string | undefined;
  storage: FakeSupabaseStorage;
  llm: FakeAnthropic;
  embeddings: FakeOpenAiEmbeddings;
  /** The environment a launcher would give the job. */
  env: Record<string, string>;
  /** Delays the fake LLM adds to its answers (a test holds a stage open with them). */
  delays: { profileMs: number; factsMs: number };
  close(): Promise<void>;
}

export const MAIN = new URL('../../dist/job/main.js', import.meta.url).pathname;
export const LLM_KEY = 'sk-ant-fake-key-for-tests';

/**
 * Where the job's data goes:
 * - `pglite`: PGlite served over its socket server (the job connects with postgres.js, one
 *   connection: the socket serves one client at a time);
 * - `native`: a database of its own on the native PostgreSQL cluster, connected directly;
 * - `pooler`: the same, the job connecting through pgbouncer in transaction mode (as through
 *   Supabase's pooler on port 6543).
 */
export type JobDatabase = 'pglite' | 'native' | 'pooler';

/** Why a target cannot run here (undefined when it can), for test names. */
export function jobDatabaseUnavailable(target: JobDatabase): string | undefined {
  if (target === 'native') return nativeUnavailable;
  if (target === 'pooler') return poolerUnavailable;
  return undefined;
}

export const JOB_DATABASE_NAMES: Record<JobDatabase, string> = {
  pglite: 'PGlite over its socket',
  native: 'native Postgres',
  pooler: 'native Postgres through pgbouncer (transaction mode)',
};

interface OpenedJobDatabase {
  db: Database;
  databaseUrl: string;
  databaseName: string | undefined;
  poolMax: number;
  close(): Promise<void>;
}

async function openJobDatabase(target: JobDatabase): Promise<OpenedJobDatabase> {
  if (target === 'pglite') {
    const pg: PGlite = await createPglite('memory://');
    const db = pgliteDatabase(pg, { describe: 'the in-memory test database' });
    await migrate(db);
    const server = new PGLiteSocketServer({ db: pg, host: '127.0.0.1', port: 0 });
    await server.start();
    return {
      db,
      databaseUrl: `postgres://postgres@${server.getServerConn()}/postgres`,
      databaseName: undefined,
      poolMax: 1,
      close: async () => {
        await server.stop();
        await pg.close();
      },
    };
  }
  const created = await createNativeDatabase();
  const db = await openPostgresDatabase({ url: created.url, maxConnections: 2 });
  return {
    db,
    databaseUrl: target === 'pooler' ? (created.poolerUrl as string) : created.url,
    databaseName: created.name,
    poolMax: 4,
    close: () => db.close().finally(created.drop),
  };
}

export async function startJobHarness(target: JobDatabase = 'pglite'): Promise<JobHarness> {
  const database = await openJobDatabase(target);
  const { db, databaseUrl } = database;
  const storage = await startFakeSupabaseStorage();
  const llm = await startFakeAnthropic({ apiKey: LLM_KEY });
  const delays = { profileMs: 0, factsMs: 0 };
  llm.handle((request) => {
    const system = JSON.stringify(request.body.system ?? '');
    if (system.includes('durable facts')) {
      return messageReply({
        delayMs: delays.factsMs,
        text: JSON.stringify({
          facts: [
            {
              category: 'relationships',
              fact: 'Has a sister, Femke',
              evidence: 'My sister Femke',
              conversationId: 1,
            },
            {
              category: 'identity',
              fact: 'Lives in Ghent',
              evidence: 'I live in Ghent',
              conversationId: 1,
            },
          ],
        }),
        usage: { input_tokens: 1200, output_tokens: 80 },
      });
    }
    return messageReply({
      text: JSON.stringify(validSoulprintJson()),
      usage: { input_tokens: 5000, output_tokens: 600 },
    });
  });
  const embeddings = await startFakeOpenAiEmbeddings();
  const env = {
    DATABASE_URL: databaseUrl,
    DATABASE_POOL_MAX: String(database.poolMax),
    SUPABASE_URL: storage.url,
    SUPABASE_SERVICE_ROLE_KEY: storage.key,
    ANTHROPIC_API_KEY: LLM_KEY,
    ANTHROPIC_BASE_URL: llm.url,
    LLM_MAX_ATTEMPTS: '2',
    EMBEDDING_BASE_URL: embeddings.baseUrl,
    EMBEDDING_API_KEY: 'embedding-key-for-tests',
    EMBEDDING_MODEL: 'fake-embed-1024',
    // Small enough that the sample export gets its own search index on native Postgres.
    SEARCH_INDEX_MIN_CHUNKS: '100',
  };
  return {
    target,
    db,
    databaseUrl,
    databaseName: database.databaseName,
    storage,
    llm,
    embeddings,
    env,
    delays,
    close: async () => {
      await Promise.all([storage.close(), llm.close(), embeddings.close()]);
      await database.close();
    },
  };
}

/** A user and a queued job for `storagePath`, as the dispatcher would create them. */
export async function queueJob(
  harness: JobHarness,
  storagePath: string,
  userId: string = randomUUID(),
) {
  const jobId = randomUUID();
  await ensureLocalUser(harness.db, userId);
  await createJob(harness.db, { id: jobId, userId, storagePath, launcher: 'local' });
  await startImport(harness.db, { userId, importId: jobId });
  return { jobId, userId };
}

/** Puts a stopped job back in the queue for a retry (what the dispatcher's reconciler does). */
export async function requeue(harness: JobHarness, jobId: string): Promise<void> {
  await harness.db.query(
    `update public.import_jobs set status = 'queued', finished_at = null, attempt = attempt + 1 where id = $1`,
    [jobId],
  );
}

export interface JobRun {
  exitCode: number | undefined;
  stdout: string;
  stderr: string;
  /** The JSON log lines on stdout. */
  logs: Array<Record<string, unknown>>;
}

/** Starts `run --job-id` as a child process; `onLog` sees each JSON log line as it comes. */
export function startJob(
  harness: JobHarness,
  jobId: string,
  options: {
    env?: Record<string, string>;
    onLog?: (line: Record<string, unknown>, child: ResultPromise) => void;
  } = {},
): Promise<JobRun> {
  const child = execa('node', [MAIN, 'run', '--job-id', jobId], {
    reject: false,
    env: { ...harness.env, ...options.env },
    extendEnv: false,
  });
  const logs: Array<Record<string, unknown>> = [];
  let pending = '';
  child.stdout?.on('data', (data: Buffer) => {
    pending += data.toString();
    let newline = pending.indexOf('\n');
    while (newline !== -1) {
      const line = pending.slice(0, newline);
      pending = pending.slice(newline + 1);
      newline = pending.indexOf('\n');
      try {
        const parsed = JSON.parse(line);
        logs.push(parsed);
        options.onLog?.(parsed, child);
      } catch {
        // not a log line
      }
    }
  });
  return child.then((result) => ({
    exitCode: result.exitCode,
    stdout: String(result.stdout),
    stderr: String(result.stderr),
    logs,
  }));
}

export async function profileOf(harness: JobHarness, userId: string) {
  const [row] = await harness.db.query<Record<string, unknown>>(
    `select import_status, progress_percent, import_stage, import_error, full_pass_status, ai_name,
            archetype, soulprint, memory_md, soulprint_text, total_chunks, total_facts,
            active_import_id::text, import_cost, embedding_model
       from public.user_profiles where user_id = $1`,
    [userId],
  );
  return row!;
}

export async function jobOf(harness: JobHarness, jobId: string) {
  const [row] = await harness.db.query<Record<string, unknown>>(
    `select status, exit_code, error_code, error_message, progress, stage, metrics, checkpoint, heartbeat_at
       from public.import_jobs where id = $1`,
    [jobId],
  );
  return row!;
}

export async function chunkCounts(harness: JobHarness, userId: string) {
  const rows = await harness.db.query<{
    import_id: string;
    tier: string;
    n: number;
    unembedded: number;
  }>(
    `select import_id::text, chunk_tier as tier, count(*)::int as n,
            count(*) filter (where embedding is null)::int as unembedded
       from public.conversation_chunks where user_id = $1 group by 1, 2 order by 1, 2`,
    [userId],
  );
  return rows;
}

/** The import's own search index, if it has one: whether it is valid. */
export async function searchIndexOf(harness: JobHarness, importId: string) {
  const [row] = await harness.db.query<{ valid: boolean }>(
    `select i.indisvalid as valid from pg_catalog.pg_index i
      where i.indexrelid = pg_catalog.to_regclass('public.' || public.chunk_search_index_name($1::uuid))`,
    [importId],
  );
  return row ? { valid: row.valid } : null;
}
