import type { ConversationContext, JsonObject } from './conversation-context.js';

export type Role = 'user' | 'assistant' | 'system' | 'tool';

export interface MessageSpec {
  id: string;
  role: Role;
  /** Tool name for tool messages (`python`, `browser`, `bio`). */
  name?: string | null;
  content: JsonObject;
  /** Epoch seconds, or null (scaffolding). */
  time: number | null;
  status?: string;
  endTurn?: boolean | null;
  weight?: number;
  metadata: JsonObject;
  recipient?: string;
  channel?: string | null;
}

/** A message object in the export's field order. */
export function message(spec: MessageSpec): JsonObject {
  return {
    id: spec.id,
    author: { role: spec.role, name: spec.name ?? null, metadata: {} },
    create_time: spec.time,
    update_time: null,
    content: spec.content,
    status: spec.status ?? 'finished_successfully',
    end_turn: spec.endTurn === undefined ? null : spec.endTurn,
    weight: spec.weight ?? 1,
    metadata: spec.metadata,
    recipient: spec.recipient ?? 'all',
    channel: spec.channel === undefined ? null : spec.channel,
  };
}

export function textContent(text: string): JsonObject {
  return { content_type: 'text', parts: [text] };
}

/** The bloat a real user message carries. */
export function userMetadata(ctx: ConversationContext, extra: JsonObject = {}): JsonObject {
  const metadata: JsonObject =
    ctx.year >= 2025
      ? {
          selected_github_repos: [],
          selected_all_github_repos: false,
          serialization_metadata: { custom_symbol_offsets: [] },
        }
      : {};
  metadata.request_id = ctx.requestId;
  metadata.message_source = null;
  metadata.timestamp_ = 'absolute';
  metadata.message_type = null;
  if (ctx.year >= 2025) metadata.turn_exchange_id = ctx.turnExchangeId;
  return Object.assign(metadata, extra);
}

export type FinishType = 'stop' | 'max_tokens' | 'interrupted';

/** The bloat a real assistant message carries. */
export function assistantMetadata(
  ctx: ConversationContext,
  parentId: string,
  extra: JsonObject = {},
  finish: FinishType = 'stop',
): JsonObject {
  const metadata: JsonObject = {
    finish_details:
      finish === 'stop'
        ? { type: 'stop', stop_tokens: [ctx.year >= 2024 ? 200002 : 100260] }
        : finish === 'max_tokens'
          ? { type: 'max_tokens' }
          : { type: 'interrupted', reason: 'client_stopped' },
    is_complete: finish !== 'interrupted',
    citations: [],
    content_references: [],
    message_type: ctx.year >= 2025 ? 'next' : null,
    model_slug: ctx.model,
    default_model_slug: ctx.model,
    parent_id: parentId,
    request_id: ctx.requestId,
    timestamp_: 'absolute',
  };
  if (ctx.year <= 2024)
    metadata.pad = 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'.slice(0, ctx.rng.int(8, 36));
  if (ctx.year >= 2025) {
    metadata.message_source = null;
    metadata.turn_exchange_id = ctx.turnExchangeId;
    metadata.model_switcher_deny = [];
  }
  return Object.assign(metadata, extra);
}

/** The smaller bloat of a tool message. */
export function toolMetadata(
  ctx: ConversationContext,
  parentId: string,
  extra: JsonObject = {},
): JsonObject {
  return Object.assign(
    {
      is_complete: true,
      message_type: null,
      model_slug: ctx.model,
      default_model_slug: ctx.model,
      parent_id: parentId,
      request_id: ctx.requestId,
      timestamp_: 'absolute',
    },
    extra,
  );
}
