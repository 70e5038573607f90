import { z } from 'zod';
import { toEpochMs } from './export-time.js';

/**
 * The parts of a ChatGPT conversation we rely on, validated leniently: 2026 exports omit
 * `status`, `weight`, `metadata`, `recipient`, `children` and sometimes `create_time`, titles
 * may be null, and cosmetic fields of the wrong type become null instead of failing. Only what
 * the walk cannot do without (a `mapping` object) fails a conversation; one without an id gets
 * one derived from its content (derived-id.ts).
 */

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const plainObject = z.custom<Record<string, unknown>>(isPlainObject, 'expected an object');

/** A time as the export wrote it (seconds, milliseconds or ISO text), in ms or null. */
const epochTime = z.unknown().optional().transform(toEpochMs);
const optionalText = z.string().nullish().catch(null);

const nonEmptyId = z.string().min(1).nullish().catch(null);

/** What every form of conversation carries besides its messages. */
export const conversationFields = {
  id: nonEmptyId,
  conversation_id: nonEmptyId,
  title: optionalText,
  create_time: epochTime,
  update_time: epochTime,
  is_do_not_remember: z.boolean().nullish().catch(null),
  default_model_slug: optionalText,
  // Custom GPTs (`gizmo_type: "gpt"`) and projects (`"snorlax"`).
  gizmo_id: optionalText,
  gizmo_type: optionalText,
  conversation_template_id: optionalText,
};

export const conversationSchema = z.object({
  ...conversationFields,
  // Nodes are validated one by one as the branch is walked, so one bad node costs one message.
  mapping: plainObject,
  current_node: optionalText,
});

/** The custom GPT or project a conversation was held in, when it names one. */
export type ConversationGizmo = {
  id: string | null;
  type: string | null;
  templateId: string | null;
} | null;

export function gizmoOf(conv: {
  gizmo_id?: string | null;
  gizmo_type?: string | null;
  conversation_template_id?: string | null;
}): ConversationGizmo {
  const id = conv.gizmo_id ?? null;
  const type = conv.gizmo_type ?? null;
  const templateId = conv.conversation_template_id ?? null;
  return id === null && type === null && templateId === null ? null : { id, type, templateId };
}

export type RawConversation = z.output<typeof conversationSchema>;

/**
 * Nodes are parsed once per branch node (hundreds of thousands per export), so this schema is
 * kept cheap: `content` and `metadata` are only checked to be objects (their fields vary by
 * content type and are read defensively by the text extraction), and times stay raw numbers
 * (see `toEpochMs`).
 */
export const messageSchema = z.object({
  id: optionalText,
  author: z.object({
    role: z.string(),
    name: optionalText,
  }),
  create_time: z.unknown().optional(),
  content: plainObject.nullish().catch(null),
  metadata: plainObject.nullish().catch(null),
  recipient: optionalText,
  channel: optionalText,
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
  return toEpochMs(node.message.create_time);
}

/** Describes a failed validation by field path only: never by value (values are user text). */
export function describeIssues(error: z.ZodError): string {
  const first = error.issues[0];
  if (!first) return 'invalid conversation';
  const path = first.path.length > 0 ? first.path.join('.') : 'conversation';
  return `${path}: ${first.message}`;
}

export { isPlainObject };
