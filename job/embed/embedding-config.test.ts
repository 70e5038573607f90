import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { BedrockTitanEmbedder } from './bedrock-titan-embedder.js';
import { createEmbedder, loadEmbeddingConfig } from './embedding-config.js';
import { LexicalEmbedder } from './lexical-embedder.js';
import { OpenAiCompatibleEmbedder } from './openai-compatible-embedder.js';

const KEY = 'sk-live-do-not-print-me';
const failureOf = (env: Record<string, string>) => {
  try {
    loadEmbeddingConfig(env);
  } catch (error) {
    return error as Error & { code: string };
  }
  throw new Error('expected the configuration to be refused');
};

describe('loadEmbeddingConfig', () => {
  it('uses the lexical embedder when nothing is configured', () => {
    expect(loadEmbeddingConfig({})).toEqual({
      provider: 'lexical',
      model: 'feature-hash-v1',
      concurrency: 4,
      pricePerMTokUsd: 0,
    });
    expect(loadEmbeddingConfig({ AWS_REGION: 'us-east-1' }).provider).toBe('lexical');
  });

  it('uses OpenAI with its defaults when only OPENAI_API_KEY is set', () => {
    const config = loadEmbeddingConfig({ OPENAI_API_KEY: KEY });
    expect(config).toMatchObject({
      provider: 'openai',
      baseUrl: 'https://api.openai.com/v1',
      model: 'text-embedding-3-small',
      dimensions: 1024,
      batchSize: 96,
      concurrency: 4,
      timeoutMs: 60_000,
      pricePerMTokUsd: 0.02,
      encoding: 'base64',
    });
    if (config.provider !== 'openai') throw new Error('expected openai');
    expect(config.apiKey?.reveal()).toBe(KEY);
  });

  it('never shows the API key when the configuration is logged', () => {
    const config = loadEmbeddingConfig({ EMBEDDING_API_KEY: KEY });
    expect(JSON.stringify(config)).not.toContain(KEY);
    expect(inspect(config, { depth: 5 })).not.toContain(KEY);
    expect(`${(config as { apiKey: unknown }).apiKey}`).toBe('[redacted]');
  });

  it('takes a local OpenAI-compatible server without a key, dimensions or known price', () => {
    const config = loadEmbeddingConfig({
      EMBEDDING_BASE_URL: 'http://localhost:11434/v1',
      EMBEDDING_MODEL: 'mxbai-embed-large',
      EMBEDDING_DIMENSIONS: 'none',
      EMBEDDING_BATCH_SIZE: '32',
      EMBEDDING_CONCURRENCY: '2',
    });
    expect(config).toMatchObject({
      provider: 'openai',
      apiKey: null,
      dimensions: null,
      batchSize: 32,
      concurrency: 2,
      pricePerMTokUsd: null,
      encoding: 'float',
    });
    expect(
      loadEmbeddingConfig({ OPENAI_API_KEY: KEY, EMBEDDING_PRICE_PER_MTOK: '0.1' }).pricePerMTokUsd,
    ).toBe(0.1);
    expect(loadEmbeddingConfig({ OPENAI_API_KEY: KEY, EMBEDDING_ENCODING: 'float' })).toMatchObject(
      { encoding: 'float' },
    );
  });

  it('uses Bedrock only when asked, with Titan v2, concurrency 8 and the region', () => {
    expect(loadEmbeddingConfig({ EMBEDDING_PROVIDER: 'bedrock', AWS_REGION: 'eu-west-1' })).toEqual(
      {
        provider: 'bedrock',
        region: 'eu-west-1',
        model: 'amazon.titan-embed-text-v2:0',
        concurrency: 8,
        timeoutMs: 60_000,
        pricePerMTokUsd: 0.02,
      },
    );
  });

  it('refuses incomplete or wrong settings, naming the variable and never echoing values', () => {
    const cases: [Record<string, string>, string][] = [
      [{ EMBEDDING_PROVIDER: 'bedrock' }, 'AWS_REGION: required when EMBEDDING_PROVIDER=bedrock'],
      [{ EMBEDDING_PROVIDER: 'openai' }, 'EMBEDDING_API_KEY (or OPENAI_API_KEY): required'],
      [{ EMBEDDING_PROVIDER: 'voyage', OPENAI_API_KEY: KEY }, 'EMBEDDING_PROVIDER:'],
      [{ EMBEDDING_DIMENSIONS: '1536', OPENAI_API_KEY: KEY }, 'EMBEDDING_DIMENSIONS: must be 1024'],
      [
        { EMBEDDING_BASE_URL: `ftp://${KEY}@example.com`, OPENAI_API_KEY: KEY },
        'EMBEDDING_BASE_URL:',
      ],
      [{ EMBEDDING_CONCURRENCY: '0' }, 'EMBEDDING_CONCURRENCY:'],
      [{ EMBEDDING_ENCODING: 'binary', OPENAI_API_KEY: KEY }, 'EMBEDDING_ENCODING:'],
    ];
    for (const [env, expected] of cases) {
      const error = failureOf(env);
      expect(error.code).toBe('CONFIG_INVALID');
      expect(error.message).toContain(expected);
      expect(error.message).not.toContain(KEY);
    }
  });
});

describe('createEmbedder', () => {
  it('builds the configured embedder with the configured limits', () => {
    expect(createEmbedder(loadEmbeddingConfig({}))).toBeInstanceOf(LexicalEmbedder);

    const openai = createEmbedder(
      loadEmbeddingConfig({
        EMBEDDING_BASE_URL: 'http://user:pw@localhost:8080/v1/?x=1',
        EMBEDDING_BATCH_SIZE: '32',
      }),
    );
    expect(openai).toBeInstanceOf(OpenAiCompatibleEmbedder);
    expect(openai).toMatchObject({ provider: 'openai-compatible', kind: 'semantic', maxBatch: 32 });
    expect((openai as OpenAiCompatibleEmbedder).endpoint).toBe('http://localhost:8080/v1');

    const bedrock = createEmbedder(
      loadEmbeddingConfig({ EMBEDDING_PROVIDER: 'bedrock', AWS_REGION: 'us-east-1' }),
    );
    expect(bedrock).toBeInstanceOf(BedrockTitanEmbedder);
    expect(bedrock).toMatchObject({
      provider: 'bedrock-titan',
      maxBatch: 1,
      maxInputChars: 50_000,
    });
    (bedrock as BedrockTitanEmbedder).destroy();
  });
});
