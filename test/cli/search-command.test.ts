import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  completeImport,
  countChunksByTier,
  ensureLocalUser,
  loadDatabaseConfig,
  openDatabase,
  startImport,
} from '../../core/db/index.js';
import { EmbeddingUsage } from '../../job/embed/embedding-usage.js';
import { LexicalEmbedder } from '../../job/embed/lexical-embedder.js';
import { ExportReader } from '../../job/export/read-export.js';
import type { NormalizedConversation } from '../../job/export/types.js';
import { LOCAL_USER_ID } from '../../job/local-user.js';
import { saveConversationChunks } from '../../job/pipeline/save-conversation-chunks.js';
import { exportFixture } from '../support/fixtures.js';

/**
 * End to end: a real export sample is read, chunked, embedded with the local lexical embedder
 * and saved to an embedded database; `search` (the built CLI, a real child process) finds it
 * again by a phrase it contains.
 */
const MAIN = new URL('../../dist/job/main.js', import.meta.url).pathname;

let dataDir: string;
let chunkCounts: Record<string, number>;

async function* conversationsOf(path: string): AsyncGenerator<NormalizedConversation> {
  const reader = await ExportReader.open(path);
  for await (const item of reader.items())
    if (item.kind === 'conversation') yield item.conversation;
}

const search = (...args: string[]) =>
  execa('node', [MAIN, 'search', ...args, '--data-dir', dataDir], {
    reject: false,
    env: { DATABASE_URL: '' },
  });

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'soulprint-search-'));
  const db = await openDatabase(loadDatabaseConfig({}, { dataDir }));
  try {
    const ref = { userId: LOCAL_USER_ID, importId: randomUUID() };
    await ensureLocalUser(db, ref.userId);
    await startImport(db, ref);
    const usage = new EmbeddingUsage();
    for (const name of ['librechat-export', 'chatgpt2graph'] as const) {
      await saveConversationChunks(conversationsOf(exportFixture(name)), {
        db,
        embedder: new LexicalEmbedder(),
        usage,
        ...ref,
        recentSince: null,
        batchSize: 16,
      });
    }
    await completeImport(db, {
      ...ref,
      totalConversations: 3,
      totalMessages: 26,
      embeddingModel: 'lexical:feature-hash-v1',
    });
    chunkCounts = await countChunksByTier(db, ref);
  } finally {
    await db.close();
  }
}, 120_000);
afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

describe('search', () => {
  it('saved chunks in all three tiers', () => {
    expect(chunkCounts.micro).toBeGreaterThan(chunkCounts.medium!);
    expect(chunkCounts.medium).toBeGreaterThanOrEqual(chunkCounts.macro!);
    expect(chunkCounts.macro).toBeGreaterThanOrEqual(3);
  });

  it('finds a conversation again by a phrase it contains, best first, as JSON', async () => {
    const result = await search('Volkswagen Transporter fuel consumption', '--json');
    expect(result.exitCode).toBe(0);
    const hits = JSON.parse(result.stdout);
    expect(hits.length).toBe(5);
    expect(hits[0]).toMatchObject({
      title: 'Conversation 1. Web Search',
      tier: expect.any(String),
    });
    expect(hits[0].content).toContain('Volkswagen Transporter');
    expect(hits[0].createdAt).toMatch(/^2024-01-07T/);
    const similarities = hits.map((h: { similarity: number }) => h.similarity);
    expect([...similarities].sort((a, b) => b - a)).toEqual(similarities);
  });

  it('keeps to one tier with --tier, and labels lexical results for a person', async () => {
    const micro = JSON.parse(
      (await search('monte carlo simulation distance', '--tier', 'micro', '--json', '--limit', '3'))
        .stdout,
    );
    expect(micro.map((h: { tier: string }) => h.tier)).toEqual(['micro', 'micro', 'micro']);
    expect(micro[0].title).toBe('Average Distance in U(0,1)');
    const human = await search('monte carlo simulation');
    expect(human.stdout).toMatch(/^5 results for "monte carlo simulation" — lexical/);
    expect(human.stdout).toContain('Average Distance in U(0,1) (2023-09-21)');
  });

  it('refuses to search with a different embedding model than the import used', async () => {
    const result = await execa('node', [MAIN, 'search', 'Volkswagen', '--data-dir', dataDir], {
      reject: false,
      env: {
        DATABASE_URL: '',
        EMBEDDING_PROVIDER: 'openai',
        EMBEDDING_BASE_URL: 'http://127.0.0.1:9/v1',
      },
    });
    expect(result.exitCode).toBe(78);
    expect(result.stderr).toContain('embedded with lexical:feature-hash-v1');
  });

  it('finds nothing for another user, and refuses a bad tier', async () => {
    const other = await search('Volkswagen', '--user', randomUUID(), '--json');
    expect(JSON.parse(other.stdout)).toEqual([]);
    const bad = await search('x', '--tier', 'huge');
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toContain('--tier must be micro, medium or macro');
  });
});
