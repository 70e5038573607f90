import { addUsage, type LlmProvider, type LlmUsage, ZERO_USAGE } from './llm-client.js';
import { type LlmPrices, priceUsage } from './llm-pricing.js';

/** Tokens and money for one purpose, or for the whole import. */
export interface UsageLine extends LlmUsage {
  /** Answered calls (each is billed). */
  calls: number;
  /** Attempts that failed and were tried again. */
  retries: number;
  usd: number;
}

/**
 * What the LLM cost this import, as plain JSON: stored in `import_jobs.metrics` and
 * `user_profiles.import_cost`.
 */
export interface LlmCostReport extends UsageLine {
  provider: LlmProvider;
  model: string;
  /** The prices the report was computed with, USD per million tokens. */
  pricesPerMTok: LlmPrices;
  byPurpose: Record<string, UsageLine>;
}

interface Tally {
  calls: number;
  retries: number;
  usage: LlmUsage;
}

/** Accumulates every call's usage per purpose and prices it. */
export class LlmUsageLedger {
  readonly #provider: LlmProvider;
  readonly #model: string;
  readonly #prices: LlmPrices;
  readonly #byPurpose = new Map<string, Tally>();

  constructor(options: { provider: LlmProvider; model: string; prices: LlmPrices }) {
    this.#provider = options.provider;
    this.#model = options.model;
    this.#prices = { ...options.prices };
  }

  /** Adds one answered call. */
  record(purpose: string, usage: LlmUsage): void {
    const tally = this.#tally(purpose);
    tally.calls++;
    tally.usage = addUsage(tally.usage, usage);
  }

  /** Counts one failed attempt that will be tried again. */
  recordRetry(purpose: string): void {
    this.#tally(purpose).retries++;
  }

  costReport(): LlmCostReport {
    const byPurpose: Record<string, UsageLine> = {};
    let total: Tally = { calls: 0, retries: 0, usage: ZERO_USAGE };
    for (const [purpose, tally] of [...this.#byPurpose].sort(([a], [b]) => a.localeCompare(b))) {
      byPurpose[purpose] = this.#line(tally);
      total = {
        calls: total.calls + tally.calls,
        retries: total.retries + tally.retries,
        usage: addUsage(total.usage, tally.usage),
      };
    }
    return {
      provider: this.#provider,
      model: this.#model,
      ...this.#line(total),
      pricesPerMTok: { ...this.#prices },
      byPurpose,
    };
  }

  #tally(purpose: string): Tally {
    let tally = this.#byPurpose.get(purpose);
    if (!tally) {
      tally = { calls: 0, retries: 0, usage: ZERO_USAGE };
      this.#byPurpose.set(purpose, tally);
    }
    return tally;
  }

  #line({ calls, retries, usage }: Tally): UsageLine {
    return { calls, retries, ...usage, usd: priceUsage(usage, this.#prices) };
  }
}
