import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RetryPolicy } from '../../core/retry.js';
import {
  anthropicErrorReply,
  type FakeAnthropic,
  messageReply,
  overloadedReply,
  rateLimitReply,
  serverErrorReply,
  startFakeAnthropic,
} from '../../test/fakes/anthropic-messages-server.js';
import { fakeAnthropicCaller } from '../../test/support/fake-anthropic-caller.js';
import type { LlmCaller, LlmCallerOptions } from './llm-caller.js';
import type { LlmRequest } from './llm-client.js';

const API_KEY = 'sk-ant-test-caller-0123456789';
const FAST: RetryPolicy = { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 5, jitter: 0 };

let fake: FakeAnthropic;
beforeEach(async () => {
  fake = await startFakeAnthropic({ apiKey: API_KEY });
});
afterEach(async () => {
  await fake.close();
});

function caller(options: Partial<Omit<LlmCallerOptions, 'client'>> = {}): LlmCaller {
  return fakeAnthropicCaller(fake, API_KEY, { retryPolicy: FAST, ...options });
}

const ask = (purpose = 'facts'): LlmRequest => ({
  system: 'Extract facts.',
  messages: [{ role: 'user', content: 'Some text.' }],
  maxTokens: 100,
  purpose,
});

describe('LlmCaller', () => {
  it('adds every answered call to the cost report, priced per purpose', async () => {
    fake.reply(
      messageReply({
        text: 'a',
        usage: {
          input_tokens: 1000,
          output_tokens: 200,
          cache_creation_input_tokens: 300,
          cache_read_input_tokens: 5000,
        },
      }),
      messageReply({ text: 'b', usage: { input_tokens: 2000, output_tokens: 100 } }),
      messageReply({ text: 'c', usage: { input_tokens: 2000, output_tokens: 100 } }),
    );
    const llm = caller();
    await llm.call(ask('quick-profile'));
    await llm.call(ask('facts'));
    await llm.call(ask('facts'));

    expect(llm.costReport()).toEqual({
      provider: 'anthropic',
      model: 'claude-haiku-4-5',
      calls: 3,
      retries: 0,
      inputTokens: 5000,
      outputTokens: 400,
      cacheWriteTokens: 300,
      cacheReadTokens: 5000,
      usd: 0.007875,
      pricesPerMTok: {
        inputPerMTok: 1,
        outputPerMTok: 5,
        cacheWritePerMTok: 1.25,
        cacheReadPerMTok: 0.1,
      },
      byPurpose: {
        facts: {
          calls: 2,
          retries: 0,
          inputTokens: 4000,
          outputTokens: 200,
          cacheWriteTokens: 0,
          cacheReadTokens: 0,
          usd: 0.005,
        },
        'quick-profile': {
          calls: 1,
          retries: 0,
          inputTokens: 1000,
          outputTokens: 200,
          cacheWriteTokens: 300,
          cacheReadTokens: 5000,
          usd: 0.002875,
        },
      },
    });
  });

  it('uses the configured prices', async () => {
    fake.reply(
      messageReply({ text: 'a', usage: { input_tokens: 1_000_000, output_tokens: 10_000 } }),
    );
    const llm = caller({
      prices: {
        inputPerMTok: 3,
        outputPerMTok: 15,
        cacheWritePerMTok: 3.75,
        cacheReadPerMTok: 0.3,
      },
    });
    await llm.call(ask());
    expect(llm.costReport().usd).toBe(3.15);
  });

  it('waits what retry-after asks on a 429, then succeeds', async () => {
    fake.reply(rateLimitReply(1), messageReply({ text: 'ok' }));
    const llm = caller();
    const started = performance.now();
    const response = await llm.call(ask());

    expect(response.text).toBe('ok');
    expect(performance.now() - started).toBeGreaterThanOrEqual(1000);
    expect(fake.requests[1]!.at - fake.requests[0]!.at).toBeGreaterThanOrEqual(1000);
    expect(llm.retries).toBe(1);
    expect(llm.costReport()).toMatchObject({ calls: 1, retries: 1 });
  });

  it('retries 529 overloaded and 500, counting the retries', async () => {
    fake.reply(overloadedReply(), serverErrorReply(), messageReply({ text: 'ok' }));
    const llm = caller();
    expect((await llm.call(ask('facts'))).text).toBe('ok');
    expect(fake.requests).toHaveLength(3);
    expect(llm.retries).toBe(2);
    expect(llm.costReport().byPurpose.facts).toMatchObject({ calls: 1, retries: 2 });
  });

  it('gives up with the last error after the policy’s attempts when the error stays', async () => {
    fake.handle(() => serverErrorReply());
    const llm = caller();
    await expect(llm.call(ask())).rejects.toMatchObject({ code: 'LLM_UNAVAILABLE' });
    expect(fake.requests).toHaveLength(FAST.maxAttempts);
    expect(llm.costReport().calls).toBe(0);
  });

  it('does not retry a rejected request', async () => {
    fake.reply(anthropicErrorReply(400, 'invalid_request_error', 'max_tokens: too large'));
    await expect(caller().call(ask())).rejects.toMatchObject({ code: 'LLM_REJECTED' });
    expect(fake.requests).toHaveLength(1);
  });

  it('times out a slow answer per attempt, retries it, then fails with LLM_UNAVAILABLE', async () => {
    fake.handle(() => messageReply({ text: 'too late', delayMs: 3_000 }));
    const llm = caller({ timeoutMs: 150, retryPolicy: { ...FAST, maxAttempts: 2 } });
    const started = performance.now();
    const error = await llm.call(ask()).catch((e: unknown) => e);

    expect(error).toMatchObject({ code: 'LLM_UNAVAILABLE', retryable: true });
    expect((error as Error).message).toContain('did not answer within 0.15 s');
    expect(fake.requests).toHaveLength(2);
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it('stops with CANCELLED, without retrying, when the caller aborts', async () => {
    fake.handle(() => messageReply({ text: 'too late', delayMs: 3_000 }));
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    await expect(caller().call(ask(), controller.signal)).rejects.toMatchObject({
      code: 'CANCELLED',
    });
    expect(fake.requests).toHaveLength(1);
  });

  it('keeps at most maxConcurrency requests in flight', async () => {
    fake.handle(() => messageReply({ text: 'ok', delayMs: 30 }));
    const llm = caller({ maxConcurrency: 2 });
    await Promise.all(Array.from({ length: 6 }, () => llm.call(ask())));
    expect(fake.maxInFlight).toBe(2);
  });

  it('halves the concurrency on a wave of 429s and grows it back on success', async () => {
    const inFlightAtArrival: number[] = [];
    let releaseWave!: () => void;
    const waveArrived = new Promise<void>((resolve) => {
      releaseWave = resolve;
    });
    fake.handle(async (_request, index) => {
      inFlightAtArrival.push(fake.inFlight);
      if (index >= 4) return messageReply({ text: 'ok', delayMs: 15 });
      if (index === 3) releaseWave();
      await waveArrived; // the first four are all in flight when the 429s go out
      return rateLimitReply();
    });
    const llm = caller({ maxConcurrency: 4, growAfter: 2 });
    await Promise.all(Array.from({ length: 16 }, () => llm.call(ask())));

    expect(inFlightAtArrival.slice(0, 4)).toEqual([1, 2, 3, 4]);
    expect(llm.limit.shrinks).toBe(1);
    expect(Math.max(...inFlightAtArrival.slice(4, 6))).toBeLessThanOrEqual(2);
    expect(llm.limit.limit).toBe(4);
    expect(fake.maxInFlight).toBe(4);
    expect(llm.retries).toBe(4);
  });
});
