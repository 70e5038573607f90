import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RetryPolicy } from '../../core/retry.js';
import {
  type FakeOpenAiEmbeddings,
  fakeEmbedding,
  startFakeOpenAiEmbeddings,
} from '../../test/fakes/fake-openai-embeddings.js';
import { embedTexts, truncateText } from './embed-texts.js';
import { emptyTextVector } from './embedder.js';
import { EmbeddingUsage } from './embedding-usage.js';
import { LexicalEmbedder } from './lexical-embedder.js';
import { OpenAiCompatibleEmbedder } from './openai-compatible-embedder.js';
import { toUnitVector } from './unit-vector.js';

const FAST: RetryPolicy = { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 5, jitter: 0 };

describe('embedTexts', () => {
  let server: FakeOpenAiEmbeddings;
  beforeEach(async () => {
    server = await startFakeOpenAiEmbeddings();
  });
  afterEach(() => server.close());
  const remote = (maxBatch = 96) =>
    new OpenAiCompatibleEmbedder({ baseUrl: server.baseUrl, model: 'm', maxBatch });

  it('returns nothing and calls nothing for no texts', async () => {
    const usage = new EmbeddingUsage();
    expect(await embedTexts(remote(), [], { usage })).toEqual([]);
    expect(server.requests).toHaveLength(0);
    expect(usage.calls).toBe(0);
  });

  it('does not send blank texts: they get the fixed empty-text vector in their place', async () => {
    const vectors = await embedTexts(remote(), ['alpha', '', ' \n\t', 'beta']);
    expect(server.requests.map((r) => r.body.input)).toEqual([['alpha', 'beta']]);
    expect(vectors).toEqual([
      toUnitVector(fakeEmbedding('alpha')),
      emptyTextVector(),
      emptyTextVector(),
      toUnitVector(fakeEmbedding('beta')),
    ]);
  });

  it('stops the other batches as soon as one fails for good', async () => {
    server.reply(
      { kind: 'error', status: 401 },
      { kind: 'slow', delayMs: 5_000 },
      { kind: 'slow', delayMs: 5_000 },
    );
    const started = performance.now();
    await expect(
      embedTexts(remote(1), ['a', 'b', 'c', 'd', 'e'], { concurrency: 3, retryPolicy: FAST }),
    ).rejects.toMatchObject({ code: 'EMBEDDING_REJECTED' });
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(server.requests.length).toBeLessThanOrEqual(3);
  });

  it('gives the lexical embedder batches of 256 and counts one call per batch', async () => {
    const lexical = new LexicalEmbedder();
    const texts = Array.from({ length: 600 }, (_, i) => `chunk ${i} about topic ${i % 7}`);
    const usage = new EmbeddingUsage();
    const vectors = await embedTexts(lexical, texts, { usage });
    expect(vectors[599]).toEqual(lexical.embed(texts[599] as string));
    expect(usage).toMatchObject({ calls: 3, retries: 0 });
  });
});

describe('truncateText', () => {
  it('keeps short text and cuts long text at the limit', () => {
    expect(truncateText('short', 10)).toBe('short');
    expect(truncateText('abcdefghij', 4)).toBe('abcd');
  });

  it('never leaves half a surrogate pair at the end', () => {
    expect(truncateText('abc😀def', 4)).toBe('abc');
    expect(truncateText('abc😀def', 5)).toBe('abc😀');
  });
});
