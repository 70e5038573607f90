import { describe, expect, it } from 'vitest';
import { trimUserText } from './trim-user-text.js';

const CODE = [
  '```ts',
  ...Array.from({ length: 12 }, (_, i) => `const x${i} = compute(${i});`),
  '```',
].join('\n');
const TRACE = [
  'TypeError: Cannot read properties of undefined (reading "id")',
  '    at handler (/app/src/routes/user.ts:42:17)',
  '    at Layer.handle (/app/node_modules/express/lib/router/layer.js:95:5)',
  '    at next (/app/node_modules/express/lib/router/route.js:137:13)',
].join('\n');
const CSV = [
  'name,age,city,team',
  ...Array.from({ length: 8 }, (_, i) => `p${i},3${i},Lyon,blue`),
].join('\n');

describe('trimUserText', () => {
  it('removes long fenced code and stack traces, counting the characters', () => {
    const text = `My app for the rowing club crashes.\n\n${CODE}\n\n${TRACE}\n\nI launch it on Friday.`;
    const trimmed = trimUserText(text);
    const kept = trimmed.paragraphs.map((p) => p.text).join('\n');
    expect(kept).toContain('rowing club');
    expect(kept).toContain('I launch it on Friday.');
    expect(kept).not.toContain('compute(');
    expect(kept).not.toContain('node_modules');
    expect(trimmed.code).toBe(CODE.length);
    expect(trimmed.logs).toBeGreaterThan(TRACE.length - 80);
  });

  it('keeps a one-line snippet: it is cheap and may name a tool', () => {
    const trimmed = trimUserText('I use this alias every day:\n```\nalias gs="git status"\n```');
    expect(trimmed.paragraphs.map((p) => p.text).join('\n')).toContain('alias gs');
    expect(trimmed.code).toBe(0);
  });

  it('marks pasted data and long pasted prose as blobs, not the person’s own short text', () => {
    const prose = 'The committee reviewed the proposal in detail. '.repeat(40);
    const trimmed = trimUserText(`Here is the export of my team:\n\n${CSV}\n\n${prose}`);
    expect(trimmed.paragraphs.map((p) => p.blob)).toEqual([false, true, true]);
  });
});
