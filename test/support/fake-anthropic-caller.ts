import { createAnthropicClient } from '../../job/llm/anthropic-client.js';
import { LlmCaller, type LlmCallerOptions } from '../../job/llm/llm-caller.js';
import type { FakeAnthropic } from '../fakes/anthropic-messages-server.js';

/**
 * What the LLM tests drive: a real LlmCaller on the real Anthropic SDK, pointed at a loopback
 * fake of the Messages API, with a 5 s timeout and millisecond retries unless `options` say
 * otherwise.
 */
export function fakeAnthropicCaller(
  fake: FakeAnthropic,
  apiKey: string,
  options: Partial<Omit<LlmCallerOptions, 'client'>> = {},
): LlmCaller {
  return new LlmCaller({
    client: createAnthropicClient({
      apiKey,
      baseURL: fake.url,
      model: 'claude-haiku-4-5',
      timeoutMs: 5_000,
    }),
    maxConcurrency: 5,
    timeoutMs: 5_000,
    retryPolicy: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 5, jitter: 0 },
    ...options,
  });
}
