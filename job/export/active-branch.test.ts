import { describe, expect, it } from 'vitest';
import { activeBranch } from './active-branch.js';

type Node = { parent?: string | null; message?: Record<string, unknown> | null };

/** A visible user turn at `time` (epoch seconds). */
const said = (time: number | null, extra: Record<string, unknown> = {}) => ({
  author: { role: 'user' },
  create_time: time,
  content: { content_type: 'text', parts: ['…'] },
  ...extra,
});

function chain(length: number): Record<string, Node> {
  const mapping: Record<string, Node> = {};
  for (let i = 0; i < length; i++) mapping[`n${i}`] = { parent: i === 0 ? null : `n${i - 1}` };
  return mapping;
}

describe('activeBranch', () => {
  it('follows parents from current_node to the root and returns root first', () => {
    const mapping = {
      root: { parent: null },
      a: { parent: 'root' },
      b1: { parent: 'a' },
      b2: { parent: 'a' },
      c: { parent: 'b2' },
    };
    expect(activeBranch(mapping, 'c')).toEqual({
      nodeIds: ['root', 'a', 'b2', 'c'],
      offBranch: 1,
      usedFallback: false,
    });
  });

  it('does not depend on mapping key order or children arrays', () => {
    // Keys sorted alphabetically (2026) and children lists that lie.
    const mapping = {
      aaa: { parent: 'zzz', children: [] },
      mmm: { parent: 'aaa', children: ['nope'] },
      zzz: { parent: null, children: [] },
    };
    expect(activeBranch(mapping, 'mmm').nodeIds).toEqual(['zzz', 'aaa', 'mmm']);
  });

  it('ends at the newest leaf by message time when current_node is missing or dangling', () => {
    const mapping = {
      root: { parent: null, message: null },
      old: { parent: 'root', message: said(100) },
      mid: { parent: 'root', message: said(150) },
      newer: { parent: 'mid', message: said(200) },
      untimed: { parent: 'root', message: said(null) },
    };
    for (const current of [undefined, null, 'not-in-mapping']) {
      expect(activeBranch(mapping, current)).toEqual({
        nodeIds: ['root', 'mid', 'newer'],
        offBranch: 2,
        usedFallback: true,
      });
    }
  });

  it('never starts the fallback from a hidden or system leaf, even a newer one', () => {
    const mapping = {
      root: { parent: null, message: null },
      visible: { parent: 'root', message: said(100) },
      hidden: {
        parent: 'root',
        message: said(500, { metadata: { is_visually_hidden_from_conversation: true } }),
      },
      system: { parent: 'root', message: { ...said(600), author: { role: 'system' } } },
      thoughts: {
        parent: 'visible',
        message: {
          ...said(700),
          author: { role: 'assistant' },
          content: { content_type: 'thoughts' },
        },
      },
    };
    // `thoughts` is hidden, but it ends the branch whose newest visible message is `visible`.
    expect(activeBranch(mapping, null).nodeIds).toEqual(['root', 'visible', 'thoughts']);
    delete (mapping as Record<string, unknown>).thoughts;
    expect(activeBranch(mapping, null).nodeIds).toEqual(['root', 'visible']);
  });

  it('reads a mapping without parent links as one thread in message-time order (untimed after the node before it)', () => {
    const mapping = {
      b: { message: said(200) },
      a: { message: said(100) },
      untimed: { message: said(null) },
      c: { message: said(300) },
    };
    expect(activeBranch(mapping, undefined)).toEqual({
      nodeIds: ['a', 'untimed', 'b', 'c'],
      offBranch: 0,
      usedFallback: true,
    });
  });

  it('chooses among 100,000 leaves of one long chain in linear time', () => {
    const mapping: Record<string, Node> = chain(100_000);
    for (let i = 0; i < 100_000; i++) mapping[`leaf${i}`] = { parent: `n${i}`, message: said(i) };
    const branch = activeBranch(mapping, null);
    expect(branch.nodeIds).toHaveLength(100_001);
    expect(branch.nodeIds.at(-1)).toBe('leaf99999');
  });

  it('treats a dangling parent as the root', () => {
    const mapping = { b: { parent: 'missing' }, c: { parent: 'b' } };
    expect(activeBranch(mapping, 'c').nodeIds).toEqual(['b', 'c']);
  });

  it('stops at a cycle instead of looping', () => {
    const mapping = { a: { parent: 'c' }, b: { parent: 'a' }, c: { parent: 'b' } };
    expect(activeBranch(mapping, 'c').nodeIds).toEqual(['a', 'b', 'c']);
    // No leaf at all: every node is somebody's parent.
    expect(activeBranch(mapping, null).nodeIds).toHaveLength(3);
  });

  it('walks a 200,000-node chain without recursion', () => {
    const mapping = chain(200_000);
    const branch = activeBranch(mapping, 'n199999');
    expect(branch.nodeIds).toHaveLength(200_000);
    expect(branch.nodeIds[0]).toBe('n0');
    expect(activeBranch(mapping, null).nodeIds).toHaveLength(200_000);
  });

  it('is not fooled by a node called __proto__', () => {
    const mapping = JSON.parse('{"__proto__":{"parent":null},"x":{"parent":"__proto__"}}');
    expect(activeBranch(mapping, 'x').nodeIds).toEqual(['__proto__', 'x']);
  });
});
