import { describe, expect, it } from 'vitest';
import { applyTextPatch, MAX_DOCUMENT_CHARS } from './text-patch.js';

const patch = (pattern: string, replacement: string, multiple = false) => ({
  pattern,
  replacement,
  multiple,
});

describe('applyTextPatch', () => {
  it('rewrites the whole document for ChatGPT\'s ".*" rewrite, across lines', () => {
    expect(applyTextPatch('line one\nline two', patch('.*', 'new text'))).toBe('new text');
    expect(applyTextPatch('a\nb', patch('^[\\s\\S]*$', 'c'))).toBe('c');
  });

  it('replaces a literal pattern once, or every time with multiple, inserting the replacement literally', () => {
    expect(applyTextPatch('cat, cat, cat', patch('cat', 'dog'))).toBe('dog, cat, cat');
    expect(applyTextPatch('cat, cat, cat', patch('cat', 'dog', true))).toBe('dog, dog, dog');
    expect(applyTextPatch('cost', patch('cost', '$& $1'))).toBe('$& $1');
  });

  it('applies a targeted regex, with inline flags read as JavaScript flags', () => {
    const doc = 'def main():\n    print("hi")\n\nmain()';
    expect(applyTextPatch(doc, patch('print\\(".*?"\\)', 'print("hello")'))).toBe(
      'def main():\n    print("hello")\n\nmain()',
    );
    expect(applyTextPatch('one\ntwo', patch('(?m)^two$', 'three'))).toBe('one\nthree');
    // Case-insensitive matching has no linear-time form in V8: such an edit is skipped.
    expect(applyTextPatch('Hello World', patch('(?i)hello', 'Goodbye'))).toBeNull();
  });

  it('skips an edit that does not apply, an invalid pattern and one the linear engine cannot run', () => {
    expect(applyTextPatch('abc', patch('xyz', 'q'))).toBeNull();
    expect(applyTextPatch('abc', patch('(unclosed', 'q'))).toBeNull();
    expect(applyTextPatch('abab', patch('(ab)\\1', 'q'))).toBeNull(); // backreference
    expect(applyTextPatch('abc', patch('(?x) a b c', 'q'))).toBeNull(); // verbose mode
    expect(applyTextPatch('abc', patch('', 'q'))).toBeNull();
  });

  it('runs a catastrophic-backtracking pattern on a large document in linear time', () => {
    const doc = `${'a'.repeat(400_000)}!`;
    const started = performance.now();
    expect(applyTextPatch(doc, patch('(a+)+$', 'x'))).toBeNull();
    expect(applyTextPatch(doc, patch('(a|aa)+b', 'x'))).toBeNull();
    // A backtracking engine takes longer than the age of the universe here; this is a hang guard.
    expect(performance.now() - started).toBeLessThan(20_000);
  });

  it('refuses an edit that would grow the document past its cap', () => {
    const doc = 'x'.repeat(1000);
    expect(applyTextPatch(doc, patch('x', 'y'.repeat(1000), true))).toBeNull();
    expect(applyTextPatch(doc, patch('', 'y', true))).toBeNull();
    expect(applyTextPatch(doc, patch('x*', 'y'.repeat(MAX_DOCUMENT_CHARS), true))).toBeNull();
    expect(applyTextPatch('x'.repeat(MAX_DOCUMENT_CHARS + 1), patch('x', 'y'))).toBeNull();
  });
});
