import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../core/errors.js';
import { DEFAULT_RETRY_POLICY } from '../../core/retry.js';
import { Secret } from '../../core/secret.js';
import {
  type FakeSupabaseStorage,
  startFakeSupabaseStorage,
} from '../../test/fakes/fake-supabase-storage.js';
import { fetchUpload } from './fetch-upload.js';
import { loadStorageConfig } from './storage-config.js';

const fast = { ...DEFAULT_RETRY_POLICY, baseDelayMs: 1, maxDelayMs: 5 };
let storage: FakeSupabaseStorage;
let dir: string;
const upload = randomBytes(3 * 1024 * 1024 + 17);

beforeAll(async () => {
  storage = await startFakeSupabaseStorage();
  storage.objects.set('imports/user-1/export.zip', upload);
  dir = await mkdtemp(join(tmpdir(), 'soulprint-fetch-'));
});
afterAll(async () => {
  await storage.close();
  await rm(dir, { recursive: true, force: true });
});

const supabase = () => ({
  kind: 'supabase' as const,
  url: storage.url,
  serviceRoleKey: new Secret(storage.key),
  timeoutMs: 2000,
});

async function failure(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected an error');
}

describe('fetching from Supabase Storage', () => {
  it('streams the object to a temp file with the service role key, and cleans it up', async () => {
    const fetched = await fetchUpload(supabase(), 'imports/user-1/export.zip', {
      retryPolicy: fast,
    });
    expect(fetched.bytes).toBe(upload.length);
    expect((await readFile(fetched.path)).equals(upload)).toBe(true);
    expect(storage.requests.at(-1)?.path).toBe(
      '/storage/v1/object/authenticated/imports/user-1/export.zip',
    );
    await fetched.cleanup();
    await expect(readFile(fetched.path)).rejects.toThrow();
  });

  it('resumes with Range after the connection drops, and retries a 503', async () => {
    storage.fail({ dropAfterBytes: 1_000_000 }, { status: 503 }, { dropAfterBytes: 500_000 });
    const before = storage.requests.length;
    const fetched = await fetchUpload(supabase(), 'imports/user-1/export.zip', {
      retryPolicy: fast,
    });
    expect((await readFile(fetched.path)).equals(upload)).toBe(true);
    const ranges = storage.requests.slice(before).map((r) => r.headers.range ?? null);
    expect(ranges[0]).toBeNull();
    expect(ranges.slice(1).every((r) => r?.startsWith('bytes='))).toBe(true);
    // Each resume starts where the bytes actually received end.
    const offsets = ranges.slice(1).map((r) => Number(/bytes=(\d+)-/.exec(r ?? '')?.[1]));
    expect(offsets.every((o, i) => o > 0 && o >= (offsets[i - 1] ?? 0))).toBe(true);
    await fetched.cleanup();
  });

  it('says "upload not found" (bad input) for a missing object, without retrying', async () => {
    const before = storage.requests.length;
    const error = await failure(
      fetchUpload(supabase(), 'imports/user-1/missing.zip', { retryPolicy: fast }),
    );
    expect(error).toMatchObject({ code: 'UPLOAD_NOT_FOUND', kind: 'bad_input' });
    expect(storage.requests.length - before).toBe(1);
  });

  it('gives up with a retryable upstream error when Storage stays down, never showing the key', async () => {
    storage.fail(...Array.from({ length: 10 }, () => ({ status: 500 })));
    const error = await failure(
      fetchUpload(supabase(), 'imports/user-1/export.zip', { retryPolicy: fast }),
    );
    expect(error).toMatchObject({ code: 'STORAGE_UNAVAILABLE', kind: 'upstream', retryable: true });
    expect(error.message).not.toContain(storage.key);
    storage.fail(); // nothing left queued by this test
  });

  it('reports a rejected key as a configuration problem', async () => {
    const config = { ...supabase(), serviceRoleKey: new Secret('wrong') };
    const error = await failure(
      fetchUpload(config, 'imports/user-1/export.zip', { retryPolicy: fast }),
    );
    expect(error).toMatchObject({ code: 'STORAGE_REJECTED', kind: 'config' });
    expect(error.message).toContain('SUPABASE_SERVICE_ROLE_KEY');
  });
});

describe('local storage', () => {
  it('reads an upload inside the storage folder and refuses paths that lead out of it', async () => {
    const root = join(dir, 'storage');
    await mkdir(join(root, 'imports', 'u'), { recursive: true });
    await writeFile(join(root, 'imports', 'u', 'export.zip'), 'x');
    await writeFile(join(dir, 'secret.txt'), 'not yours');
    await symlink(join(dir, 'secret.txt'), join(root, 'imports', 'u', 'link.zip'));
    const config = loadStorageConfig({ SOULPRINT_STORAGE_DIR: root });
    const fetched = await fetchUpload(config, 'imports/u/export.zip');
    expect(fetched.path).toContain(join('imports', 'u', 'export.zip'));
    for (const bad of [
      '../secret.txt',
      'imports/../../secret.txt',
      '/etc/passwd',
      'imports/u/link.zip',
      'imports/u/none.zip',
    ]) {
      expect((await failure(fetchUpload(config, bad))).code).toBe('UPLOAD_NOT_FOUND');
    }
  });

  it('needs the service role key with SUPABASE_URL', () => {
    expect(() => loadStorageConfig({ SUPABASE_URL: 'https://x.supabase.co' })).toThrow(
      /SUPABASE_SERVICE_ROLE_KEY/,
    );
  });
});
