import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Database, ensureLocalUser, openDatabase, startImport } from '../../core/db/index.js';
import { listFacts } from '../../core/db/learned-facts.js';
import {
  type FakeAnthropic,
  type MessagesRequestBody,
  messageReply,
  serverErrorReply,
  startFakeAnthropic,
} from '../../test/fakes/anthropic-messages-server.js';
import type { RecordedRequest } from '../../test/fakes/scripted-json-server.js';
import { fakeAnthropicCaller } from '../../test/support/fake-anthropic-caller.js';
import { SAMPLE_FACTS } from '../../test/support/synthetic/index.js';
import { ExportReader } from '../export/read-export.js';
import type { AccountContext, NormalizedConversation } from '../export/types.js';
import { FactInputCollector } from './fact-input-collector.js';
import { OfflineFactCollector } from './offline-facts.js';
import { runFullPass } from './run-full-pass.js';

const SAMPLE = fileURLToPath(new URL('../../samples/sample-export.zip', import.meta.url));
const API_KEY = 'sk-ant-test-full-pass-0123';
const SECRET = SAMPLE_FACTS.find((f) => f.doNotRemember)!;
const REMEMBERED = SAMPLE_FACTS.filter((f) => !f.doNotRemember);
const CATEGORY = {
  identity: 'identity',
  relationship: 'relationships',
  project: 'projects',
  date: 'dates',
  belief: 'beliefs',
  preference: 'preferences',
  decision: 'decisions',
} as const;

let db: Database;
let conversations: NormalizedConversation[];
let account: AccountContext;
let fake: FakeAnthropic;

beforeAll(async () => {
  db = await openDatabase({ kind: 'embedded', dataDir: 'memory://' });
  const reader = await ExportReader.open(SAMPLE);
  conversations = [];
  for await (const item of reader.items()) {
    if (item.kind === 'conversation') conversations.push(item.conversation);
  }
  account = reader.accountContext();
}, 60_000);
afterAll(() => db?.close());
beforeEach(async () => {
  fake = await startFakeAnthropic({ apiKey: API_KEY });
});
afterEach(() => fake.close());

const caller = () =>
  fakeAnthropicCaller(fake, API_KEY, {
    retryPolicy: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 2, jitter: 0 },
  });

/** The streamed pass: both collectors see every conversation once. */
function collectors() {
  const factInputs = new FactInputCollector({ tokenBudget: 50_000, now: Date.UTC(2026, 5, 1) });
  const offlineFacts = new OfflineFactCollector();
  for (const conversation of conversations) {
    factInputs.add(conversation);
    offlineFacts.add(conversation);
  }
  return { factInputs, offlineFacts };
}

async function newImport() {
  const ref = { userId: randomUUID(), importId: randomUUID() };
  await ensureLocalUser(db, ref.userId);
  await startImport(db, ref);
  return ref;
}

async function savedMemory(userId: string): Promise<string | null> {
  const [row] = await db.query<{ memory_md: string | null }>(
    'select memory_md from public.user_profiles where user_id = $1::uuid',
    [userId],
  );
  return row?.memory_md ?? null;
}

/** A fake model that recognises the sample's planted facts in the excerpts it is sent. */
function sampleModel(request: RecordedRequest<MessagesRequestBody>) {
  const content = request.body.messages[0]!.content as string;
  const facts: unknown[] = [];
  for (const block of content.matchAll(
    /<conversation n="(\d+)"[^>]*>([\s\S]*?)<\/conversation>/g,
  )) {
    for (const planted of SAMPLE_FACTS) {
      if (!block[2]!.includes(planted.needle)) continue;
      facts.push({
        category: CATEGORY[planted.category],
        fact: planted.text.replace(/^(?:My|I) /, ''),
        evidence: planted.text,
        conversationId: Number(block[1]),
      });
    }
  }
  return messageReply({
    text: JSON.stringify({ facts }),
    usage: { input_tokens: 1_000, output_tokens: 100 },
  });
}

