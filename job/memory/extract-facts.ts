import { AppError, toAppError } from '../../core/errors.js';
import { throwIfAborted } from '../../core/retry.js';
import { completeJson } from '../llm/complete-json.js';
import type { LlmCall } from '../llm/llm-caller.js';
import { buildFactPrompt, type FactAnswer, factAnswerSchema, factCategory } from './fact-prompt.js';
import type { FactBatch } from './pack-fact-inputs.js';
import { nearDuplicateKey } from './recent-hashes.js';
import type { ExtractedFact } from './types.js';

export interface ExtractFactsOptions {
  signal?: AbortSignal;
  /** After each call, answered or failed. */
  onProgress?: (done: number, total: number) => void;
}

export interface ExtractionResult {
  facts: ExtractedFact[];
  calls: number;
  /** Calls that failed after the LLM layer's retries (skipped; the pass went on). */
  failedCalls: number;
  /** Failed calls by error code, for the report. */
  failures: Record<string, number>;
  /** Items of answers that were unusable (unknown category, unknown conversation, empty). */
  droppedItems: number;
}

const MAX_FACT_CHARS = 300;
const MAX_EVIDENCE_CHARS = 300;

/**
 * Runs one extraction call per batch, all at once: the `LlmCall`'s concurrency limit decides
 * how many are in flight. A call that still fails after the layer's retries is counted and
 * skipped; if every call fails, the pass fails with FACTS_EXTRACTION_FAILED (the job keeps the
 * quick profile). Cancellation stops everything with CANCELLED.
 */
export async function extractFacts(
  llm: LlmCall,
  batches: readonly FactBatch[],
  options: ExtractFactsOptions = {},
): Promise<ExtractionResult> {
  const result: ExtractionResult = {
    facts: [],
    calls: batches.length,
    failedCalls: 0,
    failures: {},
    droppedItems: 0,
  };
  let done = 0;
  let lastError: AppError | null = null;
  const answers = await Promise.all(
    batches.map(async (batch) => {
      try {
        const { request } = buildFactPrompt(batch);
        const { value } = await completeJson(llm, request, factAnswerSchema, {
          ...(options.signal ? { signal: options.signal } : {}),
        });
        return { batch, value };
      } catch (thrown) {
        const error = toAppError(thrown);
        if (error.kind === 'cancelled' || options.signal?.aborted) throw error;
        result.failedCalls++;
        result.failures[error.code] = (result.failures[error.code] ?? 0) + 1;
        lastError = error;
        return null;
      } finally {
        options.onProgress?.(++done, batches.length);
      }
    }),
  );
  throwIfAborted(options.signal);
  if (batches.length > 0 && result.failedCalls === batches.length)
    throw allFailed(result, lastError);
  for (const answer of answers) {
    if (answer) result.facts.push(...readAnswer(answer.batch, answer.value, result));
  }
  return result;
}

/** The answer's items as facts, each tied to its excerpt's conversation and date. */
function readAnswer(
  batch: FactBatch,
  answer: FactAnswer,
  result: ExtractionResult,
): ExtractedFact[] {
  const facts: ExtractedFact[] = [];
  for (const item of answer.facts) {
    const category = factCategory(item.category);
    const input = excerptFor(batch, item.conversationId);
    const fact = oneLine(item.fact, MAX_FACT_CHARS);
    if (!category || !input || fact.length < 3) {
      result.droppedItems++;
      continue;
    }
    const evidence = item.evidence ? oneLine(item.evidence, MAX_EVIDENCE_CHARS) : null;
    facts.push({
      category,
      fact,
      evidence: evidence || null,
      conversationId: input.conversationId,
      date: item.date ? oneLine(item.date, 60) || null : null,
      observedAt: input.at,
      confidence: evidence && quotes(input.messages, evidence) ? 0.9 : 0.6,
      source: 'llm',
    });
  }
  return facts;
}

/** `conversationId` is the excerpt's n (1-based); a copied real id is accepted too. */
function excerptFor(batch: FactBatch, id: number | string) {
  const n = typeof id === 'number' ? id : /^\d+$/.test(id.trim()) ? Number(id) : Number.NaN;
  if (Number.isInteger(n) && n >= 1 && n <= batch.inputs.length) return batch.inputs[n - 1];
  return batch.inputs.find((input) => input.conversationId === id);
}

/** Whether the evidence really is the person's words (up to case and punctuation). */
function quotes(
  messages: ReadonlyArray<{ role: string; text: string }>,
  evidence: string,
): boolean {
  const wanted = nearDuplicateKey(evidence.replace(/…/g, ' '));
  if (wanted.length === 0) return false;
  return messages.some((m) => m.role === 'user' && nearDuplicateKey(m.text).includes(wanted));
}

function oneLine(text: string, max: number): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

function allFailed(result: ExtractionResult, last: AppError | null): AppError {
  const codes = Object.entries(result.failures)
    .map(([code, count]) => `${count} × ${code}`)
    .join(', ');
  return new AppError(
    'FACTS_EXTRACTION_FAILED',
    `Every fact-extraction call failed (${codes}), so the full memory was not built. The quick ` +
      'profile is kept; run the import again later to build the memory.',
    { kind: last?.kind === 'config' ? 'config' : 'upstream', cause: last ?? undefined },
  );
}
