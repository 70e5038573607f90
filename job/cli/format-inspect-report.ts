import { formatBytes } from '../export/export-errors.js';
import type { ExportReport } from '../export/types.js';

/** The human summary `inspect` prints: counts only, never conversation text. */
export function formatInspectReport(report: ExportReport, elapsedMs: number): string {
  const n = (value: number) => value.toLocaleString('en-US');
  const { conversations, messages } = report;
  const files = report.source.files.length;
  const lines = [
    `ChatGPT export: ${report.source.path} (${report.source.format.toUpperCase()}, ${files} conversation file${files === 1 ? '' : 's'}, ${formatBytes(report.source.bytes)})`,
    `Conversations: ${n(conversations.read)} read, ${n(conversations.skipped)} skipped${formatSkipped(report)}`,
    `Messages: ${n(messages.kept)} kept (${n(messages.user)} from you, ${n(messages.assistant)} from ChatGPT${messages.system ? `, ${n(messages.system)} system` : ''}); ${n(report.messagesDropped)} hidden, tool or empty messages left out`,
    `Branches: ${n(report.branchNodesDropped)} nodes of abandoned edits and regenerations left out; ${n(report.branchFallbacks)} conversation${report.branchFallbacks === 1 ? '' : 's'} without a valid current node (newest leaf used)`,
    `Dates: ${formatDate(report.dateRange.first)} → ${formatDate(report.dateRange.last)}`,
    ...(report.derivedIds > 0
      ? [
          `Ids: ${n(report.derivedIds)} conversation${report.derivedIds === 1 ? '' : 's'} without an id in the file (given one derived from the content)`,
        ]
      : []),
    ...(report.canvasEditsSkipped > 0
      ? [
          `Canvas: ${n(report.canvasEditsSkipped)} edit${report.canvasEditsSkipped === 1 ? '' : 's'} that did not apply left out`,
        ]
      : []),
    `Content types: ${formatCounts(report.contentTypes)}`,
  ];
  if (Object.keys(report.partTypes).length > 0)
    lines.push(`Media and voice parts: ${formatCounts(report.partTypes)}`);
  const account = report.accountContext;
  lines.push(
    `Account context: custom instructions ${account.customInstructions ? 'found' : 'not found'}; saved memory ${n(account.memorySnapshotEntries)} entries; memory writes ${n(account.memoryWrites)}`,
  );
  const seconds = elapsedMs / 1000;
  const rate = seconds > 0 ? report.jsonBytes / 1024 ** 2 / seconds : 0;
  lines.push(
    `Scanned ${formatBytes(report.jsonBytes)} of JSON in ${seconds.toFixed(1)} s (${rate.toFixed(0)} MB/s)`,
  );
  return lines.join('\n');
}

function formatSkipped(report: ExportReport): string {
  const parts = Object.entries(report.skipped).map(
    ([reason, count]) => `${count} ${reason.replaceAll('_', ' ')}`,
  );
  return parts.length > 0 ? ` (${parts.join(', ')})` : '';
}

function formatCounts(counts: Record<string, number>): string {
  const entries = Object.entries(counts).sort((a, b) => b[1] - a[1]);
  if (entries.length === 0) return 'none';
  return entries.map(([name, count]) => `${name} ${count.toLocaleString('en-US')}`).join(', ');
}

export function isoOrNull(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}

function formatDate(ms: number | null): string {
  return ms === null ? 'unknown' : new Date(ms).toISOString().slice(0, 10);
}
