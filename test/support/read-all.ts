import { ExportReader, type ReadExportOptions } from '../../job/export/read-export.js';
import type { ExportItem } from '../../job/export/types.js';

/** Reads an export to the end: every item, the kept conversations, the report and what was harvested. */
export async function readAll(path: string, options: Partial<ReadExportOptions> = {}) {
  const reader = await ExportReader.open(path, options);
  const items: Array<ExportItem & { replacesEarlierCopy?: true }> = [];
  for await (const item of reader.items()) items.push(item);
  const conversations = items.flatMap((i) => (i.kind === 'conversation' ? [i.conversation] : []));
  return {
    items,
    conversations,
    report: reader.report(),
    account: reader.accountContext(),
    winners: reader.copyWinners(),
  };
}
