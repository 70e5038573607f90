import { z } from 'zod';
import { boolEnv, bytesEnv, type Env, parseEnv } from '../core/env.js';
import { DEFAULT_MAX_CONVERSATION_BYTES, DEFAULT_MAX_ENTRY_BYTES } from './export/read-limits.js';

/** The job's settings from the environment, parsed once at start. */
const jobEnvSchema = z.object({
  /** A single conversation larger than this is skipped and counted, never fatal. */
  SOULPRINT_MAX_CONVERSATION_BYTES: bytesEnv.default(DEFAULT_MAX_CONVERSATION_BYTES),
  /** A conversations file inside a ZIP that inflates past this is refused (ZIP bomb guard). */
  SOULPRINT_MAX_ENTRY_BYTES: bytesEnv.default(DEFAULT_MAX_ENTRY_BYTES),
  /** The import_jobs row `run` works on, when no --job-id is given (what launchers set). */
  JOB_ID: z.uuid({ message: 'expected the import job id (a UUID)' }).optional(),
  /** Print the cause's stack for unexpected errors (never for bad input). */
  SOULPRINT_DEBUG: boolEnv.default(false),
});

export interface JobConfig {
  maxConversationBytes: number;
  maxEntryBytes: number;
  debug: boolean;
  jobId: string | undefined;
}

export function loadJobConfig(env: Env = process.env): JobConfig {
  const parsed = parseEnv(jobEnvSchema, env);
  return Object.freeze({
    maxConversationBytes: parsed.SOULPRINT_MAX_CONVERSATION_BYTES,
    maxEntryBytes: parsed.SOULPRINT_MAX_ENTRY_BYTES,
    debug: parsed.SOULPRINT_DEBUG,
    jobId: parsed.JOB_ID,
  });
}
