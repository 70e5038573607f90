import { loadDatabaseConfig, openDatabase } from '../../core/db/index.js';
import {
  dropUnusedSearchIndexes,
  ensureSearchIndex,
  largeActiveImports,
} from '../../core/db/search-index.js';
import { AppError } from '../../core/errors.js';
import { type CommandContext, writeLine } from './cli-io.js';
import { parseCommandArgs, usageError } from './parse-command-args.js';

export const SEARCH_INDEXES_USAGE = `Usage: search-indexes

Builds the search index (an HNSW index of its own, see infra/db/README.md) of every user's
active import with at least SEARCH_INDEX_MIN_CHUNKS chunks that lacks one, then drops the
indexes no active or current import uses. Jobs do this for each import they complete; run it
once after the migration 20261204000101 on a database that already holds imports. Postgres
only (DATABASE_URL); safe to run again and while imports run.`;

export async function searchIndexesCommand(
  args: string[],
  { io, env }: CommandContext,
): Promise<number> {
  const { positionals } = parseCommandArgs(args, {}, SEARCH_INDEXES_USAGE);
  if (positionals.length > 0) throw usageError(SEARCH_INDEXES_USAGE);
  const config = loadDatabaseConfig(env);
  if (config.kind !== 'postgres') {
    throw new AppError(
      'CONFIG_INVALID',
      'search-indexes needs DATABASE_URL: the embedded database searches exactly and has no search indexes.',
      { kind: 'config' },
    );
  }
  const minChunks = config.searchIndexMinChunks;
  const db = await openDatabase(config);
  try {
    if (minChunks !== null) {
      for (const ref of await largeActiveImports(db, minChunks)) {
        const result = await ensureSearchIndex(db, { ...ref, minChunks });
        writeLine(
          io.stdout,
          `${result.outcome === 'built' ? 'built' : 'kept'} ${result.name} (${result.chunks} chunks, ${(result.ms / 1000).toFixed(1)} s)`,
        );
      }
    }
    const dropped = await dropUnusedSearchIndexes(db);
    for (const name of dropped) writeLine(io.stdout, `dropped ${name}`);
  } finally {
    await db.close();
  }
  return 0;
}
