import {
  EMBEDDING_DIMENSIONS,
  type Embedder,
  type EmbeddingResult,
  emptyTextVector,
  estimateTokens,
} from './embedder.js';
import { FeatureCounter } from './feature-counter.js';
import {
  astralClass,
  charInfo,
  HIGH_SURROGATE,
  IDEOGRAPH,
  multiFold,
  SEPARATOR,
  SKIP,
  WORD,
  WORD_MULTI,
} from './fold-char.js';
import { isStopword } from './stopwords.js';
import { FNV_OFFSET, FNV_PRIME, pairKey, wordKey } from './word-hash.js';

/** The lexical embedder's model name; change it whenever its vectors would change. */
export const LEXICAL_MODEL = 'feature-hash-v1';

/**
 * A local, deterministic, free embedder: feature hashing of normalized words and word pairs
 * into 1024 dimensions. It matches words, not meaning ("wedding" finds "wedding", not
 * "marriage"), so results it finds are labelled lexical. The default when no embeddings
 * provider is configured.
 *
 * Each word (see fold-char.ts) and each pair of consecutive words is hashed (word-hash.ts); the
 * low 10 bits of the key pick the dimension and the top bit the sign, so collisions cancel out
 * on average. A feature seen tf times adds 1 + ln(tf). English stopwords are left out unless the
 * text has nothing else. The result is L2-normalized. An instance reuses its buffers, which is
 * safe because embedding one text is synchronous.
 */
export class LexicalEmbedder implements Embedder {
  readonly provider = 'lexical';
  readonly model = LEXICAL_MODEL;
  readonly dimensions = EMBEDDING_DIMENSIONS;
  readonly kind = 'lexical';
  readonly maxBatch = 256;
  readonly maxInputChars = 20_000;

  /** Feature keys of the text being embedded (words and pairs, repeats included). */
  private keys = new Uint32Array(4096);
  private keyCount = 0;
  private previousKey = 0;
  private hasPrevious = false;
  private skipStopwords = true;
  private readonly counter = new FeatureCounter();
  private readonly sums = new Float64Array(EMBEDDING_DIMENSIONS);

  async embedBatch(texts: string[]): Promise<EmbeddingResult> {
    let chars = 0;
    const vectors = texts.map((text) => {
      chars += text.length;
      return this.embed(text);
    });
    return { vectors, inputTokens: estimateTokens(chars) };
  }

  /** The unit vector of one text; `emptyTextVector()` when it has no words. */
  embed(text: string): Float32Array {
    // At most one word and one pair per code unit.
    if (this.keys.length < 2 * text.length) this.keys = new Uint32Array(2 * text.length);
    this.collectFeatures(text, true);
    if (this.keyCount === 0) this.collectFeatures(text, false);
    return this.keyCount === 0 ? emptyTextVector() : this.project();
  }

  /** Splits `text` into folded words, hashing as it goes; no strings are built. */
  private collectFeatures(text: string, skipStopwords: boolean): void {
    this.keyCount = 0;
    this.hasPrevious = false;
    this.skipStopwords = skipStopwords;
    let hash = FNV_OFFSET;
    let length = 0;
    const end = text.length;
    for (let i = 0; i < end; i++) {
      const c = text.charCodeAt(i);
      const info = c < 128 ? (ASCII_INFO[c] as number) : charInfo(c);
      const cls = info >>> 16;
      if (cls === WORD) {
        hash = Math.imul(hash ^ (info & 0xffff), FNV_PRIME);
        length++;
        continue;
      }
      if (cls === SKIP) continue;
      if (cls === WORD_MULTI) {
        const folded = multiFold(c);
        for (let k = 0; k < folded.length; k++)
          hash = Math.imul(hash ^ folded.charCodeAt(k), FNV_PRIME);
        length += folded.length;
        continue;
      }
      // Everything below ends the current word.
      if (length > 0) this.addWord(hash, length);
      hash = FNV_OFFSET;
      length = 0;
      if (cls === IDEOGRAPH) {
        this.addWord(Math.imul(FNV_OFFSET ^ (info & 0xffff), FNV_PRIME), 1);
      } else if (cls === HIGH_SURROGATE) {
        const low = i + 1 < end ? text.charCodeAt(i + 1) : 0;
        if (low < 0xdc00 || low > 0xdfff) continue;
        const astral = astralClass(((c - 0xd800) << 10) + (low - 0xdc00) + 0x10000);
        if (astral === SEPARATOR) continue;
        // A letter outside the BMP (rare): hashed as is, and a word of its own.
        this.addWord(Math.imul(Math.imul(FNV_OFFSET ^ c, FNV_PRIME) ^ low, FNV_PRIME), 2);
        i++;
      }
    }
    if (length > 0) this.addWord(hash, length);
  }

  private addWord(hash: number, length: number): void {
    const key = wordKey(hash, length);
    if (this.skipStopwords && isStopword(key, length)) return;
    this.keys[this.keyCount++] = key;
    if (this.hasPrevious) this.keys[this.keyCount++] = pairKey(this.previousKey, key);
    this.previousKey = key;
    this.hasPrevious = true;
  }

  /** Sums the features into dimensions with sublinear term frequency; returns the unit vector. */
  private project(): Float32Array {
    const counter = this.counter;
    counter.count(this.keys, this.keyCount);
    const sums = this.sums;
    sums.fill(0);
    for (let i = 0; i < counter.distinct; i++) {
      const key = counter.keyAt(i);
      const tf = counter.countAt(i);
      const weight = tf === 1 ? 1 : 1 + Math.log(tf);
      const d = key & DIMENSION_MASK;
      sums[d] = (sums[d] as number) + (key >>> 31 === 1 ? -weight : weight);
    }
    let norm = 0;
    for (let d = 0; d < EMBEDDING_DIMENSIONS; d++) norm += (sums[d] as number) ** 2;
    if (norm === 0) return emptyTextVector();
    const scale = 1 / Math.sqrt(norm);
    const out = new Float32Array(EMBEDDING_DIMENSIONS);
    for (let d = 0; d < EMBEDDING_DIMENSIONS; d++) out[d] = (sums[d] as number) * scale;
    return out;
  }
}

const DIMENSION_MASK = EMBEDDING_DIMENSIONS - 1;

/** The table entries of the ASCII range, in a small array the hot loop reads first. */
const ASCII_INFO = Uint32Array.from({ length: 128 }, (_, c) => charInfo(c));
