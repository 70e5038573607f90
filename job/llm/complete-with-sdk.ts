import type Anthropic from '@anthropic-ai/sdk';
import type { LlmRequest, LlmResponse } from './llm-client.js';
import { mapSdkError, type SdkErrorContext } from './map-sdk-error.js';

/** The one SDK method both adapters use; the Bedrock client's `messages` has the same shape. */
export type MessagesCreate = Pick<Anthropic['messages'], 'create'>;

/**
 * Sends one non-streaming Messages request through an SDK client and reads the answer into
 * our shape. Every failure comes out as an AppError (see `mapSdkError`).
 */
export async function completeWithSdk(
  messages: MessagesCreate,
  model: string,
  request: LlmRequest,
  signal: AbortSignal | undefined,
  errorContext: SdkErrorContext,
): Promise<LlmResponse> {
  try {
    const message = await messages.create(
      {
        model,
        max_tokens: request.maxTokens,
        ...(request.system ? { system: request.system } : {}),
        messages: request.messages.map(({ role, content }) => ({ role, content })),
        ...(request.temperature === undefined ? {} : { temperature: request.temperature }),
      },
      signal ? { signal } : undefined,
    );
    const text = message.content
      .flatMap((block) => (block.type === 'text' ? [block.text] : []))
      .join('');
    const usage = message.usage;
    return {
      text,
      stopReason: message.stop_reason ?? 'unknown',
      usage: {
        inputTokens: usage.input_tokens ?? 0,
        outputTokens: usage.output_tokens ?? 0,
        cacheReadTokens: usage.cache_read_input_tokens ?? 0,
        cacheWriteTokens: usage.cache_creation_input_tokens ?? 0,
      },
    };
  } catch (thrown) {
    throw mapSdkError(thrown, errorContext);
  }
}
