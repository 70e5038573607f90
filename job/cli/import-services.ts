import {
  type Database,
  type DatabaseConfig,
  loadDatabaseConfig,
  openDatabase,
} from '../../core/db/index.js';
import type { Env } from '../../core/env.js';
import { createLogger, type Logger, type LogLevel } from '../../core/log.js';
import type { Embedder } from '../embed/embedder.js';
import { createEmbedder, loadEmbeddingConfig } from '../embed/embedding-config.js';
import { createLlmCaller } from '../llm/create-llm-caller.js';
import type { LlmCaller } from '../llm/llm-caller.js';
import { loadLlmConfig } from '../llm/llm-config.js';
import type { ImportServices } from '../pipeline/run-import.js';
import type { CommandContext } from './cli-io.js';

export interface ImportServicesFromEnv {
  databaseConfig: DatabaseConfig;
  db: Database;
  embedder: Embedder;
  embeddingPricePerMTokUsd: number | null;
  llm: LlmCaller | null;
  logger: Logger;
}

/**
 * Everything an import talks to, configured from the environment (each part parsed once by its
 * own config module): the database (DATABASE_URL, else the embedded one in `dataDir`), the
 * embedder (lexical unless a provider is configured), the LLM (offline unless a key is set).
 * Configuration problems surface here, before any work starts.
 */
export async function openImportServices(
  env: Env,
  options: { dataDir?: string; logLevel: LogLevel; logFd: 1 | 2 },
): Promise<ImportServicesFromEnv> {
  const embeddingConfig = loadEmbeddingConfig(env);
  const embedder = createEmbedder(embeddingConfig);
  const llm = createLlmCaller(loadLlmConfig(env));
  const databaseConfig = loadDatabaseConfig(
    env,
    options.dataDir === undefined ? {} : { dataDir: options.dataDir },
  );
  const logger = createLogger({ service: 'job', level: options.logLevel, fd: options.logFd });
  const db = await openDatabase(databaseConfig);
  return {
    databaseConfig,
    db,
    embedder,
    embeddingPricePerMTokUsd: embeddingConfig.pricePerMTokUsd,
    llm,
    logger,
  };
}

/**
 * What `import` and `run` give the pipeline: the opened services, the export limits from the
 * configuration, the command's splitter thread and stop signal, and `extra` (a flag, progress).
 */
export function pipelineServices(
  opened: ImportServicesFromEnv,
  ctx: CommandContext,
  extra: {
    includeDoNotRemember?: boolean;
    progressOptions?: ImportServices['progressOptions'];
  } = {},
): ImportServices {
  const database = opened.databaseConfig;
  // PGlite (the embedded database, or the dispatcher's behind its socket) holds one person's
  // chunks and searches them exactly: no search indexes there.
  const server = database.kind === 'postgres' && opened.db.engine === 'postgres';
  return {
    db: opened.db,
    searchIndexMinChunks: server ? database.searchIndexMinChunks : null,
    embedder: opened.embedder,
    embeddingPricePerMTokUsd: opened.embeddingPricePerMTokUsd,
    llm: opened.llm,
    logger: opened.logger,
    readOptions: {
      maxConversationBytes: ctx.config.maxConversationBytes,
      maxEntryBytes: ctx.config.maxEntryBytes,
      ...(extra.includeDoNotRemember === undefined
        ? {}
        : { includeDoNotRemember: extra.includeDoNotRemember }),
      ...(ctx.splitter ? { splitter: ctx.splitter } : {}),
    },
    ...(ctx.signal ? { signal: ctx.signal } : {}),
    ...(extra.progressOptions ? { progressOptions: extra.progressOptions } : {}),
  };
}
