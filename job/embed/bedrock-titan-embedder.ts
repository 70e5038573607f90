import { BedrockRuntimeClient, InvokeModelCommand } from '@aws-sdk/client-bedrock-runtime';
import { z } from 'zod';
import { AppError } from '../../core/errors.js';
import { bedrockEmbeddingError } from './bedrock-embedding-error.js';
import { EMBEDDING_DIMENSIONS, type Embedder, type EmbeddingResult } from './embedder.js';
import { withDeadline } from './request-deadline.js';
import { toUnitVector } from './unit-vector.js';

export const DEFAULT_TITAN_MODEL = 'amazon.titan-embed-text-v2:0';

export interface BedrockTitanEmbedderOptions {
  region: string;
  /** Default amazon.titan-embed-text-v2:0. */
  modelId?: string;
  /** Per request, body included (default 60 s). */
  timeoutMs?: number;
  /** A VPC endpoint, or a loopback fake in tests. Default: the region's public endpoint. */
  endpoint?: string;
  /** Default: the SDK's credential chain (IAM role, AWS_PROFILE, environment). */
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
}

const responseSchema = z.object({
  embedding: z.array(z.number()),
  inputTextTokenCount: z.number().int().nonnegative(),
});

/**
 * Amazon Titan Text Embeddings v2 on Bedrock: `InvokeModel` with
 * `{ inputText, dimensions: 1024, normalize: true }`, one text per call (Titan takes no
 * batches), so throughput comes from `embedTexts`' concurrency. The SDK's own retries are off
 * (`maxAttempts: 1`): `withRetry` is the one retry policy. Titan v2 takes up to 8,192 tokens or
 * 50,000 characters per text. Errors: see bedrock-embedding-error.ts.
 */
export class BedrockTitanEmbedder implements Embedder {
  readonly provider = 'bedrock-titan';
  readonly dimensions = EMBEDDING_DIMENSIONS;
  readonly kind = 'semantic';
  readonly maxBatch = 1;
  readonly maxInputChars = 50_000;
  readonly model: string;
  private readonly client: BedrockRuntimeClient;
  private readonly what: string;
  private readonly timeoutMs: number;

  constructor(options: BedrockTitanEmbedderOptions) {
    this.model = options.modelId ?? DEFAULT_TITAN_MODEL;
    this.timeoutMs = options.timeoutMs ?? 60_000;
    this.what = `Bedrock model ${this.model} in ${options.region}`;
    this.client = new BedrockRuntimeClient({
      region: options.region,
      maxAttempts: 1,
      ...(options.endpoint ? { endpoint: options.endpoint } : {}),
      ...(options.credentials ? { credentials: options.credentials } : {}),
    });
  }

  async embedBatch(texts: string[], signal?: AbortSignal): Promise<EmbeddingResult> {
    const vectors: Float32Array[] = [];
    let inputTokens = 0;
    for (const text of texts) {
      const result = await this.embedOne(text, signal);
      vectors.push(result.vector);
      inputTokens += result.inputTokens;
    }
    return { vectors, inputTokens };
  }

  /** Closes the SDK's connection pool. */
  destroy(): void {
    this.client.destroy();
  }

  private async embedOne(text: string, signal?: AbortSignal) {
    const command = new InvokeModelCommand({
      modelId: this.model,
      contentType: 'application/json',
      accept: 'application/json',
      body: JSON.stringify({ inputText: text, dimensions: EMBEDDING_DIMENSIONS, normalize: true }),
    });
    const body = await withDeadline(this.what, this.timeoutMs, signal, async (s) => {
      try {
        const output = await this.client.send(command, { abortSignal: s });
        return output.body.transformToString();
      } catch (error) {
        if (s.aborted) throw error;
        throw bedrockEmbeddingError(error, this.what);
      }
    });
    let parsed: z.infer<typeof responseSchema>;
    try {
      parsed = responseSchema.parse(JSON.parse(body));
    } catch (error) {
      throw this.badResponse('answered with a body that is not a Titan embedding', error);
    }
    const vector = toUnitVector(parsed.embedding);
    if (vector === null) throw this.badResponse('answered with a zero or non-finite vector');
    return { vector, inputTokens: parsed.inputTextTokenCount };
  }

  private badResponse(what: string, cause?: unknown): AppError {
    return new AppError(
      'EMBEDDING_BAD_RESPONSE',
      `${this.what} ${what}. Check that EMBEDDING_MODEL is a Titan Text Embeddings v2 model.`,
      { kind: 'upstream', retryable: false, cause },
    );
  }
}
