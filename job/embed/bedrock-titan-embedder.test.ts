import {
  AccessDeniedException,
  ThrottlingException,
  ValidationException,
} from '@aws-sdk/client-bedrock-runtime';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AppError } from '../../core/errors.js';
import type { RetryPolicy } from '../../core/retry.js';
import {
  type FakeBedrockRuntime,
  fakeTitanEmbedding,
  startFakeBedrockRuntime,
} from '../../test/fakes/fake-bedrock-runtime.js';
import { BedrockTitanEmbedder } from './bedrock-titan-embedder.js';
import { embedTexts } from './embed-texts.js';
import { EmbeddingUsage } from './embedding-usage.js';
import { toUnitVector } from './unit-vector.js';

const FAST: RetryPolicy = { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 5, jitter: 0 };
const CREDENTIALS = { accessKeyId: 'AKIDFAKEFAKEFAKE', secretAccessKey: 'fake-secret-key' };

describe('BedrockTitanEmbedder with the real SDK client against a loopback Bedrock runtime', () => {
  let bedrock: FakeBedrockRuntime;
  let embedder: BedrockTitanEmbedder;
  let usage: EmbeddingUsage;
  const embed = (inputs: string[], concurrency = 8) =>
    embedTexts(embedder, inputs, { concurrency, usage, retryPolicy: FAST });
  /** One call, no retries: the AppError the embedder maps an answer to. */
  const failure = async () =>
    (await embedder.embedBatch(['x']).catch((e: unknown) => e)) as AppError;

  beforeEach(async () => {
    bedrock = await startFakeBedrockRuntime();
    embedder = new BedrockTitanEmbedder({
      region: 'eu-central-1',
      endpoint: bedrock.endpoint,
      credentials: CREDENTIALS,
      timeoutMs: 2_000,
    });
    usage = new EmbeddingUsage();
  });
  afterEach(async () => {
    embedder.destroy();
    await bedrock.close();
  });

  it('embeds one text per signed InvokeModel call, concurrently, in input order', async () => {
    const inputs = Array.from({ length: 20 }, (_, i) => `note ${i}: buy ${i} apples`);
    const vectors = await embed(inputs);
    expect(vectors).toHaveLength(20);
    inputs.forEach((text, i) => {
      expect(vectors[i]).toEqual(toUnitVector(fakeTitanEmbedding(text)));
    });
    expect(bedrock.requests).toHaveLength(20);
    const [request] = bedrock.requests;
    expect(request?.modelId).toBe('amazon.titan-embed-text-v2:0');
    expect(request?.body).toEqual({
      inputText: expect.any(String),
      dimensions: 1024,
      normalize: true,
    });
    expect(request?.headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDFAKEFAKEFAKE\/\d{8}\/eu-central-1\/bedrock\/aws4_request/,
    );
    expect(bedrock.maxInFlight).toBeGreaterThan(1);
    expect(bedrock.maxInFlight).toBeLessThanOrEqual(8);
    expect(usage).toMatchObject({ calls: 20, inputTokens: 20 * 5, retries: 0 });
  });

  it('maps ThrottlingException to a retryable error carrying retry-after', async () => {
    bedrock.reply({
      kind: 'error',
      status: 429,
      name: 'ThrottlingException',
      message: 'Too many requests, please wait before trying again.',
      headers: { 'retry-after': '0.05' },
    });
    const error = await failure();
    expect(error).toMatchObject({
      code: 'EMBEDDING_UNAVAILABLE',
      retryable: true,
      retryAfterMs: 50,
    });
    expect(error.cause).toBeInstanceOf(ThrottlingException);
    expect(error.message).toContain('Bedrock model amazon.titan-embed-text-v2:0 in eu-central-1');
  });

  it('waits what a throttled call’s retry-after asks, then succeeds', async () => {
    bedrock.reply({
      kind: 'error',
      status: 429,
      name: 'ThrottlingException',
      headers: { 'retry-after': '0.05' },
    });
    const started = performance.now();
    await embed(['hello']);
    expect(performance.now() - started).toBeGreaterThanOrEqual(49);
    expect(bedrock.requests).toHaveLength(2);
    expect(usage).toMatchObject({ calls: 1, retries: 1 });
  });

  it('retries unavailability, model timeouts, 5xx pages and dropped connections', async () => {
    bedrock.reply(
      { kind: 'error', status: 503, name: 'ServiceUnavailableException' },
      { kind: 'error', status: 408, name: 'ModelTimeoutException' },
    );
    await embed(['hello']);
    bedrock.reply(
      { kind: 'raw', status: 502, body: '<html>Bad Gateway</html>', contentType: 'text/html' },
      { kind: 'drop' },
    );
    await embed(['hello']);
    expect(bedrock.requests).toHaveLength(6);
    expect(usage).toMatchObject({ calls: 2, retries: 4 });
  });

  it('gives up after the policy’s attempts when Bedrock keeps failing', async () => {
    bedrock.reply(
      ...Array.from(
        { length: 5 },
        () => ({ kind: 'error', status: 500, name: 'InternalServerException' }) as const,
      ),
    );
    await expect(embed(['hello'])).rejects.toMatchObject({ code: 'EMBEDDING_UNAVAILABLE' });
    expect(bedrock.requests).toHaveLength(FAST.maxAttempts);
  });

  it('does not retry validation or access errors, and says what to check', async () => {
    bedrock.reply({
      kind: 'error',
      status: 400,
      name: 'ValidationException',
      message: 'Malformed input request: expected maxLength: 50000, actual: 50001',
    });
    const invalid = await failure();
    expect(invalid).toMatchObject({ code: 'EMBEDDING_REJECTED', kind: 'config', retryable: false });
    expect(invalid.cause).toBeInstanceOf(ValidationException);
    expect(invalid.message).toContain('expected maxLength: 50000');

    bedrock.reply({ kind: 'error', status: 403, name: 'AccessDeniedException' });
    await expect(embed(['x'])).rejects.toMatchObject({
      code: 'EMBEDDING_REJECTED',
      cause: expect.any(AccessDeniedException),
      message: expect.stringContaining('bedrock:InvokeModel'),
    });
    expect(bedrock.requests).toHaveLength(2);
  });

  it('refuses a malformed body without retrying', async () => {
    bedrock.reply({ kind: 'raw', body: '{"embedding": [0.1, 0.2' });
    await expect(embed(['x'])).rejects.toMatchObject({
      code: 'EMBEDDING_BAD_RESPONSE',
      retryable: false,
    });
    bedrock.reply({ kind: 'raw', body: '{"embeddings": [[0.1]]}' });
    await expect(embed(['x'])).rejects.toMatchObject({ code: 'EMBEDDING_BAD_RESPONSE' });
    expect(bedrock.requests).toHaveLength(2);
  });

  it('refuses vectors of the wrong dimension, naming provider, model and size', async () => {
    bedrock.reply({ kind: 'ok', dimensions: 512 });
    await expect(embed(['x'])).rejects.toMatchObject({
      code: 'EMBEDDING_WRONG_DIMENSION',
      message: expect.stringMatching(
        /^bedrock-titan model amazon\.titan-embed-text-v2:0 returned 512-dimension vectors; the database stores 1024\./,
      ),
    });
  });

  it('truncates inputs to Titan’s 50,000 characters', async () => {
    await embed(['a'.repeat(60_000)]);
    expect(bedrock.requests[0]?.body.inputText).toHaveLength(50_000);
  });

  it('retries a call that outlives its timeout, and stops at once when the caller aborts', async () => {
    const impatient = new BedrockTitanEmbedder({
      region: 'eu-central-1',
      endpoint: bedrock.endpoint,
      credentials: CREDENTIALS,
      timeoutMs: 50,
    });
    try {
      bedrock.reply({ kind: 'slow', delayMs: 2_000 });
      await embedTexts(impatient, ['hello'], { usage, retryPolicy: FAST });
      expect(usage).toMatchObject({ calls: 1, retries: 1 });

      bedrock.reply({ kind: 'slow', delayMs: 5_000 });
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 20);
      await expect(
        embedTexts(embedder, ['hello'], { signal: controller.signal, retryPolicy: FAST }),
      ).rejects.toMatchObject({ code: 'CANCELLED' });
    } finally {
      impatient.destroy();
    }
  });
});
