import { inspect } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../../core/errors.js';
import {
  type FakeAnthropic,
  messageReply,
  serverErrorReply,
  startFakeAnthropic,
} from '../../test/fakes/anthropic-messages-server.js';
import {
  bedrockErrorReply,
  type FakeBedrock,
  invokeReply,
  startFakeBedrock,
} from '../../test/fakes/bedrock-claude-server.js';
import { createLlmCaller } from './create-llm-caller.js';
import { DEFAULT_BEDROCK_MODEL_ID, loadLlmConfig } from './llm-config.js';

const API_KEY = 'sk-ant-config-test-0123456789';
const AWS_SECRET = 'aws-secret-config-test-abcdefghij';
const FAST = { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 2, jitter: 0 };

function configError(env: Record<string, string>): AppError {
  try {
    loadLlmConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }
  throw new Error('expected CONFIG_INVALID');
}

describe('loadLlmConfig', () => {
  it('is offline when no provider and no API key are set', () => {
    expect(loadLlmConfig({}).provider).toBe('offline');
    expect(createLlmCaller(loadLlmConfig({}))).toBeNull();
  });

  it('uses Anthropic with Haiku 4.5 and the documented defaults when ANTHROPIC_API_KEY is set', () => {
    const config = loadLlmConfig({ ANTHROPIC_API_KEY: API_KEY });
    expect(config).toMatchObject({
      provider: 'anthropic',
      model: 'claude-haiku-4-5',
      concurrency: 5,
      timeoutMs: 60_000,
      maxAttempts: 4,
      maxTokensCeiling: 16_384,
      prices: { inputPerMTok: 1, outputPerMTok: 5, cacheWritePerMTok: 1.25, cacheReadPerMTok: 0.1 },
    });
    expect(config.provider === 'anthropic' && config.apiKey.reveal()).toBe(API_KEY);
  });

  it('reads the model, limits and prices', () => {
    const config = loadLlmConfig({
      LLM_PROVIDER: 'anthropic',
      ANTHROPIC_API_KEY: API_KEY,
      LLM_MODEL: 'claude-sonnet-4-5',
      LLM_CONCURRENCY: '3',
      LLM_TIMEOUT_MS: '30000',
      LLM_PRICE_INPUT_PER_MTOK: '3',
      LLM_PRICE_OUTPUT_PER_MTOK: '15',
      LLM_PRICE_CACHE_WRITE_PER_MTOK: '3.75',
      LLM_PRICE_CACHE_READ_PER_MTOK: '0.3',
    });
    expect(config).toMatchObject({
      model: 'claude-sonnet-4-5',
      concurrency: 3,
      timeoutMs: 30_000,
      prices: {
        inputPerMTok: 3,
        outputPerMTok: 15,
        cacheWritePerMTok: 3.75,
        cacheReadPerMTok: 0.3,
      },
    });
  });

  it('reads Bedrock settings with the Haiku 4.5 inference profile as the default model', () => {
    const config = loadLlmConfig({
      LLM_PROVIDER: 'bedrock',
      AWS_REGION: 'us-west-2',
      AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
      AWS_SECRET_ACCESS_KEY: AWS_SECRET,
    });
    expect(config).toMatchObject({
      provider: 'bedrock',
      model: DEFAULT_BEDROCK_MODEL_ID,
      region: 'us-west-2',
      accessKeyId: 'AKIDEXAMPLE',
    });
    expect(DEFAULT_BEDROCK_MODEL_ID).toBe('us.anthropic.claude-haiku-4-5-20251001-v1:0');
  });

  it('never shows secrets when the config is logged', () => {
    const anthropic = loadLlmConfig({ ANTHROPIC_API_KEY: API_KEY });
    const bedrock = loadLlmConfig({
      LLM_PROVIDER: 'bedrock',
      AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
      AWS_SECRET_ACCESS_KEY: AWS_SECRET,
    });
    for (const shown of [
      JSON.stringify(anthropic),
      inspect(anthropic),
      String(anthropic.provider === 'anthropic' && anthropic.apiKey),
    ])
      expect(shown).not.toContain(API_KEY);
    for (const shown of [JSON.stringify(bedrock), inspect(bedrock)])
      expect(shown).not.toContain(AWS_SECRET);
    expect(JSON.stringify(anthropic)).toContain('"apiKey":"[redacted]"');
  });

  it('rejects bad settings naming the variable, never echoing values', () => {
    const missingKey = configError({ LLM_PROVIDER: 'anthropic' });
    expect(missingKey.code).toBe('CONFIG_INVALID');
    expect(missingKey.message).toContain('ANTHROPIC_API_KEY');

    const halfKeys = configError({ LLM_PROVIDER: 'bedrock', AWS_SECRET_ACCESS_KEY: AWS_SECRET });
    expect(halfKeys.message).toContain('AWS_ACCESS_KEY_ID');
    expect(halfKeys.message).not.toContain(AWS_SECRET);

    const bad = configError({
      ANTHROPIC_API_KEY: API_KEY,
      LLM_PROVIDER: 'openai',
      LLM_CONCURRENCY: '0',
    });
    expect(bad.message).toMatch(/LLM_PROVIDER.*LLM_CONCURRENCY|LLM_CONCURRENCY.*LLM_PROVIDER/);
    expect(bad.message).not.toContain(API_KEY);

    expect(configError({ ANTHROPIC_BASE_URL: 'not a url' }).message).toContain(
      'ANTHROPIC_BASE_URL',
    );
  });
});

