import type { JsonObject } from './conversation-context.js';
import type { ExportLayout } from './options.js';
import type { Prng } from './prng.js';
import type { TreeBuilder } from './tree-builder.js';

export interface ConversationFields {
  id: string;
  title: string | null;
  createTime: number | null;
  updateTime: number;
  model: string;
  doNotRemember: boolean;
  voice: boolean;
  safeUrls: string[];
}

/** The conversation object in the field order of 2024–2025 exports (2026 extras added). */
export function conversationObject(
  rng: Prng,
  tree: TreeBuilder,
  fields: ConversationFields,
  layout: ExportLayout,
): JsonObject {
  const mapping: JsonObject = {};
  const nodes = tree.nodes.slice();
  // Real mappings are not in tree order: the root is sometimes listed after its first child.
  if (nodes.length > 1 && rng.chance(0.2)) [nodes[0], nodes[1]] = [nodes[1]!, nodes[0]!];
  for (const node of nodes) {
    mapping[node.id] = {
      id: node.id,
      message: node.message,
      parent: node.parent,
      children: node.children,
    };
  }
  const gizmoRoll = rng.next();
  const gizmoType = gizmoRoll < 0.03 ? 'gpt' : gizmoRoll < 0.12 ? 'snorlax' : null;
  const gizmoId =
    gizmoType === 'gpt'
      ? `g-${rng.base62(9)}`
      : gizmoType === 'snorlax'
        ? `g-p-${rng.hex(16)}`
        : null;
  const conversation: JsonObject = {
    title: fields.title,
    create_time: fields.createTime,
    update_time: fields.updateTime,
    mapping,
    moderation_results: [],
    current_node: tree.tip,
    plugin_ids: null,
    conversation_id: fields.id,
    conversation_template_id: gizmoId,
    gizmo_id: gizmoId,
    gizmo_type: gizmoType,
    is_archived: rng.chance(0.03),
    is_starred: null,
    safe_urls: fields.safeUrls,
    blocked_urls: [],
    default_model_slug: rng.chance(0.15) ? null : fields.model,
    conversation_origin: null,
    voice: fields.voice ? rng.pick(['ember', 'cove', 'breeze', 'juniper']) : null,
    async_status: null,
    disabled_tool_ids: [],
    is_do_not_remember: fields.doNotRemember,
    memory_scope: gizmoType === 'snorlax' ? 'project_enabled' : 'global_enabled',
    sugar_item_id: null,
    id: fields.id,
  };
  if (layout === '2026') {
    Object.assign(conversation, {
      atlas_mode_enabled: null,
      context_scopes: null,
      is_read_only: null,
      is_study_mode: false,
      owner: null,
      pinned_time: null,
      sugar_item_visible: false,
    });
    if (fields.createTime === null) delete conversation.create_time;
  }
  return conversation;
}
