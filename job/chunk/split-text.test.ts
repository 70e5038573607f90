import { describe, expect, it } from 'vitest';
import { splitText } from './split-text.js';

const words = (text: string) => text.split(/\s+/).filter(Boolean);

describe('splitText', () => {
  it('returns short text as it is', () => {
    expect(splitText('Hello there.', 100)).toEqual(['Hello there.']);
  });

  it('cuts at paragraphs first, then sentences, then words, never over the limit', () => {
    const paragraph = (n: number) =>
      Array.from({ length: 6 }, (_, i) => `Sentence ${i} of paragraph ${n} has a few words.`).join(
        ' ',
      );
    const text = [paragraph(1), paragraph(2), paragraph(3)].join('\n\n');
    for (const max of [40, 120, 300, 400]) {
      const pieces = splitText(text, max);
      expect(pieces.every((p) => p.length <= max)).toBe(true);
      expect(words(pieces.join(' '))).toEqual(words(text));
    }
    // A paragraph that fits stays one piece.
    expect(splitText(text, 320)).toContain(paragraph(2));
    // Sentences are not cut when a whole one fits.
    expect(splitText(paragraph(1), 120).every((p) => p.endsWith('.'))).toBe(true);
  });

  it('keeps a fenced code block whole when it fits, and splits a long one by lines', () => {
    const code = '```python\nfor i in range(3):\n\n    print(i)\n```';
    const text = `Here is the loop.\n\n${code}\n\nIt prints three numbers. ${'More words here. '.repeat(10)}`;
    expect(splitText(text, 120).some((piece) => piece.includes(code))).toBe(true);
    const longCode = `\`\`\`js\n${Array.from({ length: 40 }, (_, i) => `const value${i} = ${i};`).join('\n')}\n\`\`\``;
    const pieces = splitText(longCode, 200);
    expect(pieces.every((p) => p.length <= 200)).toBe(true);
    expect(pieces.join('\n')).toBe(longCode);
  });

  it('cuts a run without boundaries at the limit, never inside an emoji', () => {
    const blob = 'A'.repeat(250);
    expect(splitText(blob, 100)).toEqual(['A'.repeat(100), 'A'.repeat(100), 'A'.repeat(50)]);
    const emoji = '😀'.repeat(10); // 20 UTF-16 units
    const pieces = splitText(emoji, 5);
    expect(pieces.every((p) => p.length <= 5)).toBe(true);
    expect(pieces.join('')).toBe(emoji);
    expect(pieces.every((p) => !/[\uD800-\uDBFF]$/.test(p))).toBe(true);
  });
});