describe('createLlmCaller', () => {
  let anthropic: FakeAnthropic | undefined;
  let bedrock: FakeBedrock | undefined;
  afterEach(async () => {
    await anthropic?.close();
    await bedrock?.close();
    anthropic = bedrock = undefined;
  });

  it('builds an Anthropic caller that retries with the configured number of attempts', async () => {
    anthropic = await startFakeAnthropic({ apiKey: API_KEY });
    anthropic.handle(() => serverErrorReply());
    const llm = createLlmCaller(
      loadLlmConfig({
        ANTHROPIC_API_KEY: API_KEY,
        ANTHROPIC_BASE_URL: anthropic.url,
        LLM_MAX_ATTEMPTS: '2',
      }),
      { random: () => 1 },
    )!;
    const request = {
      system: 's',
      messages: [{ role: 'user' as const, content: 'x' }],
      maxTokens: 10,
      purpose: 't',
    };
    await expect(llm.call(request)).rejects.toMatchObject({ code: 'LLM_UNAVAILABLE' });
    expect(anthropic.requests).toHaveLength(2);
    expect(llm.maxTokensCeiling).toBe(16_384);
  });

  it('builds a Bedrock caller from the environment that answers and reports its cost', async () => {
    bedrock = await startFakeBedrock();
    bedrock.reply(
      bedrockErrorReply(503, 'ServiceUnavailableException', 'Service unavailable'),
      invokeReply({ text: 'hello', usage: { input_tokens: 400, output_tokens: 60 } }),
    );
    const llm = createLlmCaller(
      loadLlmConfig({
        LLM_PROVIDER: 'bedrock',
        AWS_REGION: 'us-east-1',
        AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
        AWS_SECRET_ACCESS_KEY: AWS_SECRET,
        ANTHROPIC_BEDROCK_BASE_URL: bedrock.url,
      }),
      { retryPolicy: FAST },
    )!;
    const response = await llm.call({
      system: 's',
      messages: [{ role: 'user', content: 'x' }],
      maxTokens: 10,
      purpose: 'facts',
    });
    expect(response.text).toBe('hello');
    expect(bedrock.requests[1]!.path).toBe(`/model/${DEFAULT_BEDROCK_MODEL_ID}/invoke`);
    expect(llm.limit.limit).toBe(2);
    expect(llm.costReport()).toMatchObject({
      provider: 'bedrock',
      model: DEFAULT_BEDROCK_MODEL_ID,
      calls: 1,
      retries: 1,
      usd: 0.0007,
    });
  });

  it('passes the configured timeout to each attempt', async () => {
    anthropic = await startFakeAnthropic();
    anthropic.handle(() => messageReply({ text: 'late', delayMs: 2_000 }));
    const llm = createLlmCaller(
      loadLlmConfig({
        ANTHROPIC_API_KEY: API_KEY,
        ANTHROPIC_BASE_URL: anthropic.url,
        LLM_TIMEOUT_MS: '100',
      }),
      { retryPolicy: { ...FAST, maxAttempts: 1 } },
    )!;
    await expect(
      llm.call({
        system: 's',
        messages: [{ role: 'user', content: 'x' }],
        maxTokens: 10,
        purpose: 't',
      }),
    ).rejects.toMatchObject({ code: 'LLM_UNAVAILABLE' });
  });
});
