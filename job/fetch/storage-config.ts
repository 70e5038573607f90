import { z } from 'zod';
import { type Env, parseEnv, positiveIntEnv } from '../../core/env.js';
import { Secret } from '../../core/secret.js';

/**
 * Where uploads come from: Supabase Storage when SUPABASE_URL is set (with the service role key),
 * else a local folder (SOULPRINT_STORAGE_DIR), which is what the dispatcher's local mode uses.
 * A storage path is `<bucket>/<object path>`, e.g. `imports/<user id>/export.zip`.
 */
export type StorageConfig =
  | { kind: 'supabase'; url: string; serviceRoleKey: Secret; timeoutMs: number }
  | { kind: 'local'; dir: string };

const schema = z
  .object({
    SUPABASE_URL: z
      .url({ message: 'expected the project URL, e.g. https://<ref>.supabase.co' })
      .optional(),
    SUPABASE_SERVICE_ROLE_KEY: z.string().optional(),
    SOULPRINT_STORAGE_DIR: z.string().default('./storage'),
    STORAGE_TIMEOUT_MS: positiveIntEnv.default(60_000),
  })
  .refine((env) => env.SUPABASE_URL === undefined || env.SUPABASE_SERVICE_ROLE_KEY !== undefined, {
    message: 'is required when SUPABASE_URL is set (Supabase → Project settings → API keys)',
    path: ['SUPABASE_SERVICE_ROLE_KEY'],
  });

export function loadStorageConfig(env: Env): StorageConfig {
  const parsed = parseEnv(schema, env);
  if (parsed.SUPABASE_URL !== undefined) {
    return Object.freeze({
      kind: 'supabase',
      url: parsed.SUPABASE_URL.replace(/\/+$/, ''),
      serviceRoleKey: new Secret(parsed.SUPABASE_SERVICE_ROLE_KEY!),
      timeoutMs: parsed.STORAGE_TIMEOUT_MS,
    });
  }
  return Object.freeze({ kind: 'local', dir: parsed.SOULPRINT_STORAGE_DIR });
}
