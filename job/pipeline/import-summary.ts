/** What one import did: printed by `import`, logged as the run's summary line, stored in metrics. */
export interface ImportSummary {
  jobId: string;
  userId: string;
  status: 'complete' | 'already_complete';
  conversations: number;
  messages: number;
  chunks: { micro: number; medium: number; macro: number };
  facts: number;
  profile: { aiName: string; archetype: string; source: 'llm' | 'offline' } | null;
  /** LLM and embedding tokens. */
  tokens: number;
  costUsd: number;
  /** Milliseconds per stage. */
  stages: Record<string, number>;
  elapsedMs: number;
  peakRssBytes: number;
}
