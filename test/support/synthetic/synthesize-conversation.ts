import type { AccountWorld } from './account-world.js';
import { buildTree } from './conversation-builder.js';
import { Clock, type ConversationContext, modelFor } from './conversation-context.js';
import { conversationObject } from './conversation-object.js';
import { featuresOf, planConversation } from './conversation-plan.js';
import type { FactPlanter, PlantedFact } from './fact-planter.js';
import type { ConversationTruth } from './ground-truth.js';
import { omitOptionalFields, sortKeysDeep } from './layout-2026.js';
import type { ResolvedOptions } from './options.js';
import { deriveSeed, Prng } from './prng.js';
import { toJson, utf8Length } from './serialize.js';
import { TextGenerator } from './text-generator.js';
import { TOPICS } from './topics.js';

export interface SynthesizedConversation {
  json: string;
  bytes: number;
  truth: ConversationTruth;
}

/** Average JSON bytes of a conversation at textScale 1; used to spread dates when only targetBytes is known. */
export const AVERAGE_CONVERSATION_BYTES = 15_000;

/**
 * Builds conversation number `index` from its own seeded stream. Its date depends on the
 * expected total (dates spread over the configured range), so the stream is stable per option set.
 */
export function synthesizeConversation(
  index: number,
  options: ResolvedOptions,
  world: AccountWorld,
  planter: FactPlanter,
  expectedTotal: number,
): SynthesizedConversation {
  const rng = new Prng(deriveSeed(options.seed, index + 1));
  const span = options.endTime - options.startTime;
  const startedAt = Math.min(
    options.endTime - 3600,
    options.startTime + (span * (index + rng.next())) / Math.max(1, expectedTotal),
  );
  const year = new Date(startedAt * 1000).getUTCFullYear();
  const id = rng.uuid();
  let doNotRemember = rng.chance(options.doNotRememberRate);
  const planned = planter.planFor(index, rng, doNotRemember, year);
  if (planned?.forceDoNotRemember) doNotRemember = true;
  const plan = planConversation(rng, options, startedAt, doNotRemember, planned?.plan ?? null);

  const text = new TextGenerator(rng, rng.pick(TOPICS), options.textScale);
  const ctx: ConversationContext = {
    rng,
    text,
    clock: new Clock(rng, startedAt),
    layout: options.layout,
    year,
    model: modelFor(rng, year, plan.reasoning),
    conversationId: id,
    requestId: '',
    turnExchangeId: '',
  };
  const title = text.title();
  const built = buildTree(ctx, plan, world, options.hiddenScaffolding);
  const is2026 = options.layout === '2026';
  const createTime =
    is2026 && rng.chance(options.missingCreateTimeRate) ? null : Math.round(startedAt * 1e6) / 1e6;
  const updateTime = Math.round((ctx.clock.now + rng.exponential(600)) * 1e6) / 1e6;
  const writtenTitle = is2026 && rng.chance(options.nullTitleRate) ? null : title;
  let conversation: unknown = conversationObject(
    rng,
    built.tree,
    {
      id,
      title: writtenTitle,
      createTime,
      updateTime,
      model: ctx.model,
      doNotRemember,
      voice: plan.voice,
      safeUrls: [],
    },
    options.layout,
  );
  if (is2026) {
    omitOptionalFields(conversation as Record<string, unknown>, rng, options.omitRate);
    conversation = sortKeysDeep(conversation);
  }
  const json = toJson(conversation, options.escapeNonAscii);
  const bytes = utf8Length(json, options.escapeNonAscii);

  const facts: PlantedFact[] = [];
  if (plan.fact && built.fact) {
    facts.push({
      conversationId: id,
      messageId: built.fact.messageId,
      category: plan.fact.category,
      text: plan.fact.text,
      needle: plan.fact.needle,
      doNotRemember,
      onActiveBranch: built.fact.onActiveBranch,
      turn: plan.fact.turn,
      turns: plan.turns,
      contentType: built.fact.contentType,
    });
  }
  const visible = built.tree.visibleCounts();
  const truth: ConversationTruth = {
    index,
    id,
    title: writtenTitle,
    file: '',
    createTime,
    startedAt,
    updateTime,
    doNotRemember,
    features: featuresOf(plan, built.memoryWrites.length),
    nodes: built.tree.nodes.length,
    activeBranchNodes: built.tree.activePath().length,
    visibleUserMessages: visible.user,
    visibleAssistantMessages: visible.assistant,
    visibleTextChars: visible.textChars,
    plantedFacts: facts,
    customInstructions: plan.customInstructions ? world.customInstructionsAt(startedAt) : null,
    memorySnapshot: built.snapshot,
    memoryWrites: built.memoryWrites,
    jsonBytes: bytes,
  };
  return { json, bytes, truth };
}
