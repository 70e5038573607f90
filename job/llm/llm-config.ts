import { z } from 'zod';
import { type Env, parseEnv, positiveIntEnv } from '../../core/env.js';
import { DEFAULT_RETRY_POLICY } from '../../core/retry.js';
import { Secret } from '../../core/secret.js';
import { DEFAULT_MAX_TOKENS_CEILING } from './complete-json.js';
import { HAIKU_4_5_PRICES, type LlmPrices } from './llm-pricing.js';

/** Claude Haiku 4.5 on the Anthropic API. */
export const DEFAULT_ANTHROPIC_MODEL = 'claude-haiku-4-5';

/**
 * Claude Haiku 4.5 on Bedrock through the US cross-region inference profile. The base model
 * id is `anthropic.claude-haiku-4-5-20251001-v1:0`; on-demand calls use an inference profile,
 * its id prefixed by geography: `us.`, `eu.`, `apac.`, `jp.`, `au.`, or `global.` (any
 * commercial region). Pick the one matching AWS_REGION and where the data may go.
 */
export const DEFAULT_BEDROCK_MODEL_ID = 'us.anthropic.claude-haiku-4-5-20251001-v1:0';

const httpUrl = z.url({ protocol: /^https?$/, error: 'expected an http(s) URL' });
const usdPerMTok = (fallback: number) => z.coerce.number().nonnegative().finite().default(fallback);

const llmEnvSchema = z
  .object({
    /** anthropic | bedrock | offline. Default: anthropic when ANTHROPIC_API_KEY is set, else offline. */
    LLM_PROVIDER: z.enum(['anthropic', 'bedrock', 'offline']).optional(),
    ANTHROPIC_API_KEY: z.string().optional(),
    ANTHROPIC_BASE_URL: httpUrl.optional(),
    LLM_MODEL: z.string().default(DEFAULT_ANTHROPIC_MODEL),
    BEDROCK_MODEL_ID: z.string().default(DEFAULT_BEDROCK_MODEL_ID),
    AWS_REGION: z.string().default('us-east-1'),
    /** Static AWS keys (both or neither); without them the AWS default chain (role, profile) signs. */
    AWS_ACCESS_KEY_ID: z.string().optional(),
    AWS_SECRET_ACCESS_KEY: z.string().optional(),
    AWS_SESSION_TOKEN: z.string().optional(),
    /** A Bedrock API key, used instead of SigV4 signing. */
    AWS_BEARER_TOKEN_BEDROCK: z.string().optional(),
    ANTHROPIC_BEDROCK_BASE_URL: httpUrl.optional(),
    /** Calls in flight at most; halves on rate limits, grows back. */
    LLM_CONCURRENCY: positiveIntEnv.default(5),
    /** Per attempt, milliseconds. */
    LLM_TIMEOUT_MS: positiveIntEnv.default(60_000),
    /** Attempts per call, the first included. */
    LLM_MAX_ATTEMPTS: positiveIntEnv.default(DEFAULT_RETRY_POLICY.maxAttempts),
    /** A truncated JSON answer is asked again once with up to this many output tokens. */
    LLM_MAX_TOKENS_CEILING: positiveIntEnv.default(DEFAULT_MAX_TOKENS_CEILING),
    /** USD per million tokens; defaults are Claude Haiku 4.5 list prices. */
    LLM_PRICE_INPUT_PER_MTOK: usdPerMTok(HAIKU_4_5_PRICES.inputPerMTok),
    LLM_PRICE_OUTPUT_PER_MTOK: usdPerMTok(HAIKU_4_5_PRICES.outputPerMTok),
    LLM_PRICE_CACHE_WRITE_PER_MTOK: usdPerMTok(HAIKU_4_5_PRICES.cacheWritePerMTok),
    LLM_PRICE_CACHE_READ_PER_MTOK: usdPerMTok(HAIKU_4_5_PRICES.cacheReadPerMTok),
  })
  .superRefine((env, ctx) => {
    if (env.LLM_PROVIDER === 'anthropic' && !env.ANTHROPIC_API_KEY)
      ctx.addIssue({
        code: 'custom',
        path: ['ANTHROPIC_API_KEY'],
        message: 'required when LLM_PROVIDER is anthropic',
      });
    if (!env.AWS_ACCESS_KEY_ID !== !env.AWS_SECRET_ACCESS_KEY)
      ctx.addIssue({
        code: 'custom',
        path: [env.AWS_ACCESS_KEY_ID ? 'AWS_SECRET_ACCESS_KEY' : 'AWS_ACCESS_KEY_ID'],
        message: 'set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY together, or neither',
      });
  });

