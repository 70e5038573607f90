import { messageTimeOf, parentOf } from './conversation-schema.js';

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
 */
export function activeBranch(
  mapping: Record<string, unknown>,
  currentNode: string | null | undefined,
): ActiveBranch {
  const usedFallback = currentNode == null || !Object.hasOwn(mapping, currentNode);
  const start = usedFallback ? newestLeaf(mapping) : currentNode;
  const nodeIds: string[] = [];
  const visited = new Set<string>();
  let id: string | null = start;
  while (id !== null && Object.hasOwn(mapping, id) && !visited.has(id)) {
    visited.add(id);
    nodeIds.push(id);
    id = parentOf(mapping[id]);
  }
  nodeIds.reverse();
  return { nodeIds, offBranch: Object.keys(mapping).length - nodeIds.length, usedFallback };
}

/**
 * The leaf (a node no other node names as its parent) whose message is newest by `create_time`;
 * ties go to the smaller id so the choice is deterministic. When every node is someone's parent
 * (a cycle), the newest node of all.
 */
function newestLeaf(mapping: Record<string, unknown>): string | null {
  const parents = new Set<string>();
  for (const id in mapping) {
    const parent = parentOf(mapping[id]);
    if (parent !== null) parents.add(parent);
  }
  const best = pickNewest(mapping, (id) => !parents.has(id));
  return best ?? pickNewest(mapping, () => true);
}

function pickNewest(
  mapping: Record<string, unknown>,
  eligible: (id: string) => boolean,
): string | null {
  let best: string | null = null;
  let bestTime = Number.NEGATIVE_INFINITY;
  for (const id in mapping) {
    if (!Object.hasOwn(mapping, id) || !eligible(id)) continue;
    const time = messageTimeOf(mapping[id]) ?? Number.NEGATIVE_INFINITY;
    if (best === null || time > bestTime || (time === bestTime && id < best)) {
      best = id;
      bestTime = time;
    }
  }
  return best;
}
