import { AppError } from '../../core/errors.js';
import { type RetryPolicy, withRetry } from '../../core/retry.js';
import {
  EMBEDDING_DIMENSIONS,
  type Embedder,
  type EmbeddingResult,
  emptyTextVector,
} from './embedder.js';
import type { EmbeddingUsage } from './embedding-usage.js';

export interface EmbedTextsOptions {
  /** Batches in flight at once (default 4). */
  concurrency?: number;
  signal?: AbortSignal;
  /** Counts calls, tokens and retries for the cost report. */
  usage?: EmbeddingUsage;
  /** The retry policy for each batch; `withRetry`'s default when absent. */
  retryPolicy?: RetryPolicy;
}

const DEFAULT_CONCURRENCY = 4;

/**
 * Embeds `texts` with `embedder` and returns one 1024-dimension vector per text, in input order.
 * Texts are truncated to the embedder's `maxInputChars`, cut into batches of `maxBatch`, and at
 * most `concurrency` batches are in flight; each batch is retried under the one retry policy.
 * Blank texts are not sent: they get the fixed `emptyTextVector()`. The first failure stops the
 * rest (in-flight requests are aborted) and is thrown.
 */
export async function embedTexts(
  embedder: Embedder,
  texts: readonly string[],
  options: EmbedTextsOptions = {},
): Promise<Float32Array[]> {
  const vectors = new Array<Float32Array>(texts.length);
  const toSend: number[] = [];
  for (let i = 0; i < texts.length; i++) {
    if (NON_BLANK.test(texts[i] as string)) toSend.push(i);
    else vectors[i] = emptyTextVector();
  }
  const batchCount = Math.ceil(toSend.length / embedder.maxBatch);
  const stop = new AbortController();
  const signal = options.signal ? AbortSignal.any([options.signal, stop.signal]) : stop.signal;
  let failure: { error: unknown } | undefined;
  let nextBatch = 0;

  const embedOneBatch = async (batch: number) => {
    const indexes = toSend.slice(batch * embedder.maxBatch, (batch + 1) * embedder.maxBatch);
    const inputs = indexes.map((i) => truncateText(texts[i] as string, embedder.maxInputChars));
    const result = await withRetry(() => embedder.embedBatch(inputs, signal), {
      signal,
      ...(options.retryPolicy ? { policy: options.retryPolicy } : {}),
      onRetry: () => options.usage?.addRetry(),
    });
    checkResult(embedder, result, inputs.length);
    options.usage?.addCall(result.inputTokens);
    indexes.forEach((textIndex, k) => {
      vectors[textIndex] = result.vectors[k] as Float32Array;
    });
  };

  const worker = async () => {
    try {
      while (failure === undefined && nextBatch < batchCount) await embedOneBatch(nextBatch++);
    } catch (error) {
      if (failure === undefined) {
        failure = { error };
        stop.abort();
      }
    }
  };
  const workers = Math.max(1, Math.min(options.concurrency ?? DEFAULT_CONCURRENCY, batchCount));
  await Promise.all(Array.from({ length: workers }, worker));
  if (failure !== undefined) throw failure.error;
  return vectors;
}

/**
 * The first `maxChars` UTF-16 code units of `text`, never splitting a surrogate pair (an emoji
 * cut in half is not valid UTF-8 and some servers refuse the request).
 */
export function truncateText(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  const last = text.charCodeAt(maxChars - 1);
  const end = last >= 0xd800 && last <= 0xdbff ? maxChars - 1 : maxChars;
  return text.slice(0, end);
}

const NON_BLANK = /\S/;

function checkResult(embedder: Embedder, result: EmbeddingResult, inputs: number): void {
  if (result.vectors.length !== inputs) {
    throw new AppError(
      'EMBEDDING_BAD_RESPONSE',
      `${embedder.provider} model ${embedder.model} returned ${result.vectors.length} vectors ` +
        `for ${inputs} inputs. Check that the endpoint is an embeddings API.`,
      { kind: 'upstream', retryable: false },
    );
  }
  for (const vector of result.vectors) {
    if (vector.length !== EMBEDDING_DIMENSIONS) throw wrongDimension(embedder, vector.length);
  }
}

function wrongDimension(embedder: Embedder, size: number): AppError {
  return new AppError(
    'EMBEDDING_WRONG_DIMENSION',
    `${embedder.provider} model ${embedder.model} returned ${size}-dimension vectors; the ` +
      `database stores ${EMBEDDING_DIMENSIONS}. Set the model's output to ${EMBEDDING_DIMENSIONS} ` +
      `dimensions (OpenAI: EMBEDDING_DIMENSIONS=${EMBEDDING_DIMENSIONS}) or choose a ` +
      `${EMBEDDING_DIMENSIONS}-dimension model.`,
    { kind: 'config' },
  );
}
