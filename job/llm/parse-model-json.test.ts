import { describe, expect, it } from 'vitest';
import { parseModelJson } from './parse-model-json.js';

describe('parseModelJson', () => {
  it.each([
    ['plain JSON', '{"a":1}', { a: 1 }],
    ['a ```json fence', '```json\n{"a":1}\n```', { a: 1 }],
    ['a bare ``` fence', '```\n{"a":[1,2]}\n```', { a: [1, 2] }],
    [
      'prose around the object',
      'Here is the profile:\n{"a":{"b":"}"}}\nHope this helps!',
      { a: { b: '}' } },
    ],
  ])('reads %s as it is', (_name, text, expected) => {
    expect(parseModelJson(text)).toEqual({ ok: true, value: expected, locallyRepaired: false });
  });

  it.each([
    ['trailing commas', '{"a":[1,2,],"b":{"c":3,},}', { a: [1, 2], b: { c: 3 } }],
    ['a missing final brace', '{"a":{"b":[1,2]}', { a: { b: [1, 2] } }],
    ['an answer cut inside a string', '{"a":"hello wor', { a: 'hello wor' }],
    ['a comma inside a string left alone', '{"a":"x, }","b":1,}', { a: 'x, }', b: 1 }],
    ['an unclosed fence', '```json\n{"a":1,}\n', { a: 1 }],
  ])('fixes %s locally', (_name, text, expected) => {
    expect(parseModelJson(text)).toEqual({ ok: true, value: expected, locallyRepaired: true });
  });

  it.each([
    ['no object at all', 'I cannot help with that.'],
    ['garbage inside braces', '{name: Bob, "x" 1}'],
  ])('reports %s without quoting the text', (_name, text) => {
    const result = parseModelJson(text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problem).not.toContain('Bob');
  });
});
