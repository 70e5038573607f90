import { peakRssBytes } from '../../core/peak-rss.js';
import { formatBytes } from '../export/export-errors.js';
import { ExportReader } from '../export/read-export.js';
import type { ExportItem } from '../export/types.js';
import { type CommandContext, writeLine } from './cli-io.js';
import { formatInspectReport, isoOrNull } from './format-inspect-report.js';
import { parseCommandArgs, usageError } from './parse-command-args.js';
import { ProgressBar } from './progress-bar.js';

export const INSPECT_USAGE =
  'Usage: inspect <export.zip|conversations.json> [--json | --jsonl [--messages]] [--include-do-not-remember]';

/** How much of each message `--jsonl --messages` shows: enough to recognise it by eye. */
const MESSAGE_PREVIEW_CHARS = 80;

/**
 * `inspect <file>`: reads the export end to end and reports what it holds. Human summary by
 * default; `--json` prints the report as one object; `--jsonl` one line per conversation (its id,
 * derived when the file has none, title, times, model, custom GPT and message counts), with
 * `--messages` also each kept message's role and first characters. Conversation text appears
 * only there: this is the person's own terminal, never a log.
 */
export async function inspectCommand(args: string[], ctx: CommandContext): Promise<number> {
  const { io, config } = ctx;
  const { values, positionals } = parseCommandArgs(
    args,
    {
      json: { type: 'boolean', default: false },
      jsonl: { type: 'boolean', default: false },
      messages: { type: 'boolean', default: false },
      'include-do-not-remember': { type: 'boolean', default: false },
    },
    INSPECT_USAGE,
  );
  const [file, ...extra] = positionals;
  if (!file || extra.length > 0) throw usageError(INSPECT_USAGE);
  if (values.json && values.jsonl)
    throw usageError(`Choose --json or --jsonl, not both.\n${INSPECT_USAGE}`);
  if (values.messages && !values.jsonl)
    throw usageError(`--messages goes with --jsonl.\n${INSPECT_USAGE}`);

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
      if (values.jsonl) {
        writeLine(io.stdout, JSON.stringify(conversationLine(item, values.messages)));
      }
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

/** One `--jsonl` line: what a conversation holds, or why it was skipped. */
export function conversationLine(
  item: ExportItem & { replacesEarlierCopy?: true },
  withMessages = false,
): Record<string, unknown> {
  if (item.kind === 'skipped') {
    return { id: item.skipped.id, title: item.skipped.title, skipped: item.skipped.reason };
  }
  const c = item.conversation;
  const roles = { user: 0, assistant: 0, system: 0 };
  let chars = 0;
  for (const m of c.messages) {
    roles[m.role]++;
    chars += m.text.length;
  }
  return {
    id: c.id,
    ...(c.idDerived ? { idDerived: true } : {}),
    title: c.title,
    createdAt: isoOrNull(c.createdAt),
    updatedAt: isoOrNull(c.updatedAt),
    model: c.model,
    gizmoId: c.gizmo?.id ?? null,
    ...(c.gizmo?.type ? { gizmoType: c.gizmo.type } : {}),
    messages: c.messages.length,
    ...roles,
    chars,
    ...(item.replacesEarlierCopy ? { replacesEarlierCopy: true } : {}),
    ...(withMessages
      ? {
          kept: c.messages.map((m) => ({
            role: m.role,
            at: isoOrNull(m.createdAt),
            start: preview(m.text),
          })),
        }
      : {}),
  };
}

function preview(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > MESSAGE_PREVIEW_CHARS ? `${flat.slice(0, MESSAGE_PREVIEW_CHARS)}…` : flat;
}
