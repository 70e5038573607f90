import {
  DEFAULT_RETRY_POLICY,
  type RetryEvent,
  type RetryPolicy,
  withRetry,
} from '../../core/retry.js';
import { AdaptiveLimit } from './adaptive-limit.js';
import type { LlmClient, LlmRequest, LlmResponse } from './llm-client.js';
import { isBackpressure, LlmError } from './llm-error.js';
import { HAIKU_4_5_PRICES, type LlmPrices } from './llm-pricing.js';
import { type LlmCostReport, LlmUsageLedger } from './llm-usage.js';

export interface LlmCallerOptions {
  client: LlmClient;
  /** The most calls in flight; halves on rate limits and overload, grows back on success. */
  maxConcurrency: number;
  /** Each attempt gets this long before it counts as a retryable LLM_UNAVAILABLE. */
  timeoutMs: number;
  prices?: LlmPrices;
  /** Default: the project's policy (4 attempts, 0.5 s → 8 s). Tests inject a fast one. */
  retryPolicy?: RetryPolicy;
  /** Successes in a row before the concurrency limit grows by one. Default 10. */
  growAfter?: number;
  /** The largest output budget `completeJson` may raise a truncated call to. */
  maxTokensCeiling?: number;
  /** Observes each retry (for logs); the caller already counts them. */
  onRetry?: (event: RetryEvent & { purpose: string }) => void;
  /** For tests: the jitter's random source. */
  random?: () => number;
}

/** What the LLM passes need from a caller; lets `completeJson` take anything that calls. */
export interface LlmCall {
  call(request: LlmRequest, signal?: AbortSignal): Promise<LlmResponse>;
  /** The largest output budget a truncated answer may be asked again with. */
  readonly maxTokensCeiling?: number;
}

/**
 * The one way the job calls a model: the project's retry policy (`withRetry`, honouring
 * `retry-after`), an adaptive concurrency limit, a timeout per attempt, and usage accounting
 * for the cost report. A concurrency slot is held only while a request is in flight, never
 * while waiting to retry.
 */
export class LlmCaller implements LlmCall {
  readonly client: LlmClient;
  readonly limit: AdaptiveLimit;
  readonly usage: LlmUsageLedger;
  readonly maxTokensCeiling: number | undefined;
  readonly #timeoutMs: number;
  readonly #policy: RetryPolicy;
  readonly #onRetry: LlmCallerOptions['onRetry'];
  readonly #random: (() => number) | undefined;
  #retries = 0;

  constructor(options: LlmCallerOptions) {
    this.client = options.client;
    this.limit = new AdaptiveLimit({
      max: options.maxConcurrency,
      shouldShrink: isBackpressure,
      ...(options.growAfter === undefined ? {} : { growAfter: options.growAfter }),
    });
    this.usage = new LlmUsageLedger({
      provider: options.client.provider,
      model: options.client.model,
      prices: options.prices ?? HAIKU_4_5_PRICES,
    });
    this.maxTokensCeiling = options.maxTokensCeiling;
    this.#timeoutMs = options.timeoutMs;
    this.#policy = options.retryPolicy ?? DEFAULT_RETRY_POLICY;
    this.#onRetry = options.onRetry;
    this.#random = options.random;
  }

  /** Retries so far, over all calls. */
  get retries(): number {
    return this.#retries;
  }

  async call(request: LlmRequest, signal?: AbortSignal): Promise<LlmResponse> {
    const response = await withRetry(
      () => this.limit.run(() => this.#attempt(request, signal), signal),
      {
        policy: this.#policy,
        ...(signal ? { signal } : {}),
        ...(this.#random ? { random: this.#random } : {}),
        onRetry: (event) => {
          this.#retries++;
          this.usage.recordRetry(request.purpose);
          this.#onRetry?.({ ...event, purpose: request.purpose });
        },
      },
    );
    this.usage.record(request.purpose, response.usage);
    return response;
  }

  costReport(): LlmCostReport {
    return this.usage.costReport();
  }

  async #attempt(request: LlmRequest, signal?: AbortSignal): Promise<LlmResponse> {
    // One controller per attempt, aborted by the timer or by the caller's signal. (Not
    // AbortSignal.any: on Node 20 it keeps every derived signal alive as long as the job's.)
    const attempt = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      attempt.abort();
    }, this.#timeoutMs);
    const onAbort = () => attempt.abort(signal?.reason);
    signal?.addEventListener('abort', onAbort, { once: true });
    if (signal?.aborted) onAbort();
    try {
      return await this.client.complete(request, attempt.signal);
    } catch (error) {
      if (timedOut && !signal?.aborted) {
        throw new LlmError(
          'LLM_UNAVAILABLE',
          `The model did not answer within ${this.#timeoutMs / 1000} s (${request.purpose}).`,
          { kind: 'upstream', cause: error },
        );
      }
      throw error;
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    }
  }
}
