import Anthropic from '@anthropic-ai/sdk';
import { completeWithSdk } from './complete-with-sdk.js';
import type { LlmClient } from './llm-client.js';

export interface AnthropicClientOptions {
  apiKey: string;
  /** Default https://api.anthropic.com; tests point it at a loopback fake. */
  baseURL?: string;
  /** e.g. 'claude-haiku-4-5'. */
  model: string;
  /** The SDK's own per-request timeout; `LlmCaller` enforces the same bound per attempt. */
  timeoutMs: number;
  /** For tests or proxies; defaults to the global fetch. */
  fetch?: typeof fetch;
}

/**
 * The Anthropic API behind the `LlmClient` port. The SDK never retries (`maxRetries: 0`):
 * retries belong to `LlmCaller` and the project's one policy.
 */
export function createAnthropicClient(options: AnthropicClientOptions): LlmClient {
  const sdk = new Anthropic({
    apiKey: options.apiKey,
    baseURL: options.baseURL ?? null,
    maxRetries: 0,
    timeout: options.timeoutMs,
    logLevel: 'off',
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  const errorContext = {
    provider: 'anthropic' as const,
    model: options.model,
    secrets: [options.apiKey],
  };
  return {
    provider: 'anthropic',
    model: options.model,
    complete: (request, signal) =>
      completeWithSdk(sdk.messages, options.model, request, signal, errorContext),
  };
}