interface LlmSettings {
  /** Calls in flight at most. */
  concurrency: number;
  timeoutMs: number;
  maxAttempts: number;
  maxTokensCeiling: number;
  prices: LlmPrices;
}

export interface AnthropicLlmConfig extends LlmSettings {
  provider: 'anthropic';
  model: string;
  apiKey: Secret;
  baseURL?: string;
}

export interface BedrockLlmConfig extends LlmSettings {
  provider: 'bedrock';
  /** The Bedrock model or inference-profile id called. */
  model: string;
  region: string;
  accessKeyId?: string;
  secretAccessKey?: Secret;
  sessionToken?: Secret;
  bearerToken?: Secret;
  baseURL?: string;
}

export interface OfflineLlmConfig extends LlmSettings {
  provider: 'offline';
}

export type LlmConfig = AnthropicLlmConfig | BedrockLlmConfig | OfflineLlmConfig;

/**
 * The LLM settings from the environment, parsed once. Secrets are `Secret`s, so logging the
 * config shows `[redacted]`; a bad variable stops with CONFIG_INVALID naming it, never its value.
 */
export function loadLlmConfig(env: Env): LlmConfig {
  const e = parseEnv(llmEnvSchema, env);
  const settings: LlmSettings = {
    concurrency: e.LLM_CONCURRENCY,
    timeoutMs: e.LLM_TIMEOUT_MS,
    maxAttempts: e.LLM_MAX_ATTEMPTS,
    maxTokensCeiling: e.LLM_MAX_TOKENS_CEILING,
    prices: Object.freeze({
      inputPerMTok: e.LLM_PRICE_INPUT_PER_MTOK,
      outputPerMTok: e.LLM_PRICE_OUTPUT_PER_MTOK,
      cacheWritePerMTok: e.LLM_PRICE_CACHE_WRITE_PER_MTOK,
      cacheReadPerMTok: e.LLM_PRICE_CACHE_READ_PER_MTOK,
    }),
  };
  const provider = e.LLM_PROVIDER ?? (e.ANTHROPIC_API_KEY ? 'anthropic' : 'offline');
  if (provider === 'anthropic') {
    return Object.freeze({
      provider,
      ...settings,
      model: e.LLM_MODEL,
      apiKey: new Secret(e.ANTHROPIC_API_KEY!),
      ...(e.ANTHROPIC_BASE_URL ? { baseURL: e.ANTHROPIC_BASE_URL } : {}),
    });
  }
  if (provider === 'bedrock') {
    const secret = (value: string | undefined) => (value ? new Secret(value) : undefined);
    return Object.freeze({
      provider,
      ...settings,
      model: e.BEDROCK_MODEL_ID,
      region: e.AWS_REGION,
      ...(e.AWS_ACCESS_KEY_ID ? { accessKeyId: e.AWS_ACCESS_KEY_ID } : {}),
      ...optional('secretAccessKey', secret(e.AWS_SECRET_ACCESS_KEY)),
      ...optional('sessionToken', secret(e.AWS_SESSION_TOKEN)),
      ...optional('bearerToken', secret(e.AWS_BEARER_TOKEN_BEDROCK)),
      ...(e.ANTHROPIC_BEDROCK_BASE_URL ? { baseURL: e.ANTHROPIC_BEDROCK_BASE_URL } : {}),
    });
  }
  return Object.freeze({ provider, ...settings });
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}
