import { describe, expect, it } from 'vitest';
import { EMBEDDING_DIMENSIONS, emptyTextVector } from './embedder.js';
import { LexicalEmbedder } from './lexical-embedder.js';

const cosine = (a: Float32Array, b: Float32Array) => {
  let dot = 0;
  for (let i = 0; i < a.length; i++) dot += (a[i] as number) * (b[i] as number);
  return dot;
};
const norm = (v: Float32Array) => Math.sqrt(cosine(v, v));

describe('LexicalEmbedder', () => {
  const embedder = new LexicalEmbedder();

  it('is deterministic across calls and instances', () => {
    const text = 'We planned the garden: tomatoes, basil and a small pond.';
    const first = embedder.embed(text);
    embedder.embed('something else in between');
    expect(embedder.embed(text)).toEqual(first);
    expect(new LexicalEmbedder().embed(text)).toEqual(first);
  });

  it('returns unit-length 1024-dimension vectors for every kind of text', () => {
    const texts = [
      'short',
      'The quick brown fox jumps over the lazy dog. '.repeat(200),
      'Crème brûlée à la française, s’il vous plaît',
      '東京で結婚式を挙げました',
      'Привет, как дела? 👋🎉',
      'x'.repeat(19_999),
      'the of and', // stopwords only
    ];
    for (const text of texts) {
      const vector = embedder.embed(text);
      expect(vector).toBeInstanceOf(Float32Array);
      expect(vector).toHaveLength(EMBEDDING_DIMENSIONS);
      expect(norm(vector)).toBeCloseTo(1, 5);
    }
  });

  it('gives text with no words a fixed non-zero unit vector', () => {
    for (const text of ['', '   ', '!!! --- ???', '🎉🎉']) {
      const vector = embedder.embed(text);
      expect(vector).toEqual(emptyTextVector());
      expect(norm(vector)).toBeCloseTo(1, 5);
    }
  });

  it('embeds a text made only of stopwords from those words', () => {
    expect(embedder.embed('to be or not to be')).not.toEqual(emptyTextVector());
  });

  it('ignores case, diacritics, compatibility forms and decomposed accents', () => {
    const base = embedder.embed('cafe creme final naive');
    expect(embedder.embed('CAFÉ Crème ﬁnal naïve')).toEqual(base);
    expect(embedder.embed('cafe\u0301 cre\u0300me final nai\u0308ve')).toEqual(base);
  });

  it('puts similar texts closer than unrelated ones', () => {
    const a = embedder.embed('I need help planning the seating chart for the wedding reception.');
    const b = embedder.embed('Can you help with the wedding reception seating plan?');
    const c = embedder.embed('How do I configure a reverse proxy for my Postgres database?');
    expect(cosine(a, b)).toBeGreaterThan(0.3);
    expect(cosine(a, b)).toBeGreaterThan(cosine(a, c) + 0.2);
  });

  it('splits Han and kana into one-character words so text without spaces still matches', () => {
    const chunk = embedder.embed('来月、東京で結婚式を挙げます');
    expect(cosine(chunk, embedder.embed('結婚式'))).toBeGreaterThan(
      cosine(chunk, embedder.embed('会議の議事録')) + 0.2,
    );
  });

  it('ranks the chunk about Femke’s wedding first for the query "Femke wedding"', () => {
    const chunks = [
      'We talked about the budget for the kitchen renovation and which tiles to order.',
      "My sister Femke's wedding is in June; I want to write a toast that makes people laugh.",
      'Weddings in general are expensive: venues, catering and flowers add up quickly.',
      'Femke asked me to review her CV before the job interview on Monday.',
      'A recipe for lemon cake with a sticky glaze, ready in under an hour.',
    ];
    const query = embedder.embed('Femke wedding');
    const ranked = chunks
      .map((text, i) => ({ i, score: cosine(query, embedder.embed(text)) }))
      .sort((x, y) => y.score - x.score);
    expect(ranked[0]?.i).toBe(1);
  });

  it('embeds a batch in input order and estimates tokens as characters / 4', async () => {
    const texts = ['alpha beta', 'gamma delta epsilon', ''];
    const result = await embedder.embedBatch(texts);
    expect(result.vectors).toEqual(texts.map((t) => embedder.embed(t)));
    expect(result.inputTokens).toBe(Math.ceil(texts.join('').length / 4));
  });

  it('embeds a megabyte of chat text in well under a second', async () => {
    const sentence = 'Could you check my itinerary for Lisbon and suggest a café near the river? ';
    const chunks = Array.from({ length: 500 }, (_, i) => `${i} ${sentence.repeat(27)}`);
    const started = performance.now();
    for (let i = 0; i < chunks.length; i += embedder.maxBatch)
      await embedder.embedBatch(chunks.slice(i, i + embedder.maxBatch));
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
