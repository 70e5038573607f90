import { z } from 'zod';
import { AppError } from '../../core/errors.js';
import {
  EMBEDDING_DIMENSIONS,
  type Embedder,
  type EmbeddingResult,
  estimateTokens,
} from './embedder.js';
import { float32FromBase64 } from './float32-base64.js';
import { httpEmbeddingError } from './http-embedding-error.js';
import { withDeadline } from './request-deadline.js';
import { toUnitVector } from './unit-vector.js';

export interface OpenAiCompatibleEmbedderOptions {
  /** Up to the version segment: "https://api.openai.com/v1", "http://localhost:11434/v1". */
  baseUrl: string;
  model: string;
  /** Sent as `Authorization: Bearer`; local servers (Ollama, TEI, vLLM) may need none. */
  apiKey?: string | undefined;
  /** Sent as `dimensions` (OpenAI text-embedding-3 shortens to it); null sends nothing. */
  dimensions?: number | null;
  /** Inputs per request (default 96). */
  maxBatch?: number;
  /** Default 24,000 characters, about 8K tokens (OpenAI's per-input limit is 8,192). */
  maxInputChars?: number;
  /** Per request, body included (default 60 s). */
  timeoutMs?: number;
  /** How vectors travel: `float` (JSON numbers, every server's default) or `base64`. */
  encoding?: EmbeddingEncoding;
}

export type EmbeddingEncoding = 'float' | 'base64';

const responseSchema = z.object({
  data: z.array(
    // Checked item by item below: a schema walking a million numbers per batch costs more
    // than the rest of the parse.
    z.object({ index: z.number().int().nonnegative(), embedding: z.unknown() }),
  ),
  usage: z.object({ prompt_tokens: z.number().nonnegative().optional() }).nullish(),
});

/**
 * Any OpenAI-compatible `POST /embeddings` (OpenAI, Voyage, Ollama, TEI, vLLM, LiteLLM…).
 * The body is `{ model, input: string[], dimensions?, encoding_format? }`. With the `float`
 * encoding `encoding_format` is not sent (float is every server's default, and Voyage accepts
 * only base64 as a value); `base64` asks for little-endian float32 bytes: a quarter of the
 * response and half this client's CPU per vector (`npm run bench:chunk`; OpenAI, Voyage, TEI
 * and vLLM support it). Vectors are put in `index` order and L2-normalized (not every server
 * normalizes). Errors: see http-embedding-error.ts; a network failure is retryable; a 200 whose
 * body is not the expected JSON is EMBEDDING_BAD_RESPONSE and not retried, because that is a
 * misconfigured endpoint far more often than a passing glitch (a body cut off in transit fails
 * as a network error).
 */
export class OpenAiCompatibleEmbedder implements Embedder {
  readonly provider = 'openai-compatible';
  readonly dimensions = EMBEDDING_DIMENSIONS;
  readonly kind = 'semantic';
  readonly model: string;
  readonly maxBatch: number;
  readonly maxInputChars: number;
  /** The base URL without credentials or query, safe for messages. */
  readonly endpoint: string;
  readonly #url: URL;
  readonly #apiKey: string | undefined;
  readonly #requestDimensions: number | null;
  readonly #timeoutMs: number;
  readonly #encoding: EmbeddingEncoding;

  constructor(options: OpenAiCompatibleEmbedderOptions) {
    const base = new URL(options.baseUrl);
    this.endpoint = `${base.protocol}//${base.host}${base.pathname.replace(/\/+$/, '')}`;
    this.#url = new URL(base);
    this.#url.pathname = `${base.pathname.replace(/\/+$/, '')}/embeddings`;
    this.model = options.model;
    this.#apiKey = options.apiKey;
    this.#requestDimensions =
      options.dimensions === undefined ? EMBEDDING_DIMENSIONS : options.dimensions;
    this.maxBatch = options.maxBatch ?? 96;
    this.maxInputChars = options.maxInputChars ?? 24_000;
    this.#timeoutMs = options.timeoutMs ?? 60_000;
    this.#encoding = options.encoding ?? 'float';
  }

