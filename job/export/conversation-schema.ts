import { z } from 'zod';

/**
 * The parts of a ChatGPT conversation we rely on, validated leniently: 2026 exports omit
 * `status`, `weight`, `metadata`, `recipient`, `children` and sometimes `create_time`, titles
 * may be null, and cosmetic fields of the wrong type become null instead of failing. Only what
 * the walk cannot do without (an id, a `mapping` object) fails a conversation.
 */

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const plainObject = z.custom<Record<string, unknown>>(isPlainObject, 'expected an object');

/** Export times are float epoch seconds; values above 1e12 are already milliseconds. */
export function toEpochMs(value: number | null | undefined): number | null {
  if (value == null || !Number.isFinite(value)) return null;
  return value > 1e12 ? value : value * 1000;
}

const epochTime = z.number().nullish().catch(null).transform(toEpochMs);

export const conversationSchema = z
  .object({
    id: z.string().min(1).nullish(),
    conversation_id: z.string().min(1).nullish(),
    title: z.string().nullish().catch(null),
    create_time: epochTime,
    update_time: epochTime,
    // Nodes are validated one by one as the branch is walked, so one bad node costs one message.
    mapping: plainObject,
    current_node: z.string().nullish().catch(null),
    is_do_not_remember: z.boolean().nullish().catch(null),
    default_model_slug: z.string().nullish().catch(null),
  })
  .refine((c) => c.id != null || c.conversation_id != null, {
    message: 'expected an id or conversation_id',
    path: ['id'],
  });

export type RawConversation = z.output<typeof conversationSchema>;

/**
 * Nodes are parsed once per branch node (hundreds of thousands per export), so this schema is
 * kept cheap: `content` and `metadata` are only checked to be objects (their fields vary by
 * content type and are read defensively by the text extraction), and times stay raw numbers
 * (see `toEpochMs`).
 */
export const messageSchema = z.object({
  id: z.string().nullish().catch(null),
  author: z.object({
    role: z.string(),
    name: z.string().nullish().catch(null),
  }),
  create_time: z.number().nullish().catch(null),
  content: plainObject.nullish().catch(null),
  metadata: plainObject.nullish().catch(null),
  recipient: z.string().nullish().catch(null),
  weight: z.number().nullish().catch(null),
});

export type RawMessage = z.output<typeof messageSchema>;

export const nodeSchema = z.object({
  parent: z.string().nullish().catch(null),
  message: messageSchema.nullish(),
});

export type RawNode = z.output<typeof nodeSchema>;

/** The parent id of a mapping value, without validating the rest (used to find leaves). */
export function parentOf(node: unknown): string | null {
  if (!isPlainObject(node)) return null;
  return typeof node.parent === 'string' ? node.parent : null;
}

/** A node's message time in ms without validating the rest (used to pick the newest leaf). */
export function messageTimeOf(node: unknown): number | null {
  if (!isPlainObject(node) || !isPlainObject(node.message)) return null;
  const t = node.message.create_time;
  return typeof t === 'number' && Number.isFinite(t) ? t : null;
}

/** Describes a failed validation by field path only: never by value (values are user text). */
export function describeIssues(error: z.ZodError): string {
  const first = error.issues[0];
  if (!first) return 'invalid conversation';
  const path = first.path.length > 0 ? first.path.join('.') : 'conversation';
  return `${path}: ${first.message}`;
}

export { isPlainObject };
