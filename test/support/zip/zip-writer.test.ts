import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { crc32, deflateRawSync, inflateRawSync } from 'node:zlib';
import StreamZip from 'node-stream-zip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_ZIP_DATE, toDosDateTime } from './dos-time.js';
import { assertFits } from './zip-records.js';
import { ZipWriter } from './zip-writer.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'zip-writer-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const stored = Buffer.from('hello, stored world\n');
const deflated = Buffer.from('the quick brown fox jumps over the lazy dog. '.repeat(400));
const streamedChunks = Array.from({ length: 64 }, (_, i) =>
  Buffer.from(`chunk ${i}: ${'lorem ipsum dolor sit amet '.repeat(200)}\n`),
);
const streamedWhole = Buffer.concat(streamedChunks);

async function* slowly(chunks: Buffer[]): AsyncGenerator<Buffer> {
  for (const chunk of chunks) {
    await new Promise((resolve) => setImmediate(resolve));
    yield chunk;
  }
}

async function writeSample(target: string | PassThrough): Promise<void> {
  const zip = new ZipWriter(target);
  await zip.addDirectory('export');
  await zip.addEntry('export/stored.txt', stored, { method: 'store' });
  await zip.addEntry('export/deflated.txt', deflated);
  await zip.addEntry('export/streamed.json', slowly(streamedChunks));
  await zip.addEntry('export/streamed-stored.bin', streamedChunks.slice(0, 3), { method: 'store' });
  await zip.addEntry('export/café.txt', 'naïve text');
  await zip.finish();
}

function tool(command: string, args: string[]): string | null {
  try {
    return execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

describe('ZipWriter', () => {
  it('writes stored, deflated and streamed entries that node-stream-zip reads back', async () => {
    const file = join(dir, 'sample.zip');
    await writeSample(file);
    const zip = new StreamZip.async({ file });
    try {
      const entries = await zip.entries();
      expect(Object.keys(entries)).toEqual([
        'export/',
        'export/stored.txt',
        'export/deflated.txt',
        'export/streamed.json',
        'export/streamed-stored.bin',
        'export/café.txt',
      ]);
      const expected: Record<string, { data: Buffer; method: number; descriptor: boolean }> = {
        'export/stored.txt': { data: stored, method: 0, descriptor: false },
        'export/deflated.txt': { data: deflated, method: 8, descriptor: false },
        'export/streamed.json': { data: streamedWhole, method: 8, descriptor: true },
        'export/streamed-stored.bin': {
          data: Buffer.concat(streamedChunks.slice(0, 3)),
          method: 0,
          descriptor: true,
        },
        'export/café.txt': { data: Buffer.from('naïve text'), method: 8, descriptor: false },
      };
      for (const [name, want] of Object.entries(expected)) {
        const entry = entries[name]!;
        expect(entry.method, name).toBe(want.method);
        expect(entry.size, name).toBe(want.data.length);
        expect(entry.crc >>> 0, name).toBe(crc32(want.data));
        expect(Boolean(entry.flags & 0x08), name).toBe(want.descriptor);
        expect((await zip.entryData(name)).equals(want.data), name).toBe(true);
      }
      expect(entries['export/deflated.txt']!.compressedSize).toBeLessThan(deflated.length / 10);
      expect(entries['export/']!.isDirectory).toBe(true);
    } finally {
      await zip.close();
    }
  });

  it('passes unzip -t and python zipfile -t when those tools exist', async () => {
    const file = join(dir, 'tools.zip');
    await writeSample(file);
    const unzip = tool('unzip', ['-t', file]);
    if (unzip !== null) expect(unzip).toMatch(/No errors detected/);
    const listing = tool('unzip', ['-l', file]);
    if (listing !== null) expect(listing).toMatch(/export\/streamed\.json/);
    const python = tool('python3', ['-m', 'zipfile', '-t', file]);
    if (python !== null) expect(python).toMatch(/Done testing/);
  });

  it('is byte-for-byte deterministic, to a stream or a file', async () => {
    const first = join(dir, 'a.zip');
    await writeSample(first);
    const sink = new PassThrough();
    const parts: Buffer[] = [];
    sink.on('data', (chunk: Buffer) => parts.push(chunk));
    await writeSample(sink);
    expect(Buffer.concat(parts).equals(await readFile(first))).toBe(true);
  });

  it('uses the fixed DOS timestamp unless told otherwise', async () => {
    expect(toDosDateTime(DEFAULT_ZIP_DATE)).toEqual({ time: 0, date: (46 << 9) | (1 << 5) | 1 });
    const file = join(dir, 'dated.zip');
    const zip = new ZipWriter(file, { modifiedAt: new Date(Date.UTC(2024, 5, 30, 13, 45, 10)) });
    await zip.addEntry('a.txt', 'a');
    await zip.finish();
    const bytes = await readFile(file);
    expect(bytes.readUInt16LE(10)).toBe((13 << 11) | (45 << 5) | 5);
    expect(bytes.readUInt16LE(12)).toBe((44 << 9) | (6 << 5) | 30);
  });

  it('writes declared lies for hostile-archive tests', async () => {
    const file = join(dir, 'hostile.zip');
    const bomb = deflateRawSync(Buffer.alloc(1_000_000));
    const zip = new ZipWriter(file);
    await zip.addEntry('bomb.json', bomb, { raw: true, declaredUncompressedSize: 100 });
    await zip.addEntry('bzip.bin', Buffer.from('BZh9 not really'), { methodNumber: 12 });
    await zip.addEntry('secret.txt', 'plain', { encryptedFlag: true, declaredCrc: 0x12345678 });
    await zip.addEntry('link', 'target', { method: 'store', unixMode: 0o120777 });
    await zip.finish();

    const reader = new StreamZip.async({ file });
    try {
      const entries = await reader.entries();
      expect(entries['bomb.json']!.size).toBe(100);
      expect(entries['bomb.json']!.compressedSize).toBe(bomb.length);
      expect(inflateRawSync(bomb).length).toBe(1_000_000);
      expect(entries['bzip.bin']!.method).toBe(12);
      expect(entries['bzip.bin']!.compressedSize).toBe('BZh9 not really'.length);
      expect(entries['secret.txt']!.encrypted).toBe(true);
      expect(entries['secret.txt']!.crc >>> 0).toBe(0x12345678);
      expect(entries.link!.attr >>> 16).toBe(0o120777);
    } finally {
      await reader.close();
    }
    const bytes = await readFile(file);
    expect(bytes.readUInt32LE(22)).toBe(100); // local header of the first entry lies too
  });

  it('refuses sizes that would need ZIP64', async () => {
    expect(() => assertFits('uncompressed size', 2 ** 32, 'big.bin')).toThrow(/ZIP64/);
    expect(() => assertFits('uncompressed size', 2 ** 32 - 1, 'ok.bin')).not.toThrow();
    const zip = new ZipWriter(join(dir, 'closed.zip'));
    await zip.finish();
    await expect(zip.addEntry('late.txt', 'x')).rejects.toThrow(/after finish/);
  });
});
