import { recentSinceFor } from '../chunk/chunk-rows.js';
import type { Embedder } from '../embed/embedder.js';
import { EmbeddingUsage } from '../embed/embedding-usage.js';
import type { ReadExportOptions } from '../export/read-export.js';
import type { ImportRun } from './import-run.js';
import { stagePercent } from './import-stages.js';
import { type SaveChunksProgress, saveConversationChunks } from './save-conversation-chunks.js';
import { type ConversationObserver, observedConversations } from './scan-export.js';

export interface ChunkStageInput {
  exportPath: string;
  readOptions: Partial<ReadExportOptions>;
  embedder: Embedder;
  /** The export's newest message (from the scan), for `is_recent`. */
  newestMessageAt: number | null;
  /** The full pass's collectors, fed by this same read. */
  observers: readonly ConversationObserver[];
  /** While the quick pass runs, progress stays below its 40 %. */
  quickDone: () => boolean;
}

/**
 * The second read of the export: chunk + embed + save (40→60 %), feeding the full pass's
 * collectors on the way. When an earlier run of this import saved every chunk, only the
 * collectors are fed.
 */
export async function runChunkStage(
  run: ImportRun,
  input: ChunkStageInput,
): Promise<{ saved: SaveChunksProgress | null; usage: EmbeddingUsage }> {
  const usage = new EmbeddingUsage();
  const onProgress = (fraction: number) => {
    const percent = input.quickDone()
      ? stagePercent('chunk', fraction)
      : stagePercent('quick', fraction * 0.95);
    run.progress.set(percent, false);
    run.progress.check();
  };
  const conversations = observedConversations(input.exportPath, input.observers, {
    readOptions: input.readOptions,
    ...run.signalOption,
    onProgress,
  });
  const saved = await run.timed('chunk', async () => {
    if (run.checkpoint.chunksDone) {
      for await (const _ of conversations) {
        // The chunks were saved before the stop; only the collectors need this read.
      }
      return null;
    }
    return saveConversationChunks(conversations, {
      db: run.db,
      embedder: input.embedder,
      usage,
      ...run.ref,
      recentSince: recentSinceFor(input.newestMessageAt),
      ...run.signalOption,
      onDatabaseRetry: (error) =>
        run.log.warn({ msg: 'database call retried', stage: 'chunk', code: error.code }),
    });
  });
  if (saved) await run.saveCheckpoint({ chunksDone: true });
  return { saved, usage };
}
