import { describe, expect, it } from 'vitest';
import { chunkConversation } from '../../job/chunk/chunk-conversation.js';
import { DEFAULT_TIERS } from '../../job/chunk/chunk-tiers.js';
import { LexicalEmbedder } from '../../job/embed/lexical-embedder.js';
import { AccountContextCollector } from '../../job/export/account-context.js';
import type { NormalizedConversation } from '../../job/export/types.js';
import { neutralizeTags } from '../../job/llm/wrap-conversations.js';
import { FactInputCollector } from '../../job/memory/fact-input-collector.js';
import { OfflineFactCollector } from '../../job/memory/offline-facts.js';
import { ProfileEvidenceCollector } from '../../job/profile/profile-evidence.js';
import { QuickSampleCollector } from '../../job/profile/quick-sample.js';
import { assistant, conversation, readConversation, user } from '../support/linear-conversation.js';
import { PATHOLOGICAL_SHAPES, pathological, prose } from './pathological-text.js';

/**
 * Every text transform between the export and the database, on 4 MB of each pathological shape
 * against 4 MB of prose: each must stay within a small multiple of the prose time (linear), not
 * blow up (a quadratic regex on an unclosed marker takes minutes at this size). Ratios, not
 * absolute times, so a busy machine does not fail it.
 */
const BYTES = Number(process.env.SOULPRINT_TRANSFORM_BYTES ?? 4 * 1024 * 1024);
const MAX_RATIO = 15;
/** Transforms that finish in a few milliseconds on prose are compared against this floor. */
const FLOOR_MS = 40;

type Transform = (text: string) => unknown;

/** One conversation holding `text` as a user message and as the reply, read by the reader. */
const asConversation = (text: string): NormalizedConversation =>
  readConversation(conversation([user(`Hello\n${text}`), assistant(`Hello\n${text}`)]));

const TRANSFORMS: Record<string, Transform> = {
  'read: clean citations, message text': (text) => asConversation(text),
  'chunk: three tiers': (text) => {
    const c = asConversation(text);
    for (const spec of DEFAULT_TIERS) chunkConversation(c, spec);
  },
  'embed: lexical': (text) => new LexicalEmbedder().embed(text.slice(0, 20_000)),
  'facts: select user text': (text) => new FactInputCollector().add(asConversation(text)),
  'facts: offline': (text) => new OfflineFactCollector().add(asConversation(text)),
  'profile: evidence': (text) => new ProfileEvidenceCollector().add(asConversation(text)),
  'profile: quick sample': (text) => new QuickSampleCollector().add(asConversation(text)),
  'llm: neutralize tags': (text) => neutralizeTags(text),
  'account: memory snapshot': (text) =>
    new AccountContextCollector().addMemorySnapshot({ model_set_context: text }, 0),
};

function timed(transform: Transform, text: string): number {
  const started = performance.now();
  transform(text);
  return performance.now() - started;
}

describe('text transforms stay linear on hostile text', () => {
  const baseline = prose(BYTES);
  for (const [name, transform] of Object.entries(TRANSFORMS)) {
    it(`${name}: every shape within ${MAX_RATIO}× of prose`, () => {
      timed(transform, prose(64 * 1024)); // warm up
      const proseMs = Math.max(FLOOR_MS, timed(transform, baseline));
      const slow: string[] = [];
      for (const shape of PATHOLOGICAL_SHAPES) {
        const text = pathological(shape, BYTES);
        // A second try before calling it slow: a pause of the busy machine is not the transform's.
        let ms = timed(transform, text);
        if (ms > MAX_RATIO * proseMs) ms = Math.min(ms, timed(transform, text));
        if (ms > MAX_RATIO * proseMs)
          slow.push(`${shape}: ${ms.toFixed(0)} ms vs prose ${proseMs.toFixed(0)} ms`);
      }
      expect(slow).toEqual([]);
    }, 600_000);
  }
});
