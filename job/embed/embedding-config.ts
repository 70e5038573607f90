import { z } from 'zod';
import { type Env, parseEnv, positiveIntEnv } from '../../core/env.js';
import { AppError } from '../../core/errors.js';
import { Secret } from '../../core/secret.js';
import { BedrockTitanEmbedder, DEFAULT_TITAN_MODEL } from './bedrock-titan-embedder.js';
import { EMBEDDING_DIMENSIONS, type Embedder } from './embedder.js';
import { defaultPricePerMTokUsd } from './embedding-usage.js';
import { LEXICAL_MODEL, LexicalEmbedder } from './lexical-embedder.js';
import { type EmbeddingEncoding, OpenAiCompatibleEmbedder } from './openai-compatible-embedder.js';

/** The embeddings settings from the environment. */
const embeddingEnvSchema = z.object({
  /** lexical | openai | bedrock. Default: openai when a base URL or key is set, else lexical. */
  EMBEDDING_PROVIDER: z.enum(['lexical', 'openai', 'bedrock']).optional(),
  /** OpenAI-compatible base URL, up to the version: https://api.openai.com/v1 (default). */
  EMBEDDING_BASE_URL: z.url({ protocol: /^https?$/ }).optional(),
  /** Bearer key for the OpenAI-compatible endpoint; falls back to OPENAI_API_KEY. */
  EMBEDDING_API_KEY: z.string().optional(),
  OPENAI_API_KEY: z.string().optional(),
  /** Default text-embedding-3-small (openai) or amazon.titan-embed-text-v2:0 (bedrock). */
  EMBEDDING_MODEL: z.string().optional(),
  /** Sent as `dimensions` (openai): 1024 (default), or none for servers that refuse it. */
  EMBEDDING_DIMENSIONS: z
    .string()
    .transform((value, ctx) => {
      if (value.toLowerCase() === 'none') return null;
      if (Number(value) === EMBEDDING_DIMENSIONS) return EMBEDDING_DIMENSIONS;
      ctx.addIssue({
        code: 'custom',
        message: `must be ${EMBEDDING_DIMENSIONS} (the database stores ${EMBEDDING_DIMENSIONS}-dimension vectors) or none (send no dimensions parameter)`,
      });
      return z.NEVER;
    })
    .optional(),
  /** Inputs per request (openai; default 96). Bedrock's Titan takes one. */
  EMBEDDING_BATCH_SIZE: positiveIntEnv.max(2048).optional(),
  /** Requests in flight at once (default 4; bedrock 8). */
  EMBEDDING_CONCURRENCY: positiveIntEnv.max(64).optional(),
  /** USD per million input tokens, for the cost report. Default: the model's list price. */
  EMBEDDING_PRICE_PER_MTOK: z.coerce.number().nonnegative().optional(),
  /** Per request (default 60,000). */
  EMBEDDING_TIMEOUT_MS: positiveIntEnv.optional(),
  /** openai: how vectors travel (default base64 for api.openai.com, float elsewhere). */
  EMBEDDING_ENCODING: z.enum(['float', 'base64']).optional(),
  /** Required for bedrock. */
  AWS_REGION: z.string().optional(),
});

interface CommonConfig {
  model: string;
  concurrency: number;
  /** USD per million input tokens; null when unknown. */
  pricePerMTokUsd: number | null;
}

export type EmbeddingConfig =
  | (CommonConfig & { provider: 'lexical' })
  | (CommonConfig & {
      provider: 'openai';
      baseUrl: string;
      apiKey: Secret | null;
      dimensions: typeof EMBEDDING_DIMENSIONS | null;
      batchSize: number;
      timeoutMs: number;
      encoding: EmbeddingEncoding;
    })
  | (CommonConfig & { provider: 'bedrock'; region: string; timeoutMs: number });

const OPENAI_BASE_URL = 'https://api.openai.com/v1';

/** Reads the embeddings settings once; the message of a bad setting names the variable. */
export function loadEmbeddingConfig(env: Env): EmbeddingConfig {
  const e = parseEnv(embeddingEnvSchema, env);
  const apiKey = e.EMBEDDING_API_KEY ?? e.OPENAI_API_KEY;
  const provider = e.EMBEDDING_PROVIDER ?? (e.EMBEDDING_BASE_URL || apiKey ? 'openai' : 'lexical');
  const price = (providerName: string, model: string) =>
    e.EMBEDDING_PRICE_PER_MTOK ?? defaultPricePerMTokUsd(providerName, model);
  const timeoutMs = e.EMBEDDING_TIMEOUT_MS ?? 60_000;
  switch (provider) {
    case 'lexical':
      return Object.freeze({
        provider,
        model: LEXICAL_MODEL,
        concurrency: e.EMBEDDING_CONCURRENCY ?? 4,
        pricePerMTokUsd: 0,
      });
    case 'openai': {
      const baseUrl = e.EMBEDDING_BASE_URL ?? OPENAI_BASE_URL;
      if (!apiKey && baseUrl === OPENAI_BASE_URL)
        throw invalid('EMBEDDING_API_KEY (or OPENAI_API_KEY): required for api.openai.com');
      const model = e.EMBEDDING_MODEL ?? 'text-embedding-3-small';
      return Object.freeze({
        provider,
        baseUrl,
        apiKey: apiKey ? new Secret(apiKey) : null,
        model,
        dimensions:
          e.EMBEDDING_DIMENSIONS === undefined ? EMBEDDING_DIMENSIONS : e.EMBEDDING_DIMENSIONS,
        batchSize: e.EMBEDDING_BATCH_SIZE ?? 96,
        concurrency: e.EMBEDDING_CONCURRENCY ?? 4,
        timeoutMs,
        encoding: e.EMBEDDING_ENCODING ?? (baseUrl === OPENAI_BASE_URL ? 'base64' : 'float'),
        pricePerMTokUsd: price('openai-compatible', model),
      });
    }
    case 'bedrock': {
      if (!e.AWS_REGION)
        throw invalid('AWS_REGION: required when EMBEDDING_PROVIDER=bedrock (e.g. us-east-1)');
      const model = e.EMBEDDING_MODEL ?? DEFAULT_TITAN_MODEL;
      return Object.freeze({
        provider,
        region: e.AWS_REGION,
        model,
        concurrency: e.EMBEDDING_CONCURRENCY ?? 8,
        timeoutMs,
        pricePerMTokUsd: price('bedrock-titan', model),
      });
    }
  }
}

/** The embedder the configuration asks for. */
export function createEmbedder(config: EmbeddingConfig): Embedder {
  switch (config.provider) {
    case 'lexical':
      return new LexicalEmbedder();
    case 'openai':
      return new OpenAiCompatibleEmbedder({
        baseUrl: config.baseUrl,
        model: config.model,
        apiKey: config.apiKey?.reveal(),
        dimensions: config.dimensions,
        maxBatch: config.batchSize,
        timeoutMs: config.timeoutMs,
        encoding: config.encoding,
      });
    case 'bedrock':
      return new BedrockTitanEmbedder({
        region: config.region,
        modelId: config.model,
        timeoutMs: config.timeoutMs,
      });
  }
}

function invalid(problem: string): AppError {
  return new AppError('CONFIG_INVALID', `Configuration is invalid. ${problem}.`, {
    kind: 'config',
  });
}
