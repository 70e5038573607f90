import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { resolveLocalUpload } from './local-upload.js';
import type { StorageConfig } from './storage-config.js';
import { type DownloadOptions, downloadFromSupabase } from './supabase-download.js';

export interface FetchedUpload {
  /** A local file to read the export from. */
  path: string;
  bytes: number;
  /** Removes what fetching created (a downloaded temp file); safe to call twice. */
  cleanup(): Promise<void>;
}

/**
 * Makes the upload behind `storagePath` readable as a local file: downloaded from Supabase
 * Storage to a temp folder, or found in the local storage folder (read in place).
 */
export async function fetchUpload(
  storage: StorageConfig,
  storagePath: string,
  options: DownloadOptions = {},
): Promise<FetchedUpload> {
  if (storage.kind === 'local') {
    const file = await resolveLocalUpload(storage.dir, storagePath);
    return { path: file, bytes: 0, cleanup: async () => {} };
  }
  const dir = await mkdtemp(path.join(tmpdir(), 'soulprint-upload-'));
  const cleanup = () => rm(dir, { recursive: true, force: true });
  try {
    const file = path.join(dir, safeName(storagePath));
    const { bytes } = await downloadFromSupabase(storage, storagePath, file, options);
    return { path: file, bytes, cleanup };
  } catch (error) {
    await cleanup();
    throw error;
  }
}

/** The object's file name, reduced to safe characters (the reader sniffs content, not names). */
function safeName(storagePath: string): string {
  const base = storagePath.split('/').pop() ?? 'upload';
  return base.replace(/[^\w.-]+/g, '_').slice(0, 100) || 'upload';
}
