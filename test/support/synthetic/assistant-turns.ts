import type { ConversationContext, JsonObject } from './conversation-context.js';
import {
  assistantMetadata,
  type FinishType,
  message,
  textContent,
  toolMetadata,
} from './message-factory.js';
import type { TreeBuilder } from './tree-builder.js';
import { audioPart } from './user-turns.js';

export interface AssistantTextOptions {
  finish?: FinishType;
  endTurn?: boolean;
  extraMetadata?: JsonObject;
  /** Empty answers exist in real exports and are not visible. */
  visible?: boolean;
}

function finalChannel(ctx: ConversationContext): string | null {
  return ctx.year >= 2025 && ctx.model.startsWith('gpt-5') ? 'final' : null;
}

export function addAssistantText(
  tree: TreeBuilder,
  ctx: ConversationContext,
  text: string,
  options: AssistantTextOptions = {},
): string {
  const id = ctx.rng.uuid();
  const parent = tree.tip!;
  const finish = options.finish ?? 'stop';
  tree.add(
    id,
    message({
      id,
      role: 'assistant',
      content: textContent(text),
      time: ctx.clock.tick(12),
      status: finish === 'interrupted' ? 'in_progress' : 'finished_successfully',
      endTurn: options.endTurn ?? finish === 'stop',
      metadata: assistantMetadata(ctx, parent, options.extraMetadata, finish),
      channel: finalChannel(ctx),
    }),
    options.visible === false ? null : 'assistant',
  );
  return id;
}

/** One answer split by "continue generating": two consecutive visible assistant messages. */
export function addContinuedAnswer(tree: TreeBuilder, ctx: ConversationContext): void {
  addAssistantText(tree, ctx, ctx.text.answer(), { finish: 'max_tokens', endTurn: false });
  addAssistantText(tree, ctx, ctx.text.answer());
}

/** Hidden reasoning: a `thoughts` node then a `reasoning_recap` node. */
export function addReasoning(tree: TreeBuilder, ctx: ConversationContext): void {
  const thoughtsId = ctx.rng.uuid();
  const parent = tree.tip!;
  const thoughts = [];
  const count = ctx.rng.int(1, 4);
  for (let i = 0; i < count; i++) {
    thoughts.push({
      summary: ctx.text.title(),
      content: ctx.text.paragraph(ctx.rng.int(2, 5)),
      chunks: [],
      finished: true,
    });
  }
  tree.add(
    thoughtsId,
    message({
      id: thoughtsId,
      role: 'assistant',
      content: { content_type: 'thoughts', thoughts, source_analysis_msg_id: ctx.rng.uuid() },
      time: ctx.clock.tick(3),
      endTurn: false,
      metadata: assistantMetadata(ctx, parent, {
        reasoning_status: 'is_reasoning',
        skip_reasoning_title: false,
      }),
      channel: ctx.year >= 2025 ? 'analysis' : null,
    }),
  );
  const seconds = ctx.rng.int(2, 90);
  const recapId = ctx.rng.uuid();
  tree.add(
    recapId,
    message({
      id: recapId,
      role: 'assistant',
      content: { content_type: 'reasoning_recap', content: `Thought for ${seconds}s` },
      time: ctx.clock.tick(1),
      endTurn: false,
      metadata: assistantMetadata(ctx, thoughtsId, {
        reasoning_status: 'reasoning_ended',
        finished_duration_sec: seconds,
      }),
    }),
  );
}

/** A spoken answer: transcription plus audio pointer. */
export function addAssistantVoice(tree: TreeBuilder, ctx: ConversationContext, text: string): void {
  const id = ctx.rng.uuid();
  const parent = tree.tip!;
  const parts = [
    { content_type: 'audio_transcription', text, direction: 'out', decoding_id: null },
    audioPart(ctx, Math.round(ctx.rng.float(3, 60) * 100) / 100),
  ];
  tree.add(
    id,
    message({
      id,
      role: 'assistant',
      content: { content_type: 'multimodal_text', parts },
      time: ctx.clock.tick(4),
      endTurn: true,
      metadata: assistantMetadata(ctx, parent, { voice_mode_message: true }),
    }),
    'assistant',
  );
}

/** A memory write: assistant text to `bio`, then the tool's acknowledgement. Both hidden. */
export function addMemoryWrite(tree: TreeBuilder, ctx: ConversationContext, text: string): void {
  const writeId = ctx.rng.uuid();
  const parent = tree.tip!;
  tree.add(
    writeId,
    message({
      id: writeId,
      role: 'assistant',
      content: textContent(text),
      time: ctx.clock.tick(3),
      endTurn: false,
      metadata: assistantMetadata(ctx, parent),
      recipient: 'bio',
      channel: ctx.layout === '2026' ? 'commentary' : null,
    }),
  );
  const ackId = ctx.rng.uuid();
  tree.add(
    ackId,
    message({
      id: ackId,
      role: 'tool',
      name: 'bio',
      content: textContent('Model set context updated.'),
      time: ctx.clock.tick(0.5),
      metadata: toolMetadata(ctx, writeId),
      recipient: 'assistant',
    }),
  );
}
