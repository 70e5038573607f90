import { describe, expect, it } from 'vitest';
import { AppError } from '../../core/errors.js';
import { JsonArraySplitter, type SplitElement } from './json-array-splitter.js';

const NASTY = [
  '{',
  '}',
  '[',
  ']',
  '"',
  '\\',
  ',',
  ':',
  '\\"',
  '\\\\',
  'é',
  '漢',
  '😀',
  '\u2028',
  '\n',
];

/** A small deterministic PRNG so every run splits at the same places. */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomValue(rand: () => number, depth: number): unknown {
  const pick = rand();
  if (depth > 3 || pick < 0.3) {
    const pieces = Array.from(
      { length: Math.floor(rand() * 6) },
      () => NASTY[Math.floor(rand() * NASTY.length)],
    );
    return pieces.join('x');
  }
  if (pick < 0.4) return Math.floor(rand() * 1e6) / 7;
  if (pick < 0.45) return null;
  if (pick < 0.7)
    return Array.from({ length: Math.floor(rand() * 4) }, () => randomValue(rand, depth + 1));
  const obj: Record<string, unknown> = {};
  for (let i = 0; i < rand() * 5; i++)
    obj[`k${i}${NASTY[i % NASTY.length]}`] = randomValue(rand, depth + 1);
  return obj;
}

function split(text: string | Buffer, chunkSizes: () => number, max = 1 << 20): SplitElement[] {
  const bytes = typeof text === 'string' ? Buffer.from(text) : text;
  const splitter = new JsonArraySplitter('test.json', max);
  const out: SplitElement[] = [];
  for (let i = 0; i < bytes.length; ) {
    const size = Math.max(1, chunkSizes());
    out.push(...splitter.push(bytes.subarray(i, i + size)));
    i += size;
  }
  splitter.end(out.length);
  return out;
}

const parse = (e: SplitElement) => JSON.parse(e.bytes!.toString('utf8'));

function thrownBy(fn: () => unknown): AppError {
  try {
    fn();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected an AppError');
}

describe('JsonArraySplitter', () => {
  it('returns exactly the array elements for random documents split at random chunk sizes', () => {
    const rand = prng(42);
    for (let round = 0; round < 200; round++) {
      const elements = Array.from({ length: 1 + Math.floor(rand() * 5) }, () =>
        randomValue(rand, 0),
      );
      const text = JSON.stringify(elements, null, round % 2 === 0 ? undefined : 1);
      const got = split(text, () => 1 + Math.floor(rand() * 9)).map(parse);
      expect(got).toEqual(elements);
    }
  });

  it('reassembles multibyte characters and surrogate pairs split at every byte boundary', () => {
    const text = '[{"t":"漢字 😀 é"},{"u":"\\ud83d\\ude00 \\u00e9 \\"q\\" \\\\"},"ok"]';
    const bytes = Buffer.from(text);
    for (let cut = 1; cut < bytes.length; cut++) {
      let first = true;
      const got = split(bytes, () => {
        const size = first ? cut : bytes.length;
        first = false;
        return size;
      }).map(parse);
      expect(got).toEqual([{ t: '漢字 😀 é' }, { u: '😀 é "q" \\' }, 'ok']);
    }
  });

  it('handles escaped quotes and runs of backslashes that straddle chunk boundaries', () => {
    const value = { s: 'a\\\\\\"b\\\\', t: '\\', u: '"}]' };
    const text = JSON.stringify([value, value]);
    for (let size = 1; size <= 7; size++) {
      expect(split(text, () => size).map(parse)).toEqual([value, value]);
    }
  });

  it('skips a UTF-8 byte order mark and surrounding whitespace', () => {
    const bytes = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from(' \n [ {"a":1} ] \n'),
    ]);
    expect(split(bytes, () => 2).map(parse)).toEqual([{ a: 1 }]);
  });

  it('reads the list under a top-level "conversations" key and skips the other keys', () => {
    const text = JSON.stringify({
      meta: { conversations: [9] },
      x: [1, { y: '[' }],
      conversations: [{ a: 1 }, { b: 2 }],
      z: [3],
    });
    const splitter = new JsonArraySplitter('w.json', 1 << 20);
    const got = splitter.push(Buffer.from(text)).map(parse);
    splitter.end(2);
    expect(got).toEqual([{ a: 1 }, { b: 2 }]);
    expect(splitter.foundConversationList).toBe(true);
  });

  it('reports an object without a conversations list and remembers its keys', () => {
    const splitter = new JsonArraySplitter('user.json', 1 << 20);
    expect(
      splitter.push(Buffer.from('{"id":"u1","email":"a@b.c","chatgpt_plus_user":true}')),
    ).toEqual([]);
    splitter.end(0);
    expect(splitter.foundConversationList).toBe(false);
    expect([...splitter.keys]).toEqual(['id', 'email', 'chatgpt_plus_user']);
  });

  it('drops an element over the size limit as it streams and keeps going', () => {
    const big = { text: 'x'.repeat(5000) };
    const text = JSON.stringify([{ a: 1 }, big, { b: 2 }]);
    const got = split(text, () => 100, 1000);
    expect(got.map((e) => (e.bytes ? parse(e) : null))).toEqual([{ a: 1 }, null, { b: 2 }]);
    expect(got[1]!.size).toBe(JSON.stringify(big).length);
  });

  it('says where a truncated file broke and how many elements were complete', () => {
    const splitter = new JsonArraySplitter('conversations.json', 1 << 20);
    const text = '[{"a":1},{"b":2},{"c":"unfinished';
    expect(splitter.push(Buffer.from(text))).toHaveLength(2);
    const error = thrownBy(() => splitter.end(2));
    expect(error.code).toBe('EXPORT_TRUNCATED');
    expect(error.message).toContain(`byte ${Buffer.byteLength(text)}`);
    expect(error.message).toContain('2 conversations were read');
  });

  it('refuses content that does not start like JSON, and content after the end', () => {
    expect(thrownBy(() => new JsonArraySplitter('x', 100).push(Buffer.from('hello'))).code).toBe(
      'EXPORT_NOT_JSON',
    );
    const splitter = new JsonArraySplitter('x', 100);
    expect(thrownBy(() => splitter.push(Buffer.from('[1] [2]'))).message).toContain(
      'after the end',
    );
  });

  it('splits scalar elements and an empty array', () => {
    expect(split('[1, "two", true, null, -3.5e2]', () => 3).map(parse)).toEqual([
      1,
      'two',
      true,
      null,
      -350,
    ]);
    expect(split('[]', () => 1)).toEqual([]);
  });

  it('gives each element its byte offset', () => {
    const got = split('[{"a":1}, {"b":2}]', () => 4);
    expect(got.map((e) => e.offset)).toEqual([1, 10]);
  });
});
