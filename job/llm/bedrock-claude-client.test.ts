import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../core/errors.js';
import {
  bedrockErrorReply,
  type FakeBedrock,
  invokeReply,
  startFakeBedrock,
  throttlingReply,
} from '../../test/fakes/bedrock-claude-server.js';
import { createBedrockClaudeClient } from './bedrock-claude-client.js';
import type { LlmRequest } from './llm-client.js';

const MODEL_ID = 'us.anthropic.claude-haiku-4-5-20251001-v1:0';
const SECRET_KEY = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const request: LlmRequest = {
  system: 'You describe people.',
  messages: [{ role: 'user', content: 'Describe me.' }],
  maxTokens: 200,
  purpose: 'test',
};

let fake: FakeBedrock;
beforeEach(async () => {
  fake = await startFakeBedrock();
});
afterEach(async () => {
  await fake.close();
});

const client = () =>
  createBedrockClaudeClient({
    modelId: MODEL_ID,
    awsRegion: 'eu-west-1',
    awsAccessKey: 'AKIDEXAMPLE',
    awsSecretKey: SECRET_KEY,
    baseURL: fake.url,
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

describe('createBedrockClaudeClient', () => {
  it('invokes the model by id with a SigV4-signed Bedrock body and reads the answer', async () => {
    fake.reply(
      invokeReply({
        text: 'hello',
        usage: { input_tokens: 50, output_tokens: 9, cache_read_input_tokens: 3 },
      }),
    );
    const response = await client().complete(request);

    expect(response).toEqual({
      text: 'hello',
      stopReason: 'end_turn',
      usage: { inputTokens: 50, outputTokens: 9, cacheReadTokens: 3, cacheWriteTokens: 0 },
    });
    const sent = fake.requests[0]!;
    expect(sent.path).toBe(`/model/${MODEL_ID}/invoke`);
    expect(sent.body).toEqual({
      anthropic_version: 'bedrock-2023-05-31',
      max_tokens: 200,
      system: 'You describe people.',
      messages: [{ role: 'user', content: 'Describe me.' }],
    });
    expect(sent.headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/eu-west-1\/bedrock\/aws4_request/,
    );
    expect(JSON.stringify(sent.headers)).not.toContain(SECRET_KEY);
  });

  it('maps ThrottlingException (429) to a retryable LLM_RATE_LIMITED', async () => {
    fake.reply(throttlingReply());
    expect(await failure(client().complete(request))).toMatchObject({
      code: 'LLM_RATE_LIMITED',
      retryable: true,
      backpressure: true,
    });
  });

  it('maps ServiceUnavailableException (503) to LLM_UNAVAILABLE counted as overload', async () => {
    fake.reply(bedrockErrorReply(503, 'ServiceUnavailableException', 'Service unavailable'));
    expect(await failure(client().complete(request))).toMatchObject({
      code: 'LLM_UNAVAILABLE',
      retryable: true,
      backpressure: true,
    });
  });

  it('maps AccessDeniedException to LLM_REJECTED naming the model and region, never the secret', async () => {
    fake.reply(
      bedrockErrorReply(403, 'AccessDeniedException', "You don't have access to the model"),
    );
    const error = await failure(client().complete(request));
    expect(error).toMatchObject({ code: 'LLM_REJECTED', kind: 'config', retryable: false });
    expect(error.message).toContain('403 AccessDeniedException');
    expect(error.message).toContain(MODEL_ID);
    expect(error.message).toContain('eu-west-1');
    expect(`${error.message}${String(error.cause)}`).not.toContain(SECRET_KEY);
  });

  it('passes on what Bedrock said for a ValidationException and suggests an inference profile', async () => {
    fake.reply(
      bedrockErrorReply(
        400,
        'ValidationException',
        "Invocation of model ID anthropic.claude-haiku-4-5-20251001-v1:0 with on-demand throughput isn't supported.",
      ),
    );
    const error = await failure(client().complete(request));
    expect(error).toMatchObject({ code: 'LLM_REJECTED', retryable: false });
    expect(error.message).toContain('on-demand throughput');
    expect(error.message).toContain('BEDROCK_MODEL_ID');
  });
});
