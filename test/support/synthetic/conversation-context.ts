import type { ExportLayout } from './options.js';
import type { Prng } from './prng.js';
import type { TextGenerator } from './text-generator.js';

/** A JSON object as it will be serialised (key order = insertion order). */
export type JsonObject = Record<string, unknown>;

const AIRPORTS = ['IAD', 'LHR', 'AMS', 'FRA', 'CDG', 'SJC', 'ORD', 'DFW', 'SEA', 'NRT'];

/** Advances a conversation's clock; times are float epoch seconds with microseconds. */
export class Clock {
  constructor(
    private readonly rng: Prng,
    public now: number,
  ) {}

  /** Moves time forward by a random gap around `meanSeconds` and returns the new time. */
  tick(meanSeconds: number): number {
    this.now += 0.05 + this.rng.exponential(meanSeconds);
    return Math.round(this.now * 1e6) / 1e6;
  }
}

/** Everything the message and turn builders of one conversation share. */
export interface ConversationContext {
  rng: Prng;
  text: TextGenerator;
  clock: Clock;
  layout: ExportLayout;
  year: number;
  model: string;
  conversationId: string;
  /** The request id of the current user turn, shared by the replies to it. */
  requestId: string;
  turnExchangeId: string;
}

export function newRequestId(rng: Prng): string {
  return `${rng.hex(8)}-${rng.pick(AIRPORTS)}`;
}

/** Model slugs by year, as seen in exports of that time. */
export function modelFor(rng: Prng, year: number, reasoning: boolean): string {
  if (year <= 2023)
    return rng.pick(['text-davinci-002-render-sha', 'gpt-4', 'gpt-4', 'gpt-4-code-interpreter']);
  if (year === 2024)
    return reasoning
      ? rng.pick(['o1-preview', 'o1-mini'])
      : rng.pick(['gpt-4o', 'gpt-4o', 'gpt-4o-mini', 'gpt-4']);
  if (year === 2025)
    return reasoning
      ? rng.pick(['o3', 'o4-mini', 'gpt-5-thinking'])
      : rng.pick(['gpt-4o', 'gpt-4-5', 'gpt-5', 'auto']);
  return reasoning
    ? rng.pick(['gpt-5-1-thinking', 'gpt-5-2-thinking'])
    : rng.pick(['gpt-5-1', 'gpt-5-2', 'auto']);
}
