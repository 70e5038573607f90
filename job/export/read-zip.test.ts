import { mkdtemp, readFile, rm, stat, truncate } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { constants, deflateRawSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../core/errors.js';
import { exportFixture } from '../../test/support/fixtures.js';
import { ZipWriter } from '../../test/support/zip/zip-writer.js';
import { ExportReader } from './read-export.js';
import { readZipEntry } from './read-zip-entry.js';
import { listZipEntries } from './zip-archive.js';

const FIXTURE = exportFixture('librechat-export');

let dir: string;
let conversations: Array<Record<string, unknown>>;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'soulprint-zip-'));
  conversations = JSON.parse(await readFile(FIXTURE, 'utf8'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** One conversation titled `title`, with a unique id. */
function shard(...titles: string[]): string {
  return JSON.stringify(
    titles.map((title, i) => ({ ...conversations[1], id: `${title}-${i}`, title })),
  );
}

async function zip(
  name: string,
  entries: Array<[string, string | Buffer, object?]>,
): Promise<string> {
  const path = join(dir, name);
  const writer = new ZipWriter(path);
  for (const [entryName, data, options] of entries) await writer.addEntry(entryName, data, options);
  await writer.finish();
  return path;
}

async function titles(path: string): Promise<Array<string | null>> {
  const reader = await ExportReader.open(path);
  const out: Array<string | null> = [];
  for await (const item of reader.items())
    if (item.kind === 'conversation') out.push(item.conversation.title);
  return out;
}

async function failure(path: string, maxEntryBytes?: number): Promise<AppError> {
  try {
    const reader = await ExportReader.open(path, maxEntryBytes ? { maxEntryBytes } : {});
    for await (const _ of reader.items()) {
      // drain
    }
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected an error');
}

describe('export ZIPs', () => {
  it('reads 2026 shards in a subfolder in numeric order, ignoring macOS junk and media', async () => {
    const path = await zip('shards.zip', [
      ['Export/conversations-010.json', shard('ten')],
      ['Export/chat.html', '<html></html>'],
      ['__MACOSX/Export/._conversations-000.json', 'junk'],
      ['Export/conversations-002.json', shard('two-a', 'two-b'), { method: 'store' }],
      ['Export/CONVERSATIONS-000.JSON', shard('zero')],
      ['Export/file-abc.dat', Buffer.alloc(100, 7)],
      ['Export/._conversations-001.json', 'junk'],
      ['Export/conversations-001.json', '[]'],
    ]);
    expect(await titles(path)).toEqual(['zero', 'two-a', 'two-b', 'ten']);
    const reader = await ExportReader.open(path);
    expect(reader.report().source.files).toEqual([
      'Export/CONVERSATIONS-000.JSON',
      'Export/conversations-001.json',
      'Export/conversations-002.json',
      'Export/conversations-010.json',
    ]);
  });

  it('reads a legacy single conversations.json', async () => {
    const path = await zip('legacy.zip', [
      ['user.json', '{"id":"u"}'],
      ['conversations.json', shard('only')],
    ]);
    expect(await titles(path)).toEqual(['only']);
  });

  it('refuses an empty ZIP, an empty conversations file, a ZIP without conversations, and a ZIP inside a ZIP', async () => {
    expect((await failure(await zip('empty.zip', []))).code).toBe('ZIP_EMPTY');
    const emptyEntry = await failure(
      await zip('empty-entry.zip', [['conversations.json', '', { method: 'store' }]]),
    );
    expect(emptyEntry.code).toBe('EXPORT_EMPTY');
    expect(emptyEntry.message).toContain('"conversations.json" is empty');
    const none = await failure(
      await zip('none.zip', [
        ['photos/a.jpg', 'x'],
        ['user.json', '{}'],
      ]),
    );
    expect(none.code).toBe('ZIP_NO_CONVERSATIONS');
    expect(none.message).toContain('"photos/a.jpg"');
    const inner = await zip('inner.zip', [['conversations.json', shard('x')]]);
    const nested = await failure(
      await zip('outer.zip', [['chatgpt-export.zip', await readFile(inner)]]),
    );
    expect(nested.code).toBe('ZIP_NESTED');
    expect(nested.message).toContain('Upload the inner ZIP, "chatgpt-export.zip"');
  });

  it('refuses encrypted entries and unknown compression methods before reading them', async () => {
    const encrypted = await zip('enc.zip', [
      ['conversations.json', shard('x'), { encryptedFlag: true }],
    ]);
    expect((await failure(encrypted)).code).toBe('ZIP_ENCRYPTED');
    const bzip2 = await zip('bz.zip', [
      ['conversations.json', Buffer.from('BZh9...'), { raw: true, methodNumber: 12 }],
    ]);
    const error = await failure(bzip2);
    expect(error.code).toBe('ZIP_UNSUPPORTED_METHOD');
    expect(error.message).toContain('method 12');
  });

  it('detects a damaged entry by its CRC and by invalid deflate data', async () => {
    const badCrc = await zip('crc.zip', [
      ['conversations.json', shard('x'), { declaredCrc: 1234 }],
    ]);
    expect((await failure(badCrc)).message).toContain('CRC-32');
    const garbage = await zip('garbage.zip', [
      [
        'conversations.json',
        Buffer.from('this is not deflate data at all'),
        { raw: true, methodNumber: 8, declaredUncompressedSize: 1000 },
      ],
    ]);
    expect((await failure(garbage)).code).toBe('ZIP_CORRUPT');
  });

  it('refuses a ZIP whose end (and file list) was cut off', async () => {
    const path = await zip('cut.zip', [['conversations.json', shard('a', 'b', 'c')]]);
    await truncate(path, (await stat(path)).size - 30);
    const error = await failure(path);
    expect(error.code).toBe('ZIP_CORRUPT');
    expect(error.message).toContain('not a readable ZIP archive');
  });

  it('refuses an entry that declares more than the cap, without inflating it', async () => {
    const path = await zip('declared.zip', [['conversations.json', shard('x')]]);
    const error = await failure(path, 1000);
    expect(error.code).toBe('ZIP_TOO_LARGE');
    expect(error.message).toContain('declares a size');
  });

  it('stops a ZIP bomb as soon as it inflates past its declared size, leaving the rest unread', async () => {
    // 1,000 copies of a flushed deflate block of 64 MB of zeros: ~64 GB from ~64 MB of input.
    const block = deflateRawSync(Buffer.alloc(64 << 20), { finishFlush: constants.Z_SYNC_FLUSH });
    const bomb = Buffer.concat([
      ...Array.from({ length: 1000 }, () => block),
      Buffer.from([0x03, 0x00]),
    ]);
    const path = await zip('bomb.zip', [
      [
        'conversations.json',
        bomb,
        { raw: true, methodNumber: 8, declaredUncompressedSize: 10_000 },
      ],
    ]);
    expect((await failure(path)).message).toContain('inflates past the size it declares');

    const [entry] = await listZipEntries(path);
    const progress = { compressedBytesRead: 0 };
    await expect(async () => {
      for await (const _ of readZipEntry(path, entry!, 8 * 1024 ** 3, progress)) {
        // drain
      }
    }).rejects.toThrow(/inflates past/);
    expect(progress.compressedBytesRead).toBeGreaterThan(0);
    expect(progress.compressedBytesRead).toBeLessThan(bomb.length / 10);
  });
});
