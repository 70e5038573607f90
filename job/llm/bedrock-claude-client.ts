import { AnthropicBedrock, type ClientOptions } from '@anthropic-ai/bedrock-sdk';
import { completeWithSdk } from './complete-with-sdk.js';
import type { LlmClient } from './llm-client.js';

/**
 * Bedrock's Messages body must carry `anthropic_version: "bedrock-2023-05-31"`. The SDK copies
 * the `anthropic-version` header into the body, so we set that header to Bedrock's value.
 */
export const BEDROCK_ANTHROPIC_VERSION = 'bedrock-2023-05-31';

export interface BedrockClaudeClientOptions {
  /**
   * A Bedrock model id or inference profile id. Claude Haiku 4.5 is
   * `anthropic.claude-haiku-4-5-20251001-v1:0`; on-demand calls go through a cross-region
   * inference profile: `us.` / `eu.` / `apac.` / `global.` + that id.
   */
  modelId: string;
  awsRegion: string;
  /** Static credentials; when absent the AWS default chain (env, profile, ECS/EC2 role) is used. */
  awsAccessKey?: string;
  awsSecretKey?: string;
  awsSessionToken?: string;
  /** A Bedrock API key (sent as a bearer token) instead of SigV4 signing. */
  bearerToken?: string;
  /** Default https://bedrock-runtime.{region}.amazonaws.com; tests point it at a loopback fake. */
  baseURL?: string;
  timeoutMs: number;
  fetch?: typeof fetch;
}

/** Claude on Amazon Bedrock (InvokeModel) behind the `LlmClient` port; the SDK never retries. */
export function createBedrockClaudeClient(options: BedrockClaudeClientOptions): LlmClient {
  const common: Omit<ClientOptions, 'awsAccessKey' | 'awsSecretKey' | 'awsSessionToken'> = {
    awsRegion: options.awsRegion,
    ...(options.baseURL ? { baseURL: options.baseURL } : {}),
    apiKey: options.bearerToken ?? null,
    maxRetries: 0,
    timeout: options.timeoutMs,
    logLevel: 'off',
    defaultHeaders: { 'anthropic-version': BEDROCK_ANTHROPIC_VERSION },
    ...(options.fetch ? { fetch: options.fetch } : {}),
  };
  const { awsAccessKey, awsSecretKey, awsSessionToken } = options;
  const sdk =
    awsAccessKey && awsSecretKey
      ? new AnthropicBedrock({ ...common, awsAccessKey, awsSecretKey, awsSessionToken })
      : new AnthropicBedrock(common);
  const errorContext = {
    provider: 'bedrock' as const,
    model: options.modelId,
    region: options.awsRegion,
    secrets: [options.awsSecretKey, options.awsSessionToken, options.bearerToken],
  };
  return {
    provider: 'bedrock',
    model: options.modelId,
    complete: (request, signal) =>
      completeWithSdk(sdk.messages, options.modelId, request, signal, errorContext),
  };
}
