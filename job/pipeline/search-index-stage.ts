import { dropUnusedSearchIndexes, ensureSearchIndex } from '../../core/db/search-index.js';
import { toAppError } from '../../core/errors.js';
import type { ImportRun } from './import-run.js';

/**
 * A large import's own vector index (core/db/search-index.ts), built in one pass once its
 * chunks are saved, while the full pass runs, so that searches use it from the moment the
 * switch makes the import active. Without it searches are exact, only slower, so a failure to
 * build it is logged and never fails the import (an operator can build it later:
 * `node dist/job/main.js search-indexes`). A stop does not wait for a build in flight: the
 * server finishes it, or leaves it invalid for the next run to drop and build again.
 */
export function startSearchIndex(
  run: ImportRun,
  minChunks: number | null,
): { finished: Promise<void> } {
  if (minChunks === null) return { finished: Promise.resolve() };
  const building = run
    .timed('index', () => ensureSearchIndex(run.db, { ...run.ref, minChunks }))
    .then(
      (result) => {
        run.log.info({ msg: 'search index', ...result });
      },
      (thrown: unknown) => {
        const error = toAppError(thrown);
        run.log.warn({ msg: 'search index not built', code: error.code });
      },
    );
  const stopped = new Promise<void>((resolve) => {
    if (run.signal?.aborted) resolve();
    run.signal?.addEventListener('abort', () => resolve(), { once: true });
  });
  return { finished: Promise.race([building, stopped]) };
}

/** After the switch: the indexes of imports no user reads or writes any more go. */
export async function dropReplacedSearchIndexes(run: ImportRun): Promise<void> {
  try {
    const dropped = await dropUnusedSearchIndexes(run.db);
    if (dropped.length > 0) run.log.info({ msg: 'search indexes dropped', count: dropped.length });
  } catch (thrown) {
    run.log.warn({ msg: 'search indexes not dropped', code: toAppError(thrown).code });
  }
}
