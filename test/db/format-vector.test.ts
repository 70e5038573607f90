import { describe, expect, test } from 'vitest';
import { formatVector, formatVectorArray } from '../../core/db/format-vector.js';

function parse(text: string): number[] {
  expect(text.startsWith('[') && text.endsWith(']')).toBe(true);
  return text.slice(1, -1).split(',').map(Number);
}

describe('formatVector', () => {
  test('writes compact pgvector text', () => {
    expect(formatVector([0, 1, -0.5, 12.5, 100, 0.0123456789, 1e-7, -3e20])).toBe(
      '[0,1,-0.5,12.5,100,0.0123456791,100000001e-15,-300000006e12]',
    );
  });

  test('every float32 reads back exactly (random bit patterns and edge values)', () => {
    const bits = new Uint32Array(1);
    const asFloat = new Float32Array(bits.buffer);
    const values: number[] = [
      1.401298464324817e-45, // smallest subnormal
      1.1754943508222875e-38, // smallest normal
      3.4028234663852886e38, // largest
      0.1,
      0.2,
      0.3,
      1 / 3,
      0.999999940395,
      1.00000011920929,
      9.99999e-4,
      1e-3,
      1e10,
      123456789,
    ];
    let seed = 12345;
    while (values.length < 200_000) {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      bits[0] = seed;
      if (Number.isFinite(asFloat[0])) values.push(asFloat[0] as number);
    }
    const input = Float32Array.from(values);
    const output = parse(formatVector(input));
    expect(output).toHaveLength(input.length);
    let mismatches = 0;
    for (let i = 0; i < input.length; i++) {
      if (Math.fround(output[i] as number) !== input[i]) mismatches++;
    }
    expect(mismatches).toBe(0);
  });

  test('numbers beyond float32 precision are rounded to what pgvector would store', () => {
    expect(parse(formatVector([0.1234567890123])).map(Math.fround)).toEqual([
      Math.fround(0.1234567890123),
    ]);
  });

  test('NaN and infinity are refused', () => {
    expect(() => formatVector([0.1, Number.NaN])).toThrow(/component 1 is NaN/);
    expect(() => formatVector([Number.POSITIVE_INFINITY])).toThrow(RangeError);
  });

  test('a batch becomes one array literal with NULLs', () => {
    expect(formatVectorArray([[1, 2], null, Float32Array.of(0.5)])).toBe('{"[1,2]",NULL,"[0.5]"}');
  });
});