  async embedBatch(texts: string[], signal?: AbortSignal): Promise<EmbeddingResult> {
    const body = JSON.stringify({
      model: this.model,
      input: texts,
      ...(this.#requestDimensions === null ? {} : { dimensions: this.#requestDimensions }),
      ...(this.#encoding === 'base64' ? { encoding_format: 'base64' } : {}),
    });
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      accept: 'application/json',
    };
    if (this.#apiKey) headers.authorization = `Bearer ${this.#apiKey}`;
    const answer = await withDeadline(this.endpoint, this.#timeoutMs, signal, async (s) => {
      try {
        const response = await fetch(this.#url, { method: 'POST', headers, body, signal: s });
        return { status: response.status, headers: response.headers, text: await response.text() };
      } catch (error) {
        if (s.aborted) throw error;
        const reason = networkReason(error);
        throw new AppError(
          'EMBEDDING_UNAVAILABLE',
          `Could not reach ${this.endpoint}${reason ? ` (${reason})` : ''}.`,
          { kind: 'upstream', cause: error },
        );
      }
    });
    if (answer.status < 200 || answer.status > 299) {
      throw httpEmbeddingError({
        ...answer,
        body: answer.text,
        endpoint: this.endpoint,
        model: this.model,
      });
    }
    return this.parse(answer.text, answer.headers, texts);
  }

  private parse(text: string, headers: Headers, texts: string[]): EmbeddingResult {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      const type = headers.get('content-type') ?? 'no content type';
      throw this.badResponse(`answered with a body that is not JSON (${type})`, error);
    }
    const parsed = responseSchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue?.path.join('.') || 'body';
      throw this.badResponse(
        `answered with an unexpected body (${where}: ${issue?.message})`,
        parsed.error,
      );
    }
    const vectors = new Array<Float32Array>(texts.length);
    for (const [position, item] of parsed.data.data.entries()) {
      const components = this.components(item.embedding);
      if (components === null) {
        const expected =
          this.#encoding === 'base64' ? 'a base64 string of float32s' : 'an array of numbers';
        throw this.badResponse(
          `answered with an unexpected body (data.${position}.embedding: expected ${expected})`,
        );
      }
      const vector = toUnitVector(components);
      if (item.index >= texts.length || vectors[item.index] !== undefined || vector === null) {
        throw this.badResponse(`answered with an invalid or repeated item at index ${item.index}`);
      }
      vectors[item.index] = vector;
    }
    const found = parsed.data.data.length;
    if (found !== texts.length) {
      throw this.badResponse(`answered with ${found} embeddings for ${texts.length} inputs`);
    }
    const chars = texts.reduce((sum, t) => sum + t.length, 0);
    return {
      vectors,
      inputTokens: parsed.data.usage?.prompt_tokens ?? estimateTokens(chars),
    };
  }

  /** The vector's numbers in the encoding asked for; null when it is not that. */
  private components(embedding: unknown): ArrayLike<number> | null {
    if (this.#encoding === 'base64') {
      return typeof embedding === 'string' ? float32FromBase64(embedding) : null;
    }
    if (!Array.isArray(embedding)) return null;
    for (const value of embedding) if (typeof value !== 'number') return null;
    return embedding as number[];
  }

  private badResponse(what: string, cause?: unknown): AppError {
    return new AppError(
      'EMBEDDING_BAD_RESPONSE',
      `${this.endpoint} ${what}. Check that EMBEDDING_BASE_URL points at an OpenAI-compatible ` +
        'API (usually ending in /v1).',
      { kind: 'upstream', retryable: false, cause },
    );
  }
}

/** "ECONNREFUSED", "ENOTFOUND", "bad port": why fetch failed, from undici's `cause`. */
function networkReason(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown; message?: unknown } } | null)?.cause;
  const reason = cause?.code ?? cause?.message;
  return typeof reason === 'string' ? reason.slice(0, 80) : '';
}
