import type { z } from 'zod';
import type { LlmCall } from './llm-caller.js';
import {
  addUsage,
  type LlmRequest,
  type LlmResponse,
  type LlmUsage,
  ZERO_USAGE,
} from './llm-client.js';
import { LlmError } from './llm-error.js';
import { parseModelJson } from './parse-model-json.js';

/** The largest `maxTokens` a truncated answer is retried with, unless the caller says otherwise. */
export const DEFAULT_MAX_TOKENS_CEILING = 16_384;

export interface CompleteJsonOptions {
  signal?: AbortSignal;
  /** A truncated answer is asked again once with twice the tokens, capped here (default: the caller's). */
  maxTokensCeiling?: number;
}

export interface CompleteJsonResult<T> {
  value: T;
  /** Every answer the model gave, in order (retries after errors are not answers). */
  responses: LlmResponse[];
  /** The sum of the responses' usage. */
  usage: LlmUsage;
  /** How the answer was made usable: as given, by a local syntax fix, or by asking again. */
  repair: 'none' | 'local' | 'model';
}

/**
 * Asks for a JSON object and returns it validated by `schema`. A fenced or slightly broken
 * answer is fixed locally; otherwise the model gets ONE chance to correct it (it sees its
 * answer and what was wrong), then LLM_BAD_OUTPUT. An answer cut off at `max_tokens` is asked
 * again once with a larger budget, then LLM_TRUNCATED.
 */
export async function completeJson<S extends z.ZodType>(
  caller: LlmCall,
  request: LlmRequest,
  schema: S,
  options: CompleteJsonOptions = {},
): Promise<CompleteJsonResult<z.output<S>>> {
  const ceiling = Math.max(
    options.maxTokensCeiling ?? caller.maxTokensCeiling ?? DEFAULT_MAX_TOKENS_CEILING,
    request.maxTokens,
  );
  const responses: LlmResponse[] = [];
  const ask = async (req: LlmRequest) => {
    const response = await caller.call(req, options.signal);
    responses.push(response);
    return response;
  };
  const done = (value: z.output<S>, repair: CompleteJsonResult<unknown>['repair']) => ({
    value,
    responses,
    usage: responses.reduce<LlmUsage>((sum, r) => addUsage(sum, r.usage), ZERO_USAGE),
    repair,
  });

  let current = request;
  let response = await ask(current);
  if (response.stopReason === 'max_tokens' && current.maxTokens < ceiling) {
    current = { ...current, maxTokens: Math.min(ceiling, current.maxTokens * 2) };
    response = await ask(current);
  }
  checkComplete(response, current);

  const first = check(response.text, schema);
  if (first.ok) return done(first.value, first.locallyRepaired ? 'local' : 'none');

  response = await ask({
    ...current,
    messages: [
      ...current.messages,
      { role: 'assistant', content: response.text || '(empty answer)' },
      { role: 'user', content: repairInstruction(first.problem) },
    ],
  });
  checkComplete(response, current);
  const second = check(response.text, schema);
  if (second.ok) return done(second.value, 'model');
  throw new LlmError(
    'LLM_BAD_OUTPUT',
    `The model's answer for ${request.purpose} was unusable even after one correction: ${second.problem}.`,
    { kind: 'upstream', retryable: false },
  );
}

function checkComplete(response: LlmResponse, request: LlmRequest): void {
  if (response.stopReason === 'max_tokens') {
    throw new LlmError(
      'LLM_TRUNCATED',
      `The model's answer for ${request.purpose} did not fit in ${request.maxTokens} tokens.`,
      { kind: 'upstream', retryable: false },
    );
  }
  if (response.stopReason === 'refusal') {
    throw new LlmError('LLM_BAD_OUTPUT', `The model declined to answer for ${request.purpose}.`, {
      kind: 'upstream',
      retryable: false,
    });
  }
}

type Checked<T> = { ok: true; value: T; locallyRepaired: boolean } | { ok: false; problem: string };

function check<S extends z.ZodType>(text: string, schema: S): Checked<z.output<S>> {
  const parsed = parseModelJson(text);
  if (!parsed.ok) return parsed;
  const result = schema.safeParse(parsed.value);
  if (result.success)
    return { ok: true, value: result.data, locallyRepaired: parsed.locallyRepaired };
  const issues = result.error.issues.slice(0, 5).map((issue) => {
    const path = issue.path.map(String).join('.') || '(top level)';
    return `${path}: ${issue.message}`;
  });
  const more =
    result.error.issues.length > 5 ? ` (and ${result.error.issues.length - 5} more)` : '';
  return {
    ok: false,
    problem: `the JSON does not have the expected shape: ${issues.join('; ')}${more}`,
  };
}

function repairInstruction(problem: string): string {
  return (
    `Your previous reply could not be used: ${problem}. ` +
    'Send the whole answer again as one corrected JSON object that follows the format asked ' +
    'for above. Keep everything that was right. Write nothing before or after the object, ' +
    'and no code fences.'
  );
}
