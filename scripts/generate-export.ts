/**
 * Generates a synthetic ChatGPT export and prints its summary as JSON.
 *
 *   npx tsx scripts/generate-export.ts --out x.zip --target-bytes 300000000 --layout 2026
 *
 * `--out` ending in .json writes one conversations array; anything else writes a ZIP.
 * `--truth file.jsonl` also writes the per-conversation ground truth, one JSON object a line.
 */
import { createWriteStream } from 'node:fs';
import { parseArgs } from 'node:util';
import type { ConversationTruth } from '../test/support/synthetic/ground-truth.js';
import type { ExportLayout } from '../test/support/synthetic/options.js';
import { writeSyntheticJson } from '../test/support/synthetic/write-json.js';
import {
  type SyntheticZipOptions,
  writeSyntheticZip,
} from '../test/support/synthetic/write-zip.js';

const { values } = parseArgs({
  options: {
    out: { type: 'string' },
    seed: { type: 'string' },
    conversations: { type: 'string' },
    'target-bytes': { type: 'string' },
    layout: { type: 'string' },
    'shard-size': { type: 'string' },
    'branch-rate': { type: 'string' },
    'dnr-rate': { type: 'string' },
    'planted-facts': { type: 'boolean' },
    'fact-rate': { type: 'string' },
    'text-scale': { type: 'string' },
    folder: { type: 'string' },
    'mac-junk': { type: 'boolean' },
    'scrambled-shards': { type: 'boolean' },
    level: { type: 'string' },
    truth: { type: 'string' },
    help: { type: 'boolean' },
  },
});

const USAGE = `usage: generate-export --out <file.zip|file.json> [--seed N] [--conversations N | --target-bytes N]
  [--layout legacy|2026] [--shard-size N] [--branch-rate R] [--dnr-rate R] [--planted-facts [--fact-rate R]]
  [--text-scale X] [--folder NAME] [--mac-junk] [--scrambled-shards] [--level 0-9] [--truth truth.jsonl]`;

function num(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (!Number.isFinite(parsed)) {
    console.error(`--${name} must be a number, got "${value}"\n${USAGE}`);
    process.exit(2);
  }
  return parsed;
}

if (values.help || !values.out) {
  console.error(USAGE);
  process.exit(values.help ? 0 : 2);
}
const layout = values.layout ?? 'legacy';
if (layout !== 'legacy' && layout !== '2026') {
  console.error(`--layout must be legacy or 2026, got "${layout}"`);
  process.exit(2);
}

const truthFile = values.truth ? createWriteStream(values.truth) : null;
const options: SyntheticZipOptions = {
  seed: num('seed', values.seed),
  conversations: num('conversations', values.conversations),
  targetBytes: num('target-bytes', values['target-bytes']),
  layout: layout as ExportLayout,
  shardSize: num('shard-size', values['shard-size']),
  branchRate: num('branch-rate', values['branch-rate']),
  doNotRememberRate: num('dnr-rate', values['dnr-rate']),
  plantedFacts: values['planted-facts'] ? { rate: num('fact-rate', values['fact-rate']) } : false,
  textScale: num('text-scale', values['text-scale']),
  folder: values.folder,
  macJunk: values['mac-junk'],
  shardOrder: values['scrambled-shards'] ? 'scrambled' : 'numeric',
  compressionLevel: num('level', values.level),
  onConversation: truthFile
    ? (truth: ConversationTruth) => truthFile.write(`${JSON.stringify(truth)}\n`)
    : undefined,
};

const started = performance.now();
const summary = values.out.endsWith('.json')
  ? await writeSyntheticJson(values.out, options)
  : await writeSyntheticZip(values.out, options);
const elapsedMs = Math.round(performance.now() - started);
if (truthFile)
  await new Promise<void>((resolve, reject) =>
    truthFile.end((error?: Error | null) => (error ? reject(error) : resolve())),
  );
console.log(JSON.stringify({ out: values.out, elapsedMs, ...summary }, null, 2));
