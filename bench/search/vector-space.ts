/**
 * Embeddings with the structure real ones have, for `npm run bench:search`: every vector lies
 * near one of a few thousand topics shared by everyone (people ask about the same things), so
 * other users' rows crowd the neighbourhood of a user's query, as they do in production. A
 * chunk is its topic plus Gaussian noise (cosine ~0.74 to its topic, ~0.55 to a neighbour of
 * the same topic, ~0 to other topics), normalised. Deterministic from the seed.
 */
export const DIMENSIONS = 1024;

const NOISE = 0.9;

export class VectorSpace {
  private readonly topics: Float32Array[];
  private state: number;
  private spare: number | null = null;

  /** Topics come from `topicSeed`; the points drawn near them from `sampleSeed`. */
  constructor(topicSeed: number, sampleSeed: number, topicCount: number) {
    this.state = topicSeed >>> 0 || 1;
    this.topics = Array.from({ length: topicCount }, () => this.normalised(this.gaussianVector(1)));
    this.state = sampleSeed >>> 0 || 1;
    this.spare = null;
  }

  get topicCount(): number {
    return this.topics.length;
  }

  /** A uniform integer in [0, n). */
  pick(n: number): number {
    return Math.floor(this.uniform() * n);
  }

  /** A new point near `topic` (a chunk, or a query about that topic). */
  near(topic: number): Float32Array {
    const centre = this.topics[topic % this.topics.length] as Float32Array;
    const out = this.gaussianVector(NOISE / Math.sqrt(DIMENSIONS));
    for (let i = 0; i < DIMENSIONS; i++) out[i] = (out[i] as number) + (centre[i] as number);
    return this.normalised(out);
  }

  private gaussianVector(sigma: number): Float32Array {
    const out = new Float32Array(DIMENSIONS);
    for (let i = 0; i < DIMENSIONS; i++) out[i] = this.gaussian() * sigma;
    return out;
  }

  private normalised(v: Float32Array): Float32Array {
    let norm = 0;
    for (let i = 0; i < v.length; i++) norm += (v[i] as number) ** 2;
    const scale = 1 / Math.sqrt(norm);
    for (let i = 0; i < v.length; i++) v[i] = (v[i] as number) * scale;
    return v;
  }

  /** Box-Muller, two values per pair of uniforms. */
  private gaussian(): number {
    if (this.spare !== null) {
      const value = this.spare;
      this.spare = null;
      return value;
    }
    const u = this.uniform() || 1e-12;
    const v = this.uniform();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  }

  /** mulberry32. */
  private uniform(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
}
