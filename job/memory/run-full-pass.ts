import type { Database } from '../../core/db/index.js';
import { listFacts, saveFacts, writeMemory } from '../../core/db/index.js';
import { throwIfAborted } from '../../core/retry.js';
import type { AccountContext } from '../export/types.js';
import type { LlmCall } from '../llm/llm-caller.js';
import { consolidateFacts } from './consolidate-facts.js';
import { extractFacts } from './extract-facts.js';
import type { FactInputCollector } from './fact-input-collector.js';
import { factRows } from './fact-rows.js';
import { accountFacts, type OfflineFactCollector } from './offline-facts.js';
import { packFactInputs } from './pack-fact-inputs.js';
import { renderMemory } from './render-memory.js';
import type { SelectionReport } from './selection-report.js';
import type { ExtractedFact } from './types.js';

export interface FullPassInput {
  /** Filled during the streamed pass over the export. */
  factInputs: FactInputCollector;
  /** Filled during the same pass; used when there is no model. */
  offlineFacts?: OfflineFactCollector;
  account: AccountContext;
  /** Null: offline facts only (no model configured). */
  llm: LlmCall | null;
  db: Database;
  userId: string;
  importId: string;
  /** The facts were saved by an earlier run of this import: rebuild MEMORY from them. */
  skipExtraction?: boolean;
  /** Excerpt tokens per extraction call (DEFAULT_TOKENS_PER_CALL). */
  maxTokensPerCall?: number;
  signal?: AbortSignal;
  /** Extraction calls finished, of all. */
  onProgress?: (done: number, total: number) => void;
}

export interface FullPassResult {
  /** Facts of this import (after consolidation). */
  facts: number;
  /** Of those, rows that were new (0 on a re-run). */
  inserted: number;
  memoryMd: string;
  /** False when another import became current meanwhile (MEMORY was not written). */
  memorySaved: boolean;
  selection: SelectionReport;
  calls: number;
  failedCalls: number;
  /** Near-duplicates merged and older conflicting facts dropped. */
  merged: number;
  conflicts: number;
  source: 'llm' | 'offline' | 'saved';
}

/**
 * The full pass after the streamed read: extraction over the selected excerpts (or offline
 * facts when there is no model), plus what the account itself knew (custom instructions,
 * saved memories), consolidated, saved to learned_facts with deterministic ids, rendered as
 * MEMORY and written to the profile. Fails (FACTS_EXTRACTION_FAILED) only when every
 * extraction call failed; the caller then keeps the quick profile. Model usage and cost go to
 * the `LlmCall` passed in.
 */
export async function runFullPass(input: FullPassInput): Promise<FullPassResult> {
  const { db, userId, importId, signal } = input;
  const ref = { userId, importId };
  const selection = input.factInputs.report();
  if (input.skipExtraction) {
    const saved = await listFacts(db, ref);
    const memoryMd = renderMemory(saved.map((row) => ({ ...row, date: row.factDate })));
    const memorySaved = await writeMemory(db, { ...ref, memoryMd });
    return { ...empty(selection, 'saved'), facts: saved.length, memoryMd, memorySaved };
  }

  let found: ExtractedFact[];
  let calls = 0;
  let failedCalls = 0;
  if (input.llm) {
    const batches = packFactInputs(input.factInputs.inputs(), {
      ...(input.maxTokensPerCall ? { maxTokensPerCall: input.maxTokensPerCall } : {}),
    });
    const extraction = await extractFacts(input.llm, batches, {
      ...(signal ? { signal } : {}),
      ...(input.onProgress ? { onProgress: input.onProgress } : {}),
    });
    found = extraction.facts;
    calls = extraction.calls;
    failedCalls = extraction.failedCalls;
  } else {
    found = input.offlineFacts?.facts() ?? [];
    input.onProgress?.(1, 1);
  }
  throwIfAborted(signal);

  const consolidated = consolidateFacts([
    ...accountFacts(input.account, selection.dateRange.last),
    ...found,
  ]);
  const rows = factRows(consolidated.facts, ref);
  const inserted = await saveFacts(db, rows);
  const memoryMd = renderMemory(consolidated.facts);
  const memorySaved = await writeMemory(db, { ...ref, memoryMd });
  return {
    facts: rows.length,
    inserted,
    memoryMd,
    memorySaved,
    selection,
    calls,
    failedCalls,
    merged: consolidated.merged,
    conflicts: consolidated.conflicts,
    source: input.llm ? 'llm' : 'offline',
  };
}

function empty(selection: SelectionReport, source: FullPassResult['source']): FullPassResult {
  return {
    facts: 0,
    inserted: 0,
    memoryMd: '',
    memorySaved: false,
    selection,
    calls: 0,
    failedCalls: 0,
    merged: 0,
    conflicts: 0,
    source,
  };
}
