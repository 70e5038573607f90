import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../core/errors.js';
import {
  anthropicErrorReply,
  type FakeAnthropic,
  messageReply,
  overloadedReply,
  rateLimitReply,
  serverErrorReply,
  startFakeAnthropic,
} from '../../test/fakes/anthropic-messages-server.js';
import { createAnthropicClient } from './anthropic-client.js';
import type { LlmRequest } from './llm-client.js';
import { LlmError } from './llm-error.js';

const API_KEY = 'sk-ant-test-0123456789abcdef';
const request: LlmRequest = {
  system: 'You describe people.',
  messages: [{ role: 'user', content: 'Describe me.' }],
  maxTokens: 300,
  temperature: 0.3,
  purpose: 'test',
};

let fake: FakeAnthropic;
beforeEach(async () => {
  fake = await startFakeAnthropic({ apiKey: API_KEY });
});
afterEach(async () => {
  await fake.close();
});

const client = (overrides: { apiKey?: string; model?: string; baseURL?: string } = {}) =>
  createAnthropicClient({
    apiKey: overrides.apiKey ?? API_KEY,
    baseURL: overrides.baseURL ?? fake.url,
    model: overrides.model ?? 'claude-haiku-4-5',
    timeoutMs: 5_000,
  });

async function failure(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe('createAnthropicClient', () => {
  it('sends our request in the Messages API shape and reads text, stop reason and usage', async () => {
    fake.reply(
      messageReply({
        text: '{"ok":true}',
        usage: {
          input_tokens: 120,
          output_tokens: 7,
          cache_creation_input_tokens: 30,
          cache_read_input_tokens: 40,
        },
      }),
    );
    const response = await client().complete(request);

    expect(response).toEqual({
      text: '{"ok":true}',
      stopReason: 'end_turn',
      usage: { inputTokens: 120, outputTokens: 7, cacheWriteTokens: 30, cacheReadTokens: 40 },
    });
    const sent = fake.requests[0]!;
    expect(sent.path).toBe('/v1/messages');
    expect(sent.body).toEqual({
      model: 'claude-haiku-4-5',
      max_tokens: 300,
      system: 'You describe people.',
      messages: [{ role: 'user', content: 'Describe me.' }],
      temperature: 0.3,
    });
    expect(sent.headers['anthropic-version']).toBeTruthy();
    expect(sent.headers['x-stainless-retry-count']).toBe('0');
  });

  it('reports a max_tokens stop as it is', async () => {
    fake.reply(messageReply({ text: '{"a":', stopReason: 'max_tokens' }));
    expect((await client().complete(request)).stopReason).toBe('max_tokens');
  });

  it('maps 429 to a retryable LLM_RATE_LIMITED carrying the retry-after wait', async () => {
    fake.reply(rateLimitReply(7));
    const error = await failure(client().complete(request));
    expect(error).toMatchObject({ code: 'LLM_RATE_LIMITED', retryable: true, retryAfterMs: 7000 });
    expect(error).toBeInstanceOf(LlmError);
    expect((error as LlmError).backpressure).toBe(true);
  });

  it('prefers retry-after-ms when the server sends it', async () => {
    fake.reply(
      anthropicErrorReply(429, 'rate_limit_error', 'slow down', { 'retry-after-ms': '250' }),
    );
    expect(await failure(client().complete(request))).toMatchObject({ retryAfterMs: 250 });
  });

  it('maps 529 to a retryable LLM_UNAVAILABLE that counts as backpressure', async () => {
    fake.reply(overloadedReply());
    const error = (await failure(client().complete(request))) as LlmError;
    expect(error).toMatchObject({ code: 'LLM_UNAVAILABLE', retryable: true, backpressure: true });
    expect(error.message).toContain('overloaded');
  });

  it('maps 500 to a retryable LLM_UNAVAILABLE that is not backpressure', async () => {
    fake.reply(serverErrorReply());
    const error = (await failure(client().complete(request))) as LlmError;
    expect(error).toMatchObject({ code: 'LLM_UNAVAILABLE', retryable: true, backpressure: false });
  });

  it('maps a refused connection to a retryable LLM_UNAVAILABLE', async () => {
    const closed = await startFakeAnthropic();
    const url = closed.url;
    await closed.close();
    const error = await failure(client({ baseURL: url }).complete(request));
    expect(error).toMatchObject({ code: 'LLM_UNAVAILABLE', retryable: true });
  });

  it('turns an aborted signal into CANCELLED', async () => {
    fake.reply(messageReply({ text: 'late', delayMs: 2_000 }));
    const error = await failure(client().complete(request, AbortSignal.timeout(50)));
    expect(error).toMatchObject({ code: 'CANCELLED', kind: 'cancelled' });
  });

  it('maps a wrong API key to LLM_REJECTED that names the variable and never the key', async () => {
    const wrongKey = 'sk-ant-wrong-key-fedcba9876543210';
    const error = await failure(client({ apiKey: wrongKey }).complete(request));
    expect(error).toMatchObject({ code: 'LLM_REJECTED', kind: 'config', retryable: false });
    expect(error.message).toContain('ANTHROPIC_API_KEY');
    expect(everything(error)).not.toContain(wrongKey);
  });

  it('maps an unknown model (404) to LLM_REJECTED that says to check LLM_MODEL', async () => {
    fake.reply(anthropicErrorReply(404, 'not_found_error', 'model: claude-nope'));
    const error = await failure(client({ model: 'claude-nope' }).complete(request));
    expect(error).toMatchObject({ code: 'LLM_REJECTED', kind: 'config', retryable: false });
    expect(error.message).toMatch(/LLM_MODEL.*claude-nope/);
  });

  it('quotes the API message of a 400 with any secret in it removed', async () => {
    fake.reply(
      anthropicErrorReply(400, 'invalid_request_error', `bad request from key ${API_KEY}`),
    );
    const error = await failure(client().complete(request));
    expect(error).toMatchObject({ code: 'LLM_REJECTED', retryable: false });
    expect(error.message).toContain('bad request from key ***');
    expect(everything(error)).not.toContain(API_KEY);
  });
});

/** Message, cause chain and JSON of an error: where a secret could leak. */
function everything(error: Error): string {
  const parts: string[] = [];
  for (let e: unknown = error; e instanceof Error; e = e.cause)
    parts.push(String(e), e.stack ?? '');
  return parts.join('\n') + JSON.stringify(error);
}
