import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type FakeAnthropic,
  type MessagesRequestBody,
  messageReply,
  startFakeAnthropic,
} from '../../test/fakes/anthropic-messages-server.js';
import { fakeAnthropicCaller } from '../../test/support/fake-anthropic-caller.js';
import { validSoulprintJson } from '../../test/support/soulprint-example.js';
import type { AccountContext, NormalizedConversation } from '../export/types.js';
import { QuickSampleCollector } from './quick-sample.js';
import { memoryNotes, regenerateProfile } from './regenerate-profile.js';

const API_KEY = 'sk-ant-test-regenerate-0123456789';

const MEMORY_MD = `# Memory

## Preferences
- Prefers **metric** units
- Dislikes cilantro

## Projects
- Quietline: a noise-mapping app for the neighbourhood

## Important Dates
- User's sister Femke marries on 2026-09-12
`;

const account: AccountContext = {
  customInstructions: { aboutUser: 'I live in Ghent.', aboutModel: null },
  memorySnapshot: [],
  memoryWrites: [],
};

function larger() {
  const collector = new QuickSampleCollector({
    maxConversations: 200,
    maxMessagesPerConversation: 20,
  });
  const at = Date.UTC(2025, 4, 1);
  const conversation: NormalizedConversation = {
    id: 'c1',
    title: 'Noise maps',
    createdAt: at,
    updatedAt: at,
    model: null,
    idDerived: false,
    gizmo: null,
    doNotRemember: false,
    messages: [
      { id: '1', role: 'user', text: 'How do I average decibel readings?', createdAt: at },
      { id: '2', role: 'assistant', text: 'Convert to energy first.', createdAt: at },
      { id: '3', role: 'user', text: 'And for a whole street?', createdAt: at },
    ],
  };
  collector.add(conversation);
  return collector.sample();
}

let fake: FakeAnthropic;
beforeEach(async () => {
  fake = await startFakeAnthropic({ apiKey: API_KEY });
});
afterEach(async () => {
  await fake.close();
});

describe('regenerateProfile', () => {
  it('puts MEMORY after the account context and before the conversations', async () => {
    fake.reply(messageReply({ text: JSON.stringify(validSoulprintJson()) }));
    const llm = fakeAnthropicCaller(fake, API_KEY, {
      maxConcurrency: 1,
      retryPolicy: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 5, jitter: 0 },
    });
    const result = await regenerateProfile({ sample: larger(), account, memoryMd: MEMORY_MD, llm });
    expect(result.source).toBe('llm');

    const body = fake.requests[0]!.body as MessagesRequestBody;
    const content = body.messages[0]!.content as string;
    const account_ = content.indexOf('I live in Ghent.');
    const memory = content.indexOf('Dislikes cilantro');
    const chats = content.indexOf('How do I average decibel readings?');
    expect(account_).toBeGreaterThan(-1);
    expect(memory).toBeGreaterThan(account_);
    expect(chats).toBeGreaterThan(memory);
    const memoryTag = /<(memory_[0-9a-f]{12})>/.exec(content)?.[1];
    expect(content.indexOf(`<${memoryTag}>`)).toBeLessThan(memory);
    expect(content.indexOf(`</${memoryTag}>`)).toBeGreaterThan(memory);
    expect(body.system).toContain(`<${memoryTag}>`);
    expect(llm.costReport().byPurpose['profile-v2']?.calls).toBe(1);
  });

  it('offline, adds the MEMORY facts to the offline profile', async () => {
    const result = await regenerateProfile({
      sample: larger(),
      account,
      memoryMd: MEMORY_MD,
      llm: null,
    });
    expect(result.source).toBe('offline');
    expect(result.soulprint.user.location).toBe('Ghent');
    expect(result.soulprint.user.life_context).toContain('dislikes cilantro');
    expect(result.soulprint.user.relationships).toContain('Femke (sister)');
  });
});

describe('memoryNotes', () => {
  it('reads the list items of a MEMORY document', () => {
    expect(memoryNotes(MEMORY_MD)).toEqual([
      'Prefers metric units',
      'Dislikes cilantro',
      'Quietline: a noise-mapping app for the neighbourhood',
      "User's sister Femke marries on 2026-09-12",
    ]);
  });
});
