import { createWriteStream } from 'node:fs';
import { stat, statfs, truncate } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AppError, badInput } from '../../core/errors.js';
import {
  DEFAULT_RETRY_POLICY,
  isRetryableStatus,
  parseRetryAfter,
  type RetryPolicy,
  throwIfAborted,
  withRetry,
} from '../../core/retry.js';
import type { StorageConfig } from './storage-config.js';

type SupabaseStorage = Extract<StorageConfig, { kind: 'supabase' }>;

export interface DownloadOptions {
  signal?: AbortSignal;
  /** Bytes written so far and the total when known. */
  onProgress?: (bytes: number, total: number | null) => void;
  retryPolicy?: RetryPolicy;
}

/** Room to leave on the disk besides the file itself. */
const DISK_MARGIN_BYTES = 64 * 1024 * 1024;
const DOWNLOAD_RETRY: RetryPolicy = { ...DEFAULT_RETRY_POLICY, maxAttempts: 6 };

/**
 * Streams an object from Supabase Storage to `file` (never holding it in memory; supabase-js
 * `download()` would buffer the whole export). Checks the free disk space against
 * Content-Length first; after a dropped connection it resumes where it stopped with `Range`;
 * retries 5xx and timeouts with the project's retry policy. A missing object (Storage answers
 * 400 with statusCode "404") is bad input: "upload not found".
 */
export async function downloadFromSupabase(
  storage: SupabaseStorage,
  storagePath: string,
  file: string,
  options: DownloadOptions = {},
): Promise<{ bytes: number }> {
  const url = objectUrl(storage.url, storagePath);
  let total: number | null = null;
  await withRetry(
    async () => {
      // An idle timeout: a large upload may take long, but not stall for longer than this.
      const idle = new AbortController();
      let timer = setTimeout(() => idle.abort(new Error('timed out')), storage.timeoutMs);
      const touch = () => {
        clearTimeout(timer);
        timer = setTimeout(() => idle.abort(new Error('timed out')), storage.timeoutMs);
      };
      const signal = AbortSignal.any([idle.signal, ...(options.signal ? [options.signal] : [])]);
      try {
        await transfer(touch, signal);
      } finally {
        clearTimeout(timer);
      }
    },
    {
      policy: options.retryPolicy ?? DOWNLOAD_RETRY,
      ...(options.signal ? { signal: options.signal } : {}),
    },
  );
  return { bytes: await sizeOf(file) };

  async function transfer(touch: () => void, signal: AbortSignal): Promise<void> {
    const offset = await sizeOf(file);
    const headers: Record<string, string> = {
      authorization: `Bearer ${storage.serviceRoleKey.reveal()}`,
      apikey: storage.serviceRoleKey.reveal(),
    };
    if (offset > 0) headers.range = `bytes=${offset}-`;
    let response: Response;
    try {
      response = await fetch(url, { headers, signal });
    } catch (error) {
      throwIfAborted(options.signal);
      throw unavailable(`could not reach Supabase Storage (${describe(error)})`, error);
    }
    await refuseFailure(response, storagePath);
    const resumed = response.status === 206;
    if (!resumed && offset > 0) await truncate(file, 0);
    const start = resumed ? offset : 0;
    const length = Number(response.headers.get('content-length'));
    if (Number.isFinite(length) && length >= 0) {
      total = start + length;
      if (!resumed) await checkFreeSpace(path.dirname(file), length);
    }
    if (!response.body) throw unavailable('Supabase Storage sent no content', undefined);
    let written = start;
    const body = Readable.fromWeb(response.body as import('node:stream/web').ReadableStream);
    body.on('data', (chunk: Buffer) => {
      written += chunk.length;
      touch();
      options.onProgress?.(written, total);
    });
    try {
      await pipeline(body, createWriteStream(file, { flags: resumed ? 'a' : 'w' }));
    } catch (error) {
      throwIfAborted(options.signal);
      throw unavailable(`the download was cut off after ${written} bytes`, error);
    }
    if (total !== null && written !== total) {
      throw unavailable(`the download ended after ${written} of ${total} bytes`, undefined);
    }
  }
}

/** `GET /storage/v1/object/authenticated/{bucket}/{path}`, each segment URL-encoded. */
export function objectUrl(baseUrl: string, storagePath: string): string {
  const segments = storagePath.split('/').filter((s) => s.length > 0);
  if (segments.length < 2)
    throw badInput('UPLOAD_NOT_FOUND', `"${storagePath}" is not a <bucket>/<path> storage path.`);
  return `${baseUrl}/storage/v1/object/authenticated/${segments.map(encodeURIComponent).join('/')}`;
}

async function refuseFailure(response: Response, storagePath: string): Promise<void> {
  if (response.ok) return;
  const text = await response.text().catch(() => '');
  const storageStatus = /"statusCode"\s*:\s*"?(\d+)/.exec(text)?.[1];
  if (response.status === 404 || storageStatus === '404') {
    throw badInput(
      'UPLOAD_NOT_FOUND',
      `The upload "${storagePath}" was not found in storage. Upload the export again.`,
    );
  }
  if (response.status === 401 || response.status === 403 || storageStatus === '403') {
    throw new AppError(
      'STORAGE_REJECTED',
      `Supabase Storage refused the download (HTTP ${response.status}). Check SUPABASE_SERVICE_ROLE_KEY and SUPABASE_URL.`,
      { kind: 'config' },
    );
  }
  if (isRetryableStatus(response.status)) {
    const retryAfterMs = parseRetryAfter(response.headers);
    throw new AppError(
      'STORAGE_UNAVAILABLE',
      `Supabase Storage answered HTTP ${response.status}.`,
      {
        kind: 'upstream',
        ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
      },
    );
  }
  throw new AppError(
    'STORAGE_REJECTED',
    `Supabase Storage refused the download (HTTP ${response.status}).`,
    {
      kind: 'upstream',
      retryable: false,
    },
  );
}

async function checkFreeSpace(dir: string, bytes: number): Promise<void> {
  const fs = await statfs(dir);
  const free = fs.bavail * fs.bsize;
  if (free < bytes + DISK_MARGIN_BYTES) {
    throw new AppError(
      'STORAGE_NO_SPACE',
      `The upload is ${Math.ceil(bytes / 1024 ** 2)} MB but only ${Math.floor(free / 1024 ** 2)} MB of disk is free for it; give the job more ephemeral storage.`,
      { kind: 'upstream', retryable: false },
    );
  }
}

async function sizeOf(file: string): Promise<number> {
  return (await stat(file).catch(() => null))?.size ?? 0;
}

function unavailable(detail: string, cause: unknown): AppError {
  return new AppError('STORAGE_UNAVAILABLE', `Downloading the upload failed: ${detail}.`, {
    kind: 'upstream',
    cause,
  });
}

function describe(error: unknown): string {
  const cause = (error as { cause?: { code?: string } }).cause;
  if (cause?.code) return cause.code;
  return error instanceof Error && error.name === 'TimeoutError' ? 'timed out' : 'network error';
}
