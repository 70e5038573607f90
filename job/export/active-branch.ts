import { isPlainObject, messageTimeOf, parentOf } from './conversation-schema.js';
import { authorRole } from './message-role.js';

export interface ActiveBranch {
  /** Node ids from the root to the leaf the user last saw. */
  nodeIds: string[];
  /** Nodes of the mapping not on the branch (abandoned edits and regenerations). */
  offBranch: number;
  /** True when `current_node` was missing or dangling and the newest leaf was used. */
  usedFallback: boolean;
}

/**
 * The branch the user saw: from `current_node`, follow `parent` links to the root. Iterative with
 * a visited set, so cycles end and 100,000-node chains neither overflow nor hang. Never relies on
 * `children` (2026 exports omit some) or on `mapping` key order (2026 keys are sorted
 * alphabetically). A dangling parent ends the walk: that node is the root.
 *
 * Without a usable `current_node`, the branch whose newest visible message is newest (a hidden
 * or system leaf never wins over a visible one; ties go to the longer branch, then the smaller
 * id). A mapping with no parent links at all (some 2026 tools write flat node lists) is read as
 * one thread in message-time order.
 */
export function activeBranch(
  mapping: Record<string, unknown>,
  currentNode: string | null | undefined,
): ActiveBranch {
  const ids = Object.keys(mapping);
  if (ids.length > 1 && !ids.some((id) => hasLinkedParent(mapping, id))) {
    return { nodeIds: byMessageTime(mapping, ids), offBranch: 0, usedFallback: true };
  }
  const usedFallback = currentNode == null || !Object.hasOwn(mapping, currentNode);
  const start = usedFallback ? bestLeaf(mapping, ids) : currentNode;
  const nodeIds: string[] = [];
  const visited = new Set<string>();
  let id: string | null = start;
  while (id !== null && Object.hasOwn(mapping, id) && !visited.has(id)) {
    visited.add(id);
    nodeIds.push(id);
    id = parentOf(mapping[id]);
  }
  nodeIds.reverse();
  return { nodeIds, offBranch: ids.length - nodeIds.length, usedFallback };
}

function hasLinkedParent(mapping: Record<string, unknown>, id: string): boolean {
  const parent = parentOf(mapping[id]);
  return parent !== null && parent !== id && Object.hasOwn(mapping, parent);
}

/** Stable sort by message time; a node without a time stays after the one before it. */
function byMessageTime(mapping: Record<string, unknown>, ids: string[]): string[] {
  let last = Number.NEGATIVE_INFINITY;
  const timed = ids.map((id, order) => {
    const time = messageTimeOf(mapping[id]);
    if (time !== null) last = time;
    return { id, order, time: time ?? last };
  });
  timed.sort((a, b) => a.time - b.time || a.order - b.order);
  return timed.map((t) => t.id);
}

interface BranchEnd {
  /** Time of the newest visible message at or above the node (-Infinity: none or no time). */
  visibleTime: number;
  hasVisible: boolean;
  depth: number;
}

/**
 * The leaf to start from when `current_node` is unusable. Each node's branch facts are computed
 * once (memoized along parent links, cycle-safe), so this is linear in the mapping's size.
 */
function bestLeaf(mapping: Record<string, unknown>, ids: string[]): string | null {
  const parents = new Set<string>();
  for (const id of ids) {
    const parent = parentOf(mapping[id]);
    if (parent !== null) parents.add(parent);
  }
  const leaves = ids.filter((id) => !parents.has(id));
  const candidates = leaves.length > 0 ? leaves : ids; // every node a parent: a cycle
  const ends = new Map<string, BranchEnd>();
  let best: string | null = null;
  let bestKey: [number, number, number, number] | null = null;
  for (const id of candidates) {
    const end = branchEnd(mapping, id, ends);
    const key: [number, number, number, number] = [
      end.hasVisible ? 1 : 0,
      end.visibleTime,
      looksVisible(mapping[id]) ? 1 : 0,
      end.depth,
    ];
    if (
      bestKey === null ||
      compareKeys(key, bestKey) > 0 ||
      (compareKeys(key, bestKey) === 0 && id < best!)
    ) {
      best = id;
      bestKey = key;
    }
  }
  return best;
}

function compareKeys(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! > b[i]! ? 1 : -1;
  return 0;
}

function branchEnd(
  mapping: Record<string, unknown>,
  start: string,
  ends: Map<string, BranchEnd>,
): BranchEnd {
  // Walk up to a node already known (or the root, or a cycle), then fill in on the way back.
  const path: string[] = [];
  const onPath = new Set<string>();
  let id: string | null = start;
  while (id !== null && Object.hasOwn(mapping, id) && !ends.has(id) && !onPath.has(id)) {
    path.push(id);
    onPath.add(id);
    id = parentOf(mapping[id]);
  }
  let above: BranchEnd = (id !== null && ends.get(id)) || {
    visibleTime: Number.NEGATIVE_INFINITY,
    hasVisible: false,
    depth: 0,
  };
  for (let i = path.length - 1; i >= 0; i--) {
    const node = mapping[path[i]!];
    const visible = looksVisible(node);
    const time = visible ? (messageTimeOf(node) ?? above.visibleTime) : above.visibleTime;
    above = { visibleTime: time, hasVisible: above.hasVisible || visible, depth: above.depth + 1 };
    ends.set(path[i]!, above);
  }
  return ends.get(start) ?? above;
}

const HIDDEN_TYPES = new Set([
  'thoughts',
  'reasoning_recap',
  'user_editable_context',
  'model_editable_context',
  'app_pairing_content',
  'system_error',
  'sonic_webpage',
  'tether_browsing_display',
]);

/** A cheap look at whether a node's message is one the person saw (a user or assistant turn). */
function looksVisible(node: unknown): boolean {
  if (!isPlainObject(node) || !isPlainObject(node.message)) return false;
  const message = node.message;
  const role = isPlainObject(message.author) ? authorRole(message.author.role) : null;
  if (role !== 'user' && role !== 'assistant') return false;
  if (message.weight === 0) return false;
  if (
    isPlainObject(message.metadata) &&
    message.metadata.is_visually_hidden_from_conversation === true
  )
    return false;
  if (role === 'assistant' && typeof message.recipient === 'string' && message.recipient !== 'all')
    return false;
  const content = message.content;
  if (!isPlainObject(content)) return false;
  return !HIDDEN_TYPES.has(String(content.content_type));
}
