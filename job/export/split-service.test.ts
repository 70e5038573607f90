import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MessageChannel } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../core/errors.js';
import { exportFixture } from '../../test/support/fixtures.js';
import { writeSyntheticZip } from '../../test/support/synthetic/index.js';
import { ExportReader, type ReadExportOptions } from './read-export.js';
import { serveSplitter } from './serve-splitter.js';
import { RemoteSplitter } from './split-service.js';
import type { ExportItem } from './types.js';

/**
 * The split service over a real MessageChannel (both ends on this thread: the CLI puts them on
 * two threads, with the same messages). Reading through it must give exactly what reading
 * here gives.
 */
const FIXTURE = exportFixture('librechat-export');

let dir: string;
let channel: MessageChannel;
let splitter: RemoteSplitter;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'soulprint-split-'));
  channel = new MessageChannel();
  serveSplitter(channel.port1);
  splitter = new RemoteSplitter(channel.port2);
});
afterAll(async () => {
  channel.port1.close();
  await rm(dir, { recursive: true, force: true });
});

async function readAll(path: string, options: Partial<ReadExportOptions> = {}) {
  const reader = await ExportReader.open(path, options);
  const items: ExportItem[] = [];
  for await (const item of reader.items()) items.push(item);
  return { items, report: reader.report(), account: reader.accountContext() };
}

async function failure(path: string, options: Partial<ReadExportOptions>): Promise<AppError> {
  try {
    await readAll(path, options);
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected an error');
}

describe('reading with the split service', () => {
  it('gives the same conversations, report and account context as reading on one thread', async () => {
    const path = join(dir, 'export.zip');
    await writeSyntheticZip(path, {
      seed: 11,
      conversations: 300,
      layout: '2026',
      shardSize: 70,
      branchRate: 0.3,
    });
    const here = await readAll(path);
    const remote = await readAll(path, { splitter });
    expect(remote.items).toEqual(here.items);
    expect(remote.report).toEqual(here.report);
    expect(remote.account).toEqual(here.account);
  });

  it('skips an oversized conversation and a second copy, keeping the ones around them', async () => {
    const list = JSON.parse(await readFile(FIXTURE, 'utf8'));
    const big = { ...list[1], id: 'big', title: 'x'.repeat(3_000_000) };
    const path = join(dir, 'big.json');
    await writeFile(path, JSON.stringify([list[0], big, list[1], big, list[0]]));
    const options = { maxConversationBytes: 2_000_000 };
    const reasons = (items: ExportItem[]) =>
      items.map((i) => (i.kind === 'skipped' ? i.skipped.reason : i.conversation.id));
    const remote = await readAll(path, { ...options, splitter });
    expect(reasons(remote.items)).toEqual(reasons((await readAll(path, options)).items));
    expect(reasons(remote.items)).toEqual([
      list[0].id,
      'too_large',
      list[1].id,
      'too_large',
      'duplicate',
    ]);
  });

  it('reports a truncated file with the same message', async () => {
    const text = (await readFile(FIXTURE, 'utf8')).slice(0, 100_000);
    const path = join(dir, 'cut.json');
    await writeFile(path, text);
    const remote = await failure(path, { splitter });
    expect(remote.code).toBe('EXPORT_TRUNCATED');
    expect(remote.message).toBe((await failure(path, {})).message);
  });
});
