import { ZipWriter } from '../zip/zip-writer.js';
import { AccountWorld } from './account-world.js';
import { conversationStream } from './conversation-stream.js';
import type { SyntheticSummary } from './ground-truth.js';
import { jsonArrayChunks, Lookahead } from './json-array-chunks.js';
import { resolveOptions } from './options.js';
import {
  appleDouble,
  assetBytes,
  assetNamesJson,
  chatHtml,
  exportManifestJson,
  messageFeedbackJson,
  userJson,
  userSettingsJson,
} from './side-files.js';
import { SummaryCollector } from './summary-collector.js';
import type { SynthesizedConversation } from './synthesize-conversation.js';
import type { SyntheticWriteOptions } from './write-json.js';

export interface SyntheticZipOptions extends SyntheticWriteOptions {
  /** Put everything under this top-level folder, as re-zipped exports often are. */
  folder?: string;
  /** Add `__MACOSX/` AppleDouble junk entries. */
  macJunk?: boolean;
  /** `scrambled` writes shards out of numeric order (002, 001, 004, 003, …, 000), so readers must sort. */
  shardOrder?: 'numeric' | 'scrambled';
  /** Deflate level for every entry. Default 6. */
  compressionLevel?: number;
}

const VIEWER_TITLES = 20;
const FEEDBACK_ITEMS = 3;

/**
 * Streams a synthetic export into a ZIP laid out like a real one: legacy (`conversations.json`,
 * `user.json`, `message_feedback.json`, `chat.html`) or 2026 (`conversations-NNN.json` shards,
 * `export_manifest.json`, `user_settings.json`, asset map and `.dat` blobs). At most two shards
 * are held in memory, and only with `shardOrder: 'scrambled'`.
 */
export async function writeSyntheticZip(
  path: string,
  options: SyntheticZipOptions = {},
): Promise<SyntheticSummary> {
  const resolved = resolveOptions(options);
  const world = new AccountWorld(resolved);
  const summary = new SummaryCollector(resolved.seed, resolved.layout);
  const zip = new ZipWriter(path, { level: options.compressionLevel ?? 6 });
  const prefix = options.folder ? `${options.folder.replace(/\/+$/, '')}/` : '';
  const source = new Lookahead(conversationStream(resolved, world));
  const shards = new Map<string, { conversations: number; bytes: number }>();
  const titles: Array<{ id: string; title: string | null }> = [];
  const feedback: string[] = [];

  const add = async (name: string, data: Parameters<ZipWriter['addEntry']>[1]) => {
    await zip.addEntry(prefix + name, data);
    summary.addFile(prefix + name);
  };
  const shardChunks = (file: string, limit: number) => {
    const stats = { conversations: 0, bytes: 2 };
    shards.set(file, stats);
    return jsonArrayChunks(
      source,
      limit,
      ({ truth }: SynthesizedConversation) => {
        truth.file = prefix + file;
        stats.bytes += truth.jsonBytes + (stats.conversations++ > 0 ? 1 : 0);
        summary.add(truth);
        if (titles.length < VIEWER_TITLES) titles.push({ id: truth.id, title: truth.title });
        if (feedback.length < FEEDBACK_ITEMS && truth.visibleAssistantMessages > 0) {
          feedback.push(truth.id);
        }
        options.onConversation?.(truth);
      },
      resolved.escapeNonAscii,
    );
  };

  if (prefix) await zip.addDirectory(prefix);
  if (resolved.layout === 'legacy') {
    await add('conversations.json', shardChunks('conversations.json', Number.POSITIVE_INFINITY));
    await add('user.json', userJson(world));
    await add('message_feedback.json', messageFeedbackJson(feedback, world));
    await add('chat.html', chatHtml(titles));
  } else {
    const scrambled = options.shardOrder === 'scrambled';
    let heldFirst: { name: string; data: Buffer } | null = null;
    let heldOdd: { name: string; data: Buffer } | null = null;
    let index = 0;
    do {
      const name = `conversations-${String(index).padStart(3, '0')}.json`;
      const chunks = shardChunks(name, resolved.shardSize);
      if (scrambled && index === 0) heldFirst = { name, data: Buffer.concat([...chunks]) };
      else if (scrambled && index % 2 === 1) heldOdd = { name, data: Buffer.concat([...chunks]) };
      else {
        await add(name, chunks);
        if (heldOdd) await add(heldOdd.name, heldOdd.data);
        heldOdd = null;
      }
      index++;
    } while (source.hasNext());
    if (heldOdd) await add(heldOdd.name, heldOdd.data);
    if (heldFirst) await add(heldFirst.name, heldFirst.data);

    const blobs = world.assets.filter((asset) => asset.inZip);
    for (const asset of blobs) await add(`${asset.id}.dat`, assetBytes(asset));
    await add('conversation_asset_file_names.json', assetNamesJson(world.assets));
    const shardList = [...shards]
      .map(([file, stats]) => ({ file, ...stats }))
      .sort((a, b) => a.file.localeCompare(b.file));
    await add(
      'export_manifest.json',
      exportManifestJson(
        shardList,
        blobs.map((asset) => `${asset.id}.dat`),
      ),
    );
    await add('user.json', userJson(world));
    await add('user_settings.json', userSettingsJson(world));
    await add('chat.html', chatHtml(titles));
  }
  if (options.macJunk) {
    await zip.addDirectory('__MACOSX/');
    summary.addFile('__MACOSX/');
    const junk =
      resolved.layout === 'legacy'
        ? ['._conversations.json']
        : ['._conversations.json', '._conversations-000.json'];
    for (const name of junk) {
      await zip.addEntry(`__MACOSX/${prefix}${name}`, appleDouble());
      summary.addFile(`__MACOSX/${prefix}${name}`);
    }
  }
  for (const [file, stats] of shards) {
    summary.addShard(prefix + file, stats.conversations, stats.bytes);
    summary.addBytes(stats.bytes);
  }
  const { bytes } = await zip.finish();
  return { ...summary.result(), zipBytes: bytes };
}
