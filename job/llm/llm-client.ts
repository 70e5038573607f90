/**
 * The port every LLM pass talks to: one method, provider-neutral. Adapters:
 * `anthropic-client.ts` (Anthropic API) and `bedrock-claude-client.ts` (Claude on Amazon
 * Bedrock). Callers never use a client directly; they go through `LlmCaller`, which adds
 * retries, the concurrency limit, the per-call timeout and usage accounting.
 */

export type LlmProvider = 'anthropic' | 'bedrock';

export interface LlmMessage {
  role: 'user' | 'assistant';
  content: string;
}

export interface LlmRequest {
  system: string;
  messages: LlmMessage[];
  maxTokens: number;
  temperature?: number;
  /** What the call is for ('quick-profile', 'facts', …): the key of the cost report. */
  purpose: string;
}

export interface LlmUsage {
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
}

export type LlmStopReason = 'end_turn' | 'max_tokens' | 'stop_sequence' | 'refusal' | (string & {});

export interface LlmResponse {
  /** The text blocks of the answer, joined. */
  text: string;
  stopReason: LlmStopReason;
  usage: LlmUsage;
}

export interface LlmClient {
  readonly provider: LlmProvider;
  /** The model name (Anthropic) or model/inference-profile id (Bedrock) the client calls. */
  readonly model: string;
  /**
   * One request, no retries. Failures are AppErrors: LLM_RATE_LIMITED, LLM_UNAVAILABLE
   * (retryable), LLM_REJECTED (not), CANCELLED when `signal` aborts.
   */
  complete(request: LlmRequest, signal?: AbortSignal): Promise<LlmResponse>;
}

export const ZERO_USAGE: Readonly<LlmUsage> = Object.freeze({
  inputTokens: 0,
  outputTokens: 0,
  cacheReadTokens: 0,
  cacheWriteTokens: 0,
});

export function addUsage(a: LlmUsage, b: LlmUsage): LlmUsage {
  return {
    inputTokens: a.inputTokens + b.inputTokens,
    outputTokens: a.outputTokens + b.outputTokens,
    cacheReadTokens: a.cacheReadTokens + b.cacheReadTokens,
    cacheWriteTokens: a.cacheWriteTokens + b.cacheWriteTokens,
  };
}
