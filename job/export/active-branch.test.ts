import { describe, expect, it } from 'vitest';
import { activeBranch } from './active-branch.js';

type Node = { parent?: string | null; message?: { create_time?: number | null } | null };

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
      old: { parent: 'root', message: { create_time: 100 } },
      mid: { parent: 'root', message: { create_time: 150 } },
      newer: { parent: 'mid', message: { create_time: 200 } },
      untimed: { parent: 'root', message: { create_time: null } },
    };
    for (const current of [undefined, null, 'not-in-mapping']) {
      expect(activeBranch(mapping, current)).toEqual({
        nodeIds: ['root', 'mid', 'newer'],
        offBranch: 2,
        usedFallback: true,
      });
    }
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
