import type { CustomInstructions } from './account-world.js';
import type { ConversationContext } from './conversation-context.js';
import { message, textContent } from './message-factory.js';
import type { TreeBuilder } from './tree-builder.js';

const PROFILE_PREAMBLE =
  'The user provided the following information about themselves. This user profile is shown to you in all conversations they have, so it is usually not relevant to the request.\nOnly use it when the request is directly related to it.\nUser profile:\n```';
const INSTRUCTIONS_PREAMBLE =
  'The user provided the additional info about how they would like you to respond:\n```';

/** The root node: no message. Its id is a UUID, an `aaa1…` client id, or `client-created-root`. */
export function addRoot(tree: TreeBuilder, ctx: ConversationContext): void {
  const roll = ctx.rng.next();
  const id =
    roll < 0.03
      ? 'client-created-root'
      : roll < 0.3
        ? `aaa1${ctx.rng.uuid().slice(4)}`
        : ctx.rng.uuid();
  tree.add(id, null);
}

/** The empty, weight-0 system message every conversation starts with. */
export function addHiddenSystem(tree: TreeBuilder, ctx: ConversationContext): void {
  const id = ctx.rng.uuid();
  tree.add(
    id,
    message({
      id,
      role: 'system',
      content: textContent(''),
      time: null,
      endTurn: true,
      weight: 0,
      metadata: { is_visually_hidden_from_conversation: true },
    }),
  );
}

/** Custom instructions: a hidden `user_editable_context` message with role user and weight 0. */
export function addCustomInstructions(
  tree: TreeBuilder,
  ctx: ConversationContext,
  instructions: CustomInstructions,
): void {
  const id = ctx.rng.uuid();
  tree.add(
    id,
    message({
      id,
      role: 'user',
      content: {
        content_type: 'user_editable_context',
        user_profile: `${PROFILE_PREAMBLE}${instructions.aboutUser}\`\`\``,
        user_instructions: `${INSTRUCTIONS_PREAMBLE}${instructions.aboutModel}\`\`\``,
      },
      time: null,
      weight: 0,
      metadata: {
        is_visually_hidden_from_conversation: true,
        user_context_message_data: {
          about_user_message: instructions.aboutUser,
          about_model_message: instructions.aboutModel,
        },
        is_user_system_message: true,
      },
    }),
  );
}

/** A saved-memory snapshot injected into the conversation (`model_editable_context`). */
export function addMemorySnapshot(
  tree: TreeBuilder,
  ctx: ConversationContext,
  snapshot: string,
): void {
  const id = ctx.rng.uuid();
  tree.add(
    id,
    message({
      id,
      role: 'assistant',
      content: {
        content_type: 'model_editable_context',
        model_set_context: snapshot,
        repository: null,
        repo_summary: null,
        structured_context: null,
      },
      time: null,
      endTurn: null,
      metadata: { is_visually_hidden_from_conversation: true },
    }),
  );
}
