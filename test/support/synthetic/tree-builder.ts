import type { JsonObject } from './conversation-context.js';

/** What a person saw: a visible user or assistant turn, or nothing (scaffolding, tools). */
export type Visibility = 'user' | 'assistant' | null;

export interface TreeNode {
  id: string;
  message: JsonObject | null;
  parent: string | null;
  children: string[];
}

/**
 * Builds a conversation's `mapping` tree. New nodes hang under the current tip; branches are made
 * by moving the tip back to an anchor and building again. It remembers which nodes are visible,
 * so the ground truth comes from what was built rather than from re-parsing it.
 */
export class TreeBuilder {
  readonly nodes: TreeNode[] = [];
  private readonly byId = new Map<string, TreeNode>();
  private readonly visibility = new Map<string, Visibility>();
  tip: string | null = null;

  add(id: string, message: JsonObject | null, visible: Visibility = null): TreeNode {
    const node: TreeNode = { id, message, parent: this.tip, children: [] };
    if (this.tip !== null) this.get(this.tip).children.push(id);
    this.nodes.push(node);
    this.byId.set(id, node);
    this.visibility.set(id, visible);
    this.tip = id;
    return node;
  }

  get(id: string): TreeNode {
    const node = this.byId.get(id);
    if (!node) throw new Error(`TreeBuilder: no node ${id}`);
    return node;
  }

  /** The child of `anchor` on the path to the tip. */
  childTowardsTip(anchor: string): string {
    let id = this.tip;
    while (id !== null) {
      const node = this.get(id);
      if (node.parent === anchor) return id;
      id = node.parent;
    }
    throw new Error(`TreeBuilder: ${anchor} is not an ancestor of the tip`);
  }

  /** Moves one child of `parent` to `position` in its children list. */
  placeChild(parent: string, child: string, position: number): void {
    const children = this.get(parent).children;
    children.splice(children.indexOf(child), 1);
    children.splice(Math.min(position, children.length), 0, child);
  }

  /** Node ids from the root to the tip. */
  activePath(): string[] {
    const path: string[] = [];
    for (let id = this.tip; id !== null; id = this.get(id).parent) path.push(id);
    return path.reverse();
  }

  isOnActivePath(id: string): boolean {
    for (let at = this.tip; at !== null; at = this.get(at).parent) if (at === id) return true;
    return false;
  }

  /**
   * Visible messages on the active branch (consecutive assistant messages count as one) and the
   * characters of their text (string parts and transcriptions).
   */
  visibleCounts(): { user: number; assistant: number; textChars: number } {
    let user = 0;
    let assistant = 0;
    let textChars = 0;
    let previous: Visibility = null;
    for (const id of this.activePath()) {
      const visible = this.visibility.get(id) ?? null;
      if (visible === 'user') user++;
      if (visible === 'assistant' && previous !== 'assistant') assistant++;
      if (visible !== null) {
        previous = visible;
        textChars += textLength(this.get(id).message);
      }
    }
    return { user, assistant, textChars };
  }
}

function textLength(message: JsonObject | null): number {
  const parts = (message?.content as JsonObject | undefined)?.parts;
  if (!Array.isArray(parts)) return 0;
  let length = 0;
  for (const part of parts) {
    if (typeof part === 'string') length += part.length;
    else if (part && typeof part === 'object' && typeof part.text === 'string')
      length += part.text.length;
  }
  return length;
}
