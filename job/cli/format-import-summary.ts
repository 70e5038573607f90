import type { ImportSummary } from '../pipeline/import-summary.js';

/** The summary a person sees after `import`: counts, cost, time per stage, memory. */
export function formatImportSummary(summary: ImportSummary): string {
  if (summary.status === 'already_complete') return `Import ${summary.jobId} was already complete.`;
  const n = (value: number) => value.toLocaleString('en-US');
  const { micro, medium, macro } = summary.chunks;
  const stages = Object.entries(summary.stages)
    .map(([name, ms]) => `${name} ${(ms / 1000).toFixed(1)} s`)
    .join(', ');
  const lines = [
    `Imported ${n(summary.conversations)} conversations (${n(summary.messages)} messages) for user ${summary.userId}`,
    `Memory: ${n(micro + medium + macro)} chunks (micro ${n(micro)}, medium ${n(medium)}, macro ${n(macro)}), ${n(summary.facts)} facts`,
  ];
  if (summary.profile) {
    lines.push(
      `Profile: ${summary.profile.aiName}, ${summary.profile.archetype} (${summary.profile.source === 'llm' ? 'written by the LLM' : 'offline analysis, no LLM configured'})`,
    );
  }
  lines.push(
    `Cost: ${n(summary.tokens)} tokens, $${summary.costUsd.toFixed(4)}`,
    `Time: ${(summary.elapsedMs / 1000).toFixed(1)} s (${stages}); peak memory ${Math.round(summary.peakRssBytes / 1024 ** 2)} MB`,
    `Job: ${summary.jobId}. Try: npm run search -- "something you talked about"`,
  );
  return lines.join('\n');
}
