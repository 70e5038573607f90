import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RetryPolicy } from '../../core/retry.js';
import {
  type FakeOpenAiEmbeddings,
  fakeEmbedding,
  startFakeOpenAiEmbeddings,
} from '../../test/fakes/fake-openai-embeddings.js';
import { embedTexts } from './embed-texts.js';
import { EmbeddingUsage } from './embedding-usage.js';
import {
  OpenAiCompatibleEmbedder,
  type OpenAiCompatibleEmbedderOptions,
} from './openai-compatible-embedder.js';
import { toUnitVector } from './unit-vector.js';

const FAST: RetryPolicy = { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 5, jitter: 0 };
const KEY = 'sk-test-0123456789abcdef';
const texts = (n: number) => Array.from({ length: n }, (_, i) => `message number ${i}`);
/** The vectors' bytes, one buffer: far faster to compare than 250 x 1024 numbers with toEqual. */
const bytes = (vectors: (Float32Array | null)[]) =>
  Buffer.concat(vectors.map((v) => Buffer.from(v?.buffer ?? new ArrayBuffer(0))));
const expected = (inputs: string[]) => bytes(inputs.map((t) => toUnitVector(fakeEmbedding(t))));

describe('OpenAiCompatibleEmbedder against a loopback OpenAI-compatible server', () => {
  let server: FakeOpenAiEmbeddings;
  let usage: EmbeddingUsage;
  const embedder = (options: Partial<OpenAiCompatibleEmbedderOptions> = {}) =>
    new OpenAiCompatibleEmbedder({
      baseUrl: server.baseUrl,
      model: 'text-embedding-3-small',
      apiKey: KEY,
      ...options,
    });
  const embed = (e: OpenAiCompatibleEmbedder, inputs: string[], concurrency = 2) =>
    embedTexts(e, inputs, { concurrency, usage, retryPolicy: FAST });

  beforeEach(async () => {
    server = await startFakeOpenAiEmbeddings();
    usage = new EmbeddingUsage();
  });
  afterEach(() => server.close());

  it('embeds in batches of maxBatch, in input order, with the documented request', async () => {
    const inputs = texts(250);
    const vectors = await embed(embedder(), inputs);
    expect(bytes(vectors).equals(expected(inputs))).toBe(true);
    expect(server.requests.map((r) => r.body.input?.length).sort()).toEqual([58, 96, 96]);
    const [request] = server.requests;
    expect(request?.path).toBe('/v1/embeddings');
    expect(request?.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(request?.headers['content-type']).toBe('application/json');
    expect(Object.keys(request?.body ?? {}).sort()).toEqual(['dimensions', 'input', 'model']);
    expect(request?.body).toMatchObject({ model: 'text-embedding-3-small', dimensions: 1024 });
    expect(usage).toMatchObject({ calls: 3, inputTokens: 250 * 3, retries: 0 });
  });

  it('orders vectors by index when the server answers out of order', async () => {
    server.reply({ kind: 'ok', reversed: true });
    const inputs = texts(5);
    expect(bytes(await embed(embedder(), inputs)).equals(expected(inputs))).toBe(true);
  });

  it('sends no Authorization header and no dimensions when neither is configured', async () => {
    await embed(embedder({ apiKey: undefined, dimensions: null }), texts(1));
    expect(server.requests[0]?.headers.authorization).toBeUndefined();
    expect(server.requests[0]?.body).not.toHaveProperty('dimensions');
  });

  it('estimates tokens as characters / 4 when the server reports no usage', async () => {
    server.reply({ kind: 'ok', withoutUsage: true });
    await embed(embedder(), ['x'.repeat(40)]);
    expect(usage.inputTokens).toBe(10);
  });

  it('waits what a 429 retry-after asks, then succeeds', async () => {
    server.reply({ kind: 'error', status: 429, headers: { 'retry-after': '0.05' } });
    const started = performance.now();
    const [vector] = await embed(embedder(), ['hello']);
    expect(performance.now() - started).toBeGreaterThanOrEqual(49);
    expect(vector).toEqual(toUnitVector(fakeEmbedding('hello')));
    expect(server.requests).toHaveLength(2);
    expect(usage).toMatchObject({ calls: 1, retries: 1 });
  });

  it('retries server errors and dropped connections, then succeeds', async () => {
    server.reply({ kind: 'error', status: 503 }, { kind: 'drop' });
    await embed(embedder(), ['hello']);
    expect(server.requests).toHaveLength(3);
    expect(usage.retries).toBe(2);
  });

  it('gives up after the policy’s attempts when the server keeps failing', async () => {
    server.reply(...Array.from({ length: 5 }, () => ({ kind: 'error', status: 500 }) as const));
    await expect(embed(embedder(), ['hello'])).rejects.toMatchObject({
      code: 'EMBEDDING_UNAVAILABLE',
      message: expect.stringContaining(`${server.baseUrl} failed (HTTP 500)`),
    });
    expect(server.requests).toHaveLength(FAST.maxAttempts);
  });

  it('retries a request that outlives its timeout', async () => {
    server.reply({ kind: 'slow', delayMs: 2_000 });
    await embed(embedder({ timeoutMs: 50 }), ['hello']);
    expect(server.requests).toHaveLength(2);
  });

  it('refuses a wrong key once, without retrying or echoing the key', async () => {
    server.reply({
      kind: 'error',
      status: 401,
      body: { error: { message: `Incorrect API key ${KEY}` } },
    });
    const error = await embed(embedder(), ['hello']).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'EMBEDDING_REJECTED', kind: 'config', retryable: false });
    expect((error as Error).message).toContain('EMBEDDING_API_KEY');
    expect((error as Error).message).not.toContain(KEY);
    expect(server.requests).toHaveLength(1);
  });

  it('quotes the server’s reason for a 400 and does not retry', async () => {
    server.reply({
      kind: 'error',
      status: 400,
      body: { error: { message: 'This model does not support specifying dimensions.' } },
    });
    await expect(embed(embedder({ model: 'text-embedding-ada-002' }), ['x'])).rejects.toMatchObject(
      {
        code: 'EMBEDDING_REJECTED',
        message: expect.stringContaining('does not support specifying dimensions'),
      },
    );
    expect(server.requests).toHaveLength(1);
  });

  it('does not retry a 429 that means the account is out of quota', async () => {
    server.reply({ kind: 'error', status: 429, body: { error: { type: 'insufficient_quota' } } });
    await expect(embed(embedder(), ['x'])).rejects.toMatchObject({ code: 'EMBEDDING_REJECTED' });
    expect(server.requests).toHaveLength(1);
  });

  it('refuses a malformed body without retrying', async () => {
    server.reply({ kind: 'raw', body: '{"data": [', contentType: 'application/json' });
    await expect(embed(embedder(), ['x'])).rejects.toMatchObject({
      code: 'EMBEDDING_BAD_RESPONSE',
      retryable: false,
      message: expect.stringContaining('not JSON'),
    });
    server.reply({ kind: 'raw', body: '{"data":[{"index":0,"embedding":"AAAA"}]}' });
    await expect(embed(embedder(), ['x'])).rejects.toMatchObject({
      code: 'EMBEDDING_BAD_RESPONSE',
      message: expect.stringContaining('data.0.embedding'),
    });
    expect(server.requests).toHaveLength(2);
  });

  it('asks for base64 when so configured and decodes the float32 bytes', async () => {
    const inputs = texts(100);
    const vectors = await embed(embedder({ encoding: 'base64' }), inputs);
    expect(bytes(vectors).equals(expected(inputs))).toBe(true);
    expect(server.requests[0]?.body).toMatchObject({ encoding_format: 'base64' });
  });

  it('refuses an embedding not in the encoding asked for', async () => {
    const cases: [OpenAiCompatibleEmbedderOptions['encoding'], string, string][] = [
      ['base64', '"AAA="', 'a base64 string of float32s'],
      ['base64', '"not base64!"', 'a base64 string of float32s'],
      ['base64', '[0.6, 0.8]', 'a base64 string of float32s'],
      ['float', '[0.6, "0.8"]', 'an array of numbers'],
    ];
    for (const [encoding, embedding, expected] of cases) {
      server.reply({ kind: 'raw', body: `{"data":[{"index":0,"embedding":${embedding}}]}` });
      await expect(embed(embedder({ encoding }), ['x'])).rejects.toMatchObject({
        code: 'EMBEDDING_BAD_RESPONSE',
        retryable: false,
        message: expect.stringContaining(`data.0.embedding: expected ${expected}`),
      });
    }
  });

  it('refuses vectors of the wrong dimension, naming provider, model and size', async () => {
    server.reply({ kind: 'ok', dimensions: 1536 });
    await expect(embed(embedder({ model: 'text-embedding-3-large' }), ['x'])).rejects.toMatchObject(
      {
        code: 'EMBEDDING_WRONG_DIMENSION',
        retryable: false,
        message:
          'openai-compatible model text-embedding-3-large returned 1536-dimension vectors; the ' +
          "database stores 1024. Set the model's output to 1024 dimensions (OpenAI: " +
          'EMBEDDING_DIMENSIONS=1024) or choose a 1024-dimension model.',
      },
    );
    expect(server.requests).toHaveLength(1);
  });

  it('truncates inputs to maxInputChars without splitting a surrogate pair', async () => {
    await embed(embedder({ maxInputChars: 10 }), ['a'.repeat(25), `${'b'.repeat(9)}😀tail`]);
    expect(server.requests[0]?.body.input).toEqual(['a'.repeat(10), 'b'.repeat(9)]);
  });

  it('keeps at most `concurrency` requests in flight', async () => {
    server.reply(...Array.from({ length: 6 }, () => ({ kind: 'slow', delayMs: 20 }) as const));
    const vectors = await embed(embedder({ maxBatch: 2 }), texts(12), 3);
    expect(vectors).toHaveLength(12);
    expect(server.requests).toHaveLength(6);
    expect(server.maxInFlight).toBe(3);
  });

  it('stops at once with CANCELLED when the caller aborts', async () => {
    server.reply({ kind: 'slow', delayMs: 5_000 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 20);
    const started = performance.now();
    await expect(
      embedTexts(embedder(), ['x'], { signal: controller.signal, retryPolicy: FAST }),
    ).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(performance.now() - started).toBeLessThan(1_000);
  });
});