describe('runFullPass', () => {
  it('extracts, saves the facts once and writes MEMORY; a re-run inserts nothing new', async () => {
    fake.handle(sampleModel);
    const ref = await newImport();
    const llm = caller();
    const progress: number[] = [];
    const first = await runFullPass({
      ...collectors(),
      account,
      llm,
      db,
      ...ref,
      maxTokensPerCall: 1_000,
      onProgress: (done) => progress.push(done),
    });

    expect(first).toMatchObject({ source: 'llm', failedCalls: 0, memorySaved: true });
    expect(first.calls).toBeGreaterThan(1);
    expect(progress).toHaveLength(first.calls);
    const saved = await listFacts(db, ref);
    expect(saved).toHaveLength(first.facts);
    expect(first.inserted).toBe(first.facts);
    const savedText = saved.map((f) => f.fact).join('\n');
    for (const planted of REMEMBERED) expect(savedText, planted.needle).toContain(planted.needle);
    expect(saved.find((f) => f.fact.includes('Joost'))).toMatchObject({
      category: 'relationships',
      confidence: 0.9,
      sourceConversationId: expect.any(String),
    });
    // Do-not-remember text never reached the model, the facts or MEMORY.
    for (const request of fake.requests) expect(request.rawBody).not.toContain(SECRET.needle);
    expect(first.memoryMd).not.toContain(SECRET.needle);
    expect(await savedMemory(ref.userId)).toBe(first.memoryMd);
    expect(first.memoryMd).toMatch(/## People\n\n(?:- .*\n)*- partner Joost is a pastry chef/i);

    const cost = llm.costReport().byPurpose.facts!;
    expect(cost).toMatchObject({
      calls: first.calls,
      inputTokens: 1_000 * first.calls,
      outputTokens: 100 * first.calls,
    });
    expect(cost.usd).toBeCloseTo(first.calls * 0.0015, 9);

    const again = await runFullPass({
      ...collectors(),
      account,
      llm: caller(),
      db,
      ...ref,
      maxTokensPerCall: 1_000,
    });
    expect(again).toMatchObject({ facts: first.facts, inserted: 0, memoryMd: first.memoryMd });
    expect(await listFacts(db, ref)).toEqual(saved);
  });

  it('rebuilds MEMORY from the saved facts without calling the model when extraction was done', async () => {
    fake.handle(sampleModel);
    const ref = await newImport();
    const first = await runFullPass({ ...collectors(), account, llm: caller(), db, ...ref });
    const calls = fake.requests.length;
    const resumed = await runFullPass({
      ...collectors(),
      account,
      llm: caller(),
      db,
      ...ref,
      skipExtraction: true,
    });
    expect(fake.requests).toHaveLength(calls);
    expect(resumed).toMatchObject({ source: 'saved', facts: first.facts, memorySaved: true });
    for (const planted of REMEMBERED) expect(resumed.memoryMd).toContain(planted.needle);
  });

  it('builds facts and MEMORY offline when there is no model', async () => {
    const ref = await newImport();
    const result = await runFullPass({ ...collectors(), account, llm: null, db, ...ref });
    expect(result).toMatchObject({ source: 'offline', calls: 0, memorySaved: true });
    expect(result.facts).toBeGreaterThan(REMEMBERED.length);
    for (const planted of REMEMBERED)
      expect(result.memoryMd, planted.needle).toContain(planted.needle);
    expect(result.memoryMd).toContain('Prefers metric units');
    expect(result.memoryMd).not.toContain(SECRET.needle);
    expect(await savedMemory(ref.userId)).toBe(result.memoryMd);
  });

  it('fails when every extraction call fails, saving nothing and leaving MEMORY alone', async () => {
    fake.handle(() => serverErrorReply());
    const ref = await newImport();
    await expect(
      runFullPass({ ...collectors(), account, llm: caller(), db, ...ref }),
    ).rejects.toMatchObject({
      code: 'FACTS_EXTRACTION_FAILED',
    });
    expect(await listFacts(db, ref)).toEqual([]);
    expect(await savedMemory(ref.userId)).toBeNull();
  });
});
