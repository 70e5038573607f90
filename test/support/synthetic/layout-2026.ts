import type { JsonObject } from './conversation-context.js';
import type { Prng } from './prng.js';

/**
 * Drops optional fields the way mid-2026 exports do, but only where dropping keeps the meaning:
 * `weight` only when 1, `recipient` only when "all", `metadata` only on plain visible turns, so the
 * ground truth about what is visible stays true. `children` is dropped on any node.
 */
export function omitOptionalFields(conversation: JsonObject, rng: Prng, rate: number): void {
  if (rate <= 0) return;
  for (const node of Object.values(conversation.mapping as Record<string, JsonObject>)) {
    if (rng.chance(rate)) delete node.children;
    const message = node.message as JsonObject | null;
    if (!message) continue;
    if (rng.chance(rate)) {
      delete message.status;
      delete message.end_turn;
      delete message.update_time;
      if (message.channel === null || message.channel === 'final') delete message.channel;
      if (message.weight === 1) delete message.weight;
      if (message.recipient === 'all') delete message.recipient;
    }
    if (rng.chance(rate) && metadataIsOptional(message)) delete message.metadata;
  }
}

function metadataIsOptional(message: JsonObject): boolean {
  const role = (message.author as JsonObject).role;
  const content = message.content as JsonObject;
  const metadata = message.metadata as JsonObject;
  return (
    (role === 'user' || role === 'assistant') &&
    content.content_type === 'text' &&
    (message.recipient ?? 'all') === 'all' &&
    message.weight !== 0 &&
    metadata.attachments === undefined &&
    metadata.is_visually_hidden_from_conversation === undefined
  );
}

/** A deep copy with every object's keys in alphabetical order (arrays keep their order). */
export function sortKeysDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeysDeep);
  if (value === null || typeof value !== 'object') return value;
  const source = value as JsonObject;
  const sorted: JsonObject = {};
  for (const key of Object.keys(source).sort()) sorted[key] = sortKeysDeep(source[key]);
  return sorted;
}
