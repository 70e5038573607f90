import { z } from 'zod';

/**
 * What a stopped import already finished, stored in import_jobs.checkpoint so a re-run of the
 * same job resumes: no second quick pass, no chunk saved or embedded twice (the chunk stage is
 * idempotent by id and skips embedded chunks anyway), no second fact extraction.
 */
export const checkpointSchema = z.object({
  quickPassDone: z.boolean().default(false),
  chunksDone: z.boolean().default(false),
  fullPassDone: z.boolean().default(false),
  /** "provider:model" that embedded the saved chunks: a resume must use the same one. */
  embeddingModel: z.string().nullable().default(null),
});

export type ImportCheckpoint = z.output<typeof checkpointSchema>;

/** The stored checkpoint, or a fresh one when there is none or it is unreadable. */
export function readCheckpoint(stored: unknown): ImportCheckpoint {
  const parsed = checkpointSchema.safeParse(stored ?? {});
  return parsed.success ? parsed.data : checkpointSchema.parse({});
}
