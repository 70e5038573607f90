/**
 * Text shapes built to make text transforms slow: unclosed markup of every kind the reader or the
 * memory passes look for, long runs of one character class, and patterns that trigger the
 * statement and data-line rules. Each is built to `bytes` characters, like prose of the same size.
 */

const PROSE =
  'I moved to Lisbon in 2019 and I have been learning the cello since then. ' +
  'My daughter turns ten next week, so we are planning a small party at the park. ' +
  'Could you suggest three games for eight-year-olds that need no equipment? ' +
  'We tried treasure hunts last year and everyone loved them.\n\n';

const SHAPES: Record<string, string> = {
  'unclosed entity[': 'entity["city","Lisbon" ',
  'unclosed private-use citation': '\ue200cite\ue202turn0search3 ',
  'unclosed 【 citation': '【4:0†source ',
  'unclosed contentReference': ':contentReference[oaicite:2]{index=',
  'unclosed ``` fences': '```python\n',
  'unclosed ~~~ fences': '~~~\n',
  'newlines only': '\n',
  'spaces only': ' ',
  'one long word': 'x',
  'digits only': '7',
  'CJK without spaces': '漢字',
  'numbered-list look-alikes': '\n\n 1',
  'question marks and brackets': '?)',
  'tag-like openings': '<   ',
  'self-statement openings': 'I am my name is I live in ',
  'data-line look-alikes': 'a: b, c; d | e\t',
  'sentence ends': '. ',
};

export const PATHOLOGICAL_SHAPES = Object.keys(SHAPES);

export function prose(bytes: number): string {
  return PROSE.repeat(Math.ceil(bytes / PROSE.length)).slice(0, bytes);
}

export function pathological(shape: string, bytes: number): string {
  const unit = SHAPES[shape];
  if (unit === undefined) throw new Error(`unknown shape ${shape}`);
  return unit.repeat(Math.ceil(bytes / unit.length)).slice(0, bytes);
}
