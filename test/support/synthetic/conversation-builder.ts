import type { AccountWorld } from './account-world.js';
import {
  addAssistantText,
  addAssistantVoice,
  addContinuedAnswer,
  addMemoryWrite,
  addReasoning,
} from './assistant-turns.js';
import { type ConversationContext, newRequestId } from './conversation-context.js';
import type { ConversationPlan } from './conversation-plan.js';
import type { FactPlan } from './fact-planter.js';
import {
  addCustomInstructions,
  addHiddenSystem,
  addMemorySnapshot,
  addRoot,
} from './scaffolding.js';
import { addBrowsing, addCodeInterpreter } from './tool-turns.js';
import { TreeBuilder } from './tree-builder.js';
import { addUserImage, addUserText, addUserVoice, addUserWithAttachments } from './user-turns.js';

/** Where the planted fact ended up. */
export interface FactPlacement {
  messageId: string;
  contentType: 'text' | 'multimodal_text';
  onActiveBranch: boolean;
}

export interface BuiltTree {
  tree: TreeBuilder;
  fact: FactPlacement | null;
  memoryWrites: string[];
  /** The saved-memory snapshot written into the conversation, if any. */
  snapshot: { raw: string; entries: string[] } | null;
}

/** Builds one conversation's node tree from its plan. */
export function buildTree(
  ctx: ConversationContext,
  plan: ConversationPlan,
  world: AccountWorld,
  hiddenScaffolding: boolean,
): BuiltTree {
  const builder = new ConversationTreeWriter(ctx, plan, world);
  return builder.build(hiddenScaffolding);
}

class ConversationTreeWriter {
  private readonly tree = new TreeBuilder();
  private fact: FactPlacement | null = null;
  private readonly memoryWrites: string[] = [];

  constructor(
    private readonly ctx: ConversationContext,
    private readonly plan: ConversationPlan,
    private readonly world: AccountWorld,
  ) {}

  build(hiddenScaffolding: boolean): BuiltTree {
    const { ctx, plan, tree } = this;
    const startedAt = ctx.clock.now;
    if (hiddenScaffolding) {
      addRoot(tree, ctx);
      addHiddenSystem(tree, ctx);
    }
    if (plan.customInstructions) {
      const instructions = this.world.customInstructionsAt(startedAt);
      if (instructions) addCustomInstructions(tree, ctx, instructions);
    }
    let snapshot: BuiltTree['snapshot'] = null;
    if (plan.memorySnapshot) {
      const entries = this.world.memoriesAt(startedAt);
      snapshot = { raw: this.world.formatSnapshot(entries), entries: entries.map((e) => e.text) };
      addMemorySnapshot(tree, ctx, snapshot.raw);
    }
    for (let turn = 0; turn < plan.turns; turn++) {
      ctx.requestId = newRequestId(ctx.rng);
      ctx.turnExchangeId = ctx.rng.uuid();
      const branch = plan.branches.find((b) => b.turn === turn);
      const fact = plan.fact?.turn === turn ? plan.fact : null;
      const activeFact = fact && !fact.abandoned ? fact : null;
      const abandonedFact = fact?.abandoned ? fact : null;
      if (!branch) {
        this.addUser(turn, activeFact);
        this.addReply(turn);
        continue;
      }
      const editAnchor = tree.tip;
      if (branch.kind === 'edit' && editAnchor !== null) {
        for (let i = 0; i < branch.alternatives; i++) {
          tree.tip = editAnchor;
          this.addUser(turn, i === 0 ? abandonedFact : null, false);
          addAssistantText(tree, ctx, ctx.text.answer());
        }
        tree.tip = editAnchor;
        this.addUser(turn, activeFact);
        this.addReply(turn);
        tree.placeChild(editAnchor, tree.childTowardsTip(editAnchor), branch.activePosition);
      } else {
        const anchor = this.addUser(turn, activeFact);
        for (let i = 0; i < branch.alternatives; i++) {
          tree.tip = anchor;
          addAssistantText(tree, ctx, ctx.text.answer(), {
            finish: ctx.rng.chance(0.3) ? 'interrupted' : 'stop',
          });
          if (i === 0 && abandonedFact) {
            this.addUser(turn, abandonedFact, false);
            addAssistantText(tree, ctx, ctx.text.answer());
          }
        }
        tree.tip = anchor;
        this.addReply(turn);
        tree.placeChild(anchor, tree.childTowardsTip(anchor), branch.activePosition);
      }
    }
    return { tree, fact: this.fact, memoryWrites: this.memoryWrites, snapshot };
  }

  private addUser(turn: number, fact: FactPlan | null, active = true): string {
    const { ctx, plan, tree } = this;
    let text = plan.voice ? `${ctx.text.question()} ${ctx.text.sentence()}` : ctx.text.userText();
    if (fact) text = ctx.rng.chance(0.5) ? `${fact.text} ${text}` : `${text} ${fact.text}`;
    let id: string;
    let contentType: FactPlacement['contentType'] = 'multimodal_text';
    if (plan.voice) id = addUserVoice(tree, ctx, text);
    else if (plan.imageTurns.has(turn) && active) {
      const imageOnly = !fact && ctx.rng.chance(0.3);
      const asset = ctx.rng.chance(0.4)
        ? ctx.rng.pick(this.world.assets.filter((a) => a.kind !== 'wav'))
        : null;
      id = addUserImage(tree, ctx, imageOnly ? '' : text, asset);
    } else if (plan.attachmentTurn === turn && active) {
      id = addUserWithAttachments(tree, ctx, text);
      contentType = 'text';
    } else {
      id = addUserText(tree, ctx, text);
      contentType = 'text';
    }
    if (fact) this.fact = { messageId: id, contentType, onActiveBranch: active };
    return id;
  }

  private addReply(turn: number): void {
    const { ctx, plan, tree } = this;
    if (plan.voice) {
      addAssistantVoice(tree, ctx, ctx.text.paragraph(ctx.rng.int(1, 4)));
      return;
    }
    if (plan.reasoning && ctx.rng.chance(0.8)) addReasoning(tree, ctx);
    if (plan.memoryWriteTurn === turn) {
      const memories = this.world.memoriesAt(ctx.clock.now + 30 * 86400);
      const entry = ctx.rng.pick(memories.length > 0 ? memories : this.world.memoryEntries);
      if (entry) {
        addMemoryWrite(tree, ctx, entry.text);
        this.memoryWrites.push(entry.text);
      }
    }
    if (plan.codeTurn === turn) {
      if (ctx.rng.chance(0.3)) addAssistantText(tree, ctx, ctx.text.sentence(), { endTurn: false });
      else if (ctx.rng.chance(0.2))
        addAssistantText(tree, ctx, '', { endTurn: false, visible: false });
      addCodeInterpreter(tree, ctx);
    }
    if (plan.browseTurn === turn) {
      const { markers, metadata } = addBrowsing(tree, ctx);
      addAssistantText(tree, ctx, `${ctx.text.answer()}${markers}`, { extraMetadata: metadata });
      return;
    }
    if (plan.continuationTurn === turn) addContinuedAnswer(tree, ctx);
    else addAssistantText(tree, ctx, ctx.text.answer());
  }
}
