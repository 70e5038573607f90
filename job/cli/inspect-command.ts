import { peakRssBytes } from '../../core/peak-rss.js';
import { formatBytes } from '../export/export-errors.js';
import { ExportReader } from '../export/read-export.js';
import type { ExportItem } from '../export/types.js';
import { type CommandContext, writeLine } from './cli-io.js';
import { formatInspectReport, isoOrNull } from './format-inspect-report.js';
import { parseCommandArgs, usageError } from './parse-command-args.js';
import { ProgressBar } from './progress-bar.js';

export const INSPECT_USAGE =
  'Usage: inspect <export.zip|conversations.json> [--json | --jsonl] [--include-do-not-remember]';

/**
 * `inspect <file>`: reads the export end to end and reports what it holds. Human summary by
 * default; `--json` prints the report as one object; `--jsonl` one line per conversation.
 */
export async function inspectCommand(args: string[], ctx: CommandContext): Promise<number> {
  const { io, config } = ctx;
  const { values, positionals } = parseCommandArgs(
    args,
    {
      json: { type: 'boolean', default: false },
      jsonl: { type: 'boolean', default: false },
      'include-do-not-remember': { type: 'boolean', default: false },
    },
    INSPECT_USAGE,
  );
  const [file, ...extra] = positionals;
  if (!file || extra.length > 0) throw usageError(INSPECT_USAGE);
  if (values.json && values.jsonl)
    throw usageError(`Choose --json or --jsonl, not both.\n${INSPECT_USAGE}`);

  const started = performance.now();
  const reader = await ExportReader.open(file, {
    maxConversationBytes: config.maxConversationBytes,
    maxEntryBytes: config.maxEntryBytes,
    includeDoNotRemember: values['include-do-not-remember'],
    ...(ctx.splitter ? { splitter: ctx.splitter } : {}),
  });
  const bar = new ProgressBar(io.stderr, 'Reading your conversations');
  try {
    for await (const item of reader.items()) {
      if (values.jsonl) writeLine(io.stdout, JSON.stringify(conversationLine(item)));
      if (bar.enabled) {
        const { bytesRead, totalBytes } = reader.progress();
        bar.update(bytesRead, totalBytes, `${formatBytes(bytesRead)} / ${formatBytes(totalBytes)}`);
      }
    }
  } finally {
    bar.finish();
  }
  const elapsedMs = performance.now() - started;

  const report = reader.report();
  if (values.json) {
    writeLine(
      io.stdout,
      JSON.stringify({
        ...report,
        elapsedMs: Math.round(elapsedMs),
        peakRssBytes: peakRssBytes(),
      }),
    );
  } else if (!values.jsonl) {
    writeLine(io.stdout, formatInspectReport(report, elapsedMs));
  }
  return 0;
}

/** One `--jsonl` line: counts and times of a conversation, or why it was skipped. */
export function conversationLine(item: ExportItem): Record<string, unknown> {
  if (item.kind === 'skipped') {
    return { id: item.skipped.id, title: item.skipped.title, skipped: item.skipped.reason };
  }
  const c = item.conversation;
  let user = 0;
  let assistant = 0;
  let chars = 0;
  let firstAt: number | null = null;
  let lastAt: number | null = null;
  for (const m of c.messages) {
    if (m.role === 'user') user++;
    else if (m.role === 'assistant') assistant++;
    chars += m.text.length;
    if (m.createdAt !== null) {
      if (firstAt === null || m.createdAt < firstAt) firstAt = m.createdAt;
      if (lastAt === null || m.createdAt > lastAt) lastAt = m.createdAt;
    }
  }
  return {
    id: c.id,
    title: c.title,
    messages: c.messages.length,
    user,
    assistant,
    chars,
    firstAt: isoOrNull(firstAt),
    lastAt: isoOrNull(lastAt),
  };
}
