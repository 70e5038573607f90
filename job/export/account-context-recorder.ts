import type { AccountContextSink } from './account-context.js';

/** One call a conversation made on the account context, in a form that crosses threads. */
export type AccountEvent =
  | {
      kind: 'instructions';
      content: Record<string, unknown>;
      metadata: Record<string, unknown> | null;
      at: number;
    }
  | { kind: 'snapshot'; content: Record<string, unknown>; at: number }
  | { kind: 'write'; text: string; at: number };

/**
 * Records what a conversation read on another thread gave the account context, so the reading
 * thread can replay it in file order (which one wins among equally new custom instructions or
 * snapshots depends on the order). Keeps only the fields the collector reads.
 */
export class AccountContextRecorder implements AccountContextSink {
  readonly events: AccountEvent[] = [];

  addCustomInstructions(
    content: Record<string, unknown>,
    metadata: Record<string, unknown> | null | undefined,
    at: number,
  ): void {
    this.events.push({
      kind: 'instructions',
      content: { user_profile: content.user_profile, user_instructions: content.user_instructions },
      metadata: metadata ? { user_context_message_data: metadata.user_context_message_data } : null,
      at,
    });
  }

  addMemorySnapshot(content: Record<string, unknown>, at: number): void {
    this.events.push({
      kind: 'snapshot',
      content: { model_set_context: content.model_set_context },
      at,
    });
  }

  addMemoryWrite(text: string, at: number): void {
    this.events.push({ kind: 'write', text, at });
  }
}

export function replayAccountEvents(
  events: readonly AccountEvent[],
  sink: AccountContextSink,
): void {
  for (const event of events) {
    if (event.kind === 'instructions')
      sink.addCustomInstructions(event.content, event.metadata, event.at);
    else if (event.kind === 'snapshot') sink.addMemorySnapshot(event.content, event.at);
    else sink.addMemoryWrite(event.text, event.at);
  }
}
