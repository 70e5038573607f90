import type { RetryPolicy } from '../../core/retry.js';
import { DEFAULT_RETRY_POLICY } from '../../core/retry.js';
import { createAnthropicClient } from './anthropic-client.js';
import { createBedrockClaudeClient } from './bedrock-claude-client.js';
import { LlmCaller, type LlmCallerOptions } from './llm-caller.js';
import type { LlmClient } from './llm-client.js';
import type { LlmConfig } from './llm-config.js';

export interface CreateLlmCallerOverrides {
  /** For tests: the whole retry policy (the attempts from the config are ignored). */
  retryPolicy?: RetryPolicy;
  fetch?: typeof fetch;
  growAfter?: number;
  onRetry?: LlmCallerOptions['onRetry'];
  random?: () => number;
}

/**
 * Builds the caller the LLM passes use, from the config: the provider's client with the
 * configured timeout, the retry policy with the configured attempts, the concurrency limit
 * and the prices. Null for `offline`: the offline profile is built without a model.
 */
export function createLlmCaller(
  config: LlmConfig,
  overrides: CreateLlmCallerOverrides = {},
): LlmCaller | null {
  const client = createClient(config, overrides.fetch);
  if (!client) return null;
  return new LlmCaller({
    client,
    maxConcurrency: config.concurrency,
    timeoutMs: config.timeoutMs,
    prices: config.prices,
    maxTokensCeiling: config.maxTokensCeiling,
    retryPolicy: overrides.retryPolicy ?? {
      ...DEFAULT_RETRY_POLICY,
      maxAttempts: config.maxAttempts,
    },
    ...(overrides.growAfter === undefined ? {} : { growAfter: overrides.growAfter }),
    ...(overrides.onRetry ? { onRetry: overrides.onRetry } : {}),
    ...(overrides.random ? { random: overrides.random } : {}),
  });
}

function createClient(
  config: LlmConfig,
  fetch: typeof globalThis.fetch | undefined,
): LlmClient | null {
  switch (config.provider) {
    case 'offline':
      return null;
    case 'anthropic':
      return createAnthropicClient({
        apiKey: config.apiKey.reveal(),
        model: config.model,
        timeoutMs: config.timeoutMs,
        ...(config.baseURL ? { baseURL: config.baseURL } : {}),
        ...(fetch ? { fetch } : {}),
      });
    case 'bedrock':
      return createBedrockClaudeClient({
        modelId: config.model,
        awsRegion: config.region,
        timeoutMs: config.timeoutMs,
        ...(config.accessKeyId && config.secretAccessKey
          ? { awsAccessKey: config.accessKeyId, awsSecretKey: config.secretAccessKey.reveal() }
          : {}),
        ...(config.sessionToken ? { awsSessionToken: config.sessionToken.reveal() } : {}),
        ...(config.bearerToken ? { bearerToken: config.bearerToken.reveal() } : {}),
        ...(config.baseURL ? { baseURL: config.baseURL } : {}),
        ...(fetch ? { fetch } : {}),
      });
  }
}
