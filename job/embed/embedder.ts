/**
 * The embeddings port. Three adapters implement it: a local lexical embedder (the default when
 * nothing is configured), an OpenAI-compatible HTTP endpoint, and Amazon Titan on Bedrock.
 * Callers go through `embedTexts`, which batches, truncates, retries and checks dimensions.
 */

/** The database column is `vector(1024)`; every embedder must produce exactly this many. */
export const EMBEDDING_DIMENSIONS = 1024;

export type EmbeddingProvider = 'lexical' | 'openai-compatible' | 'bedrock-titan';

export interface Embedder {
  readonly provider: EmbeddingProvider;
  readonly model: string;
  /** The schema's vector(1024). */
  readonly dimensions: typeof EMBEDDING_DIMENSIONS;
  /** Shown next to search results: lexical matches words, semantic matches meaning. */
  readonly kind: 'lexical' | 'semantic';
  /** Inputs per request. */
  readonly maxBatch: number;
  /** Inputs are truncated to this many UTF-16 code units before they are sent. */
  readonly maxInputChars: number;
  /** Embeds one provider-sized batch; vectors are L2-normalized Float32Arrays, in input order. */
  embedBatch(texts: string[], signal?: AbortSignal): Promise<EmbeddingResult>;
}

export interface EmbeddingResult {
  vectors: Float32Array[];
  /** As reported by the provider, or estimated as characters / 4 when it reports none. */
  inputTokens: number;
}

/** "lexical (feature-hash-v1, matches words, not meaning)": how results are labelled. */
export function embedderLabel(embedder: Pick<Embedder, 'kind' | 'provider' | 'model'>): string {
  return embedder.kind === 'lexical'
    ? `lexical (${embedder.model}, matches words, not meaning)`
    : `semantic (${embedder.provider} ${embedder.model})`;
}

/** "provider:model", as recorded with an import's vectors (user_profiles.embedding_model). */
export function embedderId(embedder: Pick<Embedder, 'provider' | 'model'>): string {
  return `${embedder.provider}:${embedder.model}`;
}

/** The token estimate used when a provider reports none: about four characters per token. */
export function estimateTokens(chars: number): number {
  return Math.ceil(chars / 4);
}

const EMPTY_COMPONENT = 1 / Math.sqrt(EMBEDDING_DIMENSIONS);

/**
 * The vector for a text with nothing to embed (empty, or only punctuation). pgvector's cosine
 * distance is undefined for a zero vector, so this is a fixed unit vector instead: every
 * component 1/32. Each call returns a fresh copy.
 */
export function emptyTextVector(): Float32Array {
  return new Float32Array(EMBEDDING_DIMENSIONS).fill(EMPTY_COMPONENT);
}
