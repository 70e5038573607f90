import { AccountWorld } from './account-world.js';
import { FactPlanter } from './fact-planter.js';
import { InventedWords } from './invented-words.js';
import { type ResolvedOptions, resolveOptions, type SyntheticExportOptions } from './options.js';
import { deriveSeed, Prng } from './prng.js';
import {
  AVERAGE_CONVERSATION_BYTES,
  type SynthesizedConversation,
  synthesizeConversation,
} from './synthesize-conversation.js';

/**
 * Yields conversations one at a time until the count or the byte target is reached. Only the
 * current conversation is in memory; export-wide state is the planter's needle list.
 */
export function* conversationStream(
  options: ResolvedOptions,
  world = new AccountWorld(options),
): Generator<SynthesizedConversation> {
  const words = new InventedWords(new Prng(deriveSeed(options.seed, 0xfac7)));
  const planter = new FactPlanter(options, words);
  const expected =
    options.conversations ??
    Math.max(
      1,
      Math.round((options.targetBytes ?? 0) / (AVERAGE_CONVERSATION_BYTES * options.textScale)),
    );
  let bytes = 2; // "[" and "]"
  for (let index = 0; ; index++) {
    if (options.conversations !== null && index >= options.conversations) return;
    if (options.targetBytes !== null && bytes >= options.targetBytes) return;
    const conversation = synthesizeConversation(index, options, world, planter, expected);
    bytes += conversation.bytes + (index > 0 ? 1 : 0);
    yield conversation;
  }
}

/** Conversations (minified JSON plus ground truth) without writing a file, e.g. for parser tests. */
export function syntheticConversations(
  options: SyntheticExportOptions = {},
): Generator<SynthesizedConversation> {
  return conversationStream(resolveOptions(options));
}
