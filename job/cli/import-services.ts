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
