import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  type FakeAnthropic,
  type MessagesRequestBody,
  messageReply,
  startFakeAnthropic,
} from '../../test/fakes/anthropic-messages-server.js';
import { fakeAnthropicCaller } from '../../test/support/fake-anthropic-caller.js';
import { completeJson } from './complete-json.js';
import type { LlmRequest } from './llm-client.js';

const API_KEY = 'sk-ant-test-json-0123456789';
const schema = z.object({ name: z.string(), traits: z.array(z.string()).min(1) });
const GOOD = '{"name":"Ada","traits":["curious","direct"]}';

let fake: FakeAnthropic;
beforeEach(async () => {
  fake = await startFakeAnthropic({ apiKey: API_KEY });
});
afterEach(async () => {
  await fake.close();
});

const caller = () =>
  fakeAnthropicCaller(fake, API_KEY, { maxConcurrency: 2, maxTokensCeiling: 2_000 });

const request: LlmRequest = {
  system: 'Answer with JSON only: {"name": string, "traits": string[]}.',
  messages: [{ role: 'user', content: 'Who is this?' }],
  maxTokens: 500,
  purpose: 'quick-profile',
};

const sent = (i: number) => fake.requests[i]!.body as MessagesRequestBody;

describe('completeJson', () => {
  it('returns the validated value of a clean answer', async () => {
    fake.reply(messageReply({ text: GOOD }));
    const result = await completeJson(caller(), request, schema);
    expect(result.value).toEqual({ name: 'Ada', traits: ['curious', 'direct'] });
    expect(result.repair).toBe('none');
    expect(fake.requests).toHaveLength(1);
  });

  it('reads JSON inside a code fence with prose around it', async () => {
    fake.reply(
      messageReply({ text: `Sure! Here it is:\n\`\`\`json\n${GOOD}\n\`\`\`\nAnything else?` }),
    );
    const result = await completeJson(caller(), request, schema);
    expect(result.value.name).toBe('Ada');
    expect(result.repair).toBe('none');
  });

  it('fixes slightly broken JSON locally, without another call', async () => {
    fake.reply(messageReply({ text: '{"name":"Ada","traits":["curious","direct",],' }));
    const result = await completeJson(caller(), request, schema);
    expect(result.value).toEqual({ name: 'Ada', traits: ['curious', 'direct'] });
    expect(result.repair).toBe('local');
    expect(fake.requests).toHaveLength(1);
  });

  it('asks the model once to correct broken JSON, showing it its answer and the problem', async () => {
    const broken = '{name: "Ada", traits: curious}';
    fake.reply(
      messageReply({ text: broken, usage: { input_tokens: 100, output_tokens: 10 } }),
      messageReply({ text: GOOD, usage: { input_tokens: 130, output_tokens: 12 } }),
    );
    const llm = caller();
    const result = await completeJson(llm, request, schema);

    expect(result.value.name).toBe('Ada');
    expect(result.repair).toBe('model');
    expect(result.responses).toHaveLength(2);
    expect(result.usage).toEqual({
      inputTokens: 230,
      outputTokens: 22,
      cacheReadTokens: 0,
      cacheWriteTokens: 0,
    });
    const repair = sent(1);
    expect(repair.system).toBe(request.system);
    expect(repair.messages.slice(0, 2)).toEqual([
      { role: 'user', content: 'Who is this?' },
      { role: 'assistant', content: broken },
    ]);
    expect(repair.messages[2]).toMatchObject({ role: 'user' });
    expect(repair.messages[2]!.content).toContain('not valid JSON');
    expect(llm.costReport().byPurpose['quick-profile']).toMatchObject({
      calls: 2,
      inputTokens: 230,
    });
  });

  it('asks for a correction when the JSON has the wrong shape, naming the field', async () => {
    fake.reply(messageReply({ text: '{"name":"Ada","traits":[]}' }), messageReply({ text: GOOD }));
    const result = await completeJson(caller(), request, schema);
    expect(result.repair).toBe('model');
    expect(sent(1).messages[2]!.content).toContain('traits');
  });

  it('fails with LLM_BAD_OUTPUT when the answer stays unusable after one correction', async () => {
    fake.reply(messageReply({ text: 'no JSON here' }), messageReply({ text: 'still none' }));
    await expect(completeJson(caller(), request, schema)).rejects.toMatchObject({
      code: 'LLM_BAD_OUTPUT',
      retryable: false,
    });
    expect(fake.requests).toHaveLength(2);
  });

  it('asks again with twice the tokens after a max_tokens stop', async () => {
    fake.reply(
      messageReply({ text: '{"name":"Ada","traits":["cur', stopReason: 'max_tokens' }),
      messageReply({ text: GOOD }),
    );
    const result = await completeJson(caller(), request, schema);
    expect(result.value.name).toBe('Ada');
    expect(sent(0).max_tokens).toBe(500);
    expect(sent(1).max_tokens).toBe(1000);
    expect(sent(1).messages).toEqual(sent(0).messages);
  });

  it('gives up with LLM_TRUNCATED when the larger budget is cut off too', async () => {
    fake.handle(() => messageReply({ text: '{"name":', stopReason: 'max_tokens' }));
    await expect(completeJson(caller(), request, schema)).rejects.toMatchObject({
      code: 'LLM_TRUNCATED',
    });
    expect(fake.requests).toHaveLength(2);
  });

  it('does not raise the budget past the ceiling', async () => {
    fake.reply(messageReply({ text: '{"name":', stopReason: 'max_tokens' }));
    await expect(
      completeJson(caller(), { ...request, maxTokens: 2_000 }, schema),
    ).rejects.toMatchObject({ code: 'LLM_TRUNCATED' });
    expect(fake.requests).toHaveLength(1);
  });

  it('treats a refusal as LLM_BAD_OUTPUT without asking again', async () => {
    fake.reply(messageReply({ text: '', stopReason: 'refusal' }));
    await expect(completeJson(caller(), request, schema)).rejects.toMatchObject({
      code: 'LLM_BAD_OUTPUT',
    });
    expect(fake.requests).toHaveLength(1);
  });
});
