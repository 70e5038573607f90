// Runner for `npm run bench:chunk` (plain JS over the compiled dist/, so no loader sits in the
// measured process). Runs like the CLI: the work in a heap-limited worker thread, the byte scan
// on the main thread. Modes:
//   chunk  <export>            read + chunk only (nothing embedded or saved)
//   save   <export> <dataDir>  read + chunk + embed (local lexical) + save into PGlite
// Prints one JSON line: {conversations, chunks, elapsedMs, peakRssBytes}.
import { randomUUID } from 'node:crypto';
import { isMainThread, MessageChannel, Worker, workerData } from 'node:worker_threads';

const dist = new URL('../../dist/', import.meta.url);
const load = (path) => import(new URL(path, dist).href);

if (isMainThread) {
  const { serveSplitter } = await load('job/export/split-service.js');
  const { oldGenerationLimitMb } = await load('job/cli/start-cli-worker.js');
  const channel = new MessageChannel();
  serveSplitter(channel.port1);
  const worker = new Worker(new URL(import.meta.url), {
    workerData: { args: process.argv.slice(2), port: channel.port2 },
    transferList: [channel.port2],
    resourceLimits: {
      maxYoungGenerationSizeMb: 32,
      maxOldGenerationSizeMb: oldGenerationLimitMb(),
    },
  });
  worker.on('message', (result) => {
    console.log(JSON.stringify({ ...result, peakRssBytes: process.resourceUsage().maxRSS * 1024 }));
  });
  worker.on('exit', () => channel.port1.close());
} else {
  const [mode, path, dataDir] = workerData.args;
  const { ExportReader } = await load('job/export/read-export.js');
  const { RemoteSplitter } = await load('job/export/split-service.js');
  const { chunkRows } = await load('job/chunk/chunk-rows.js');
  const started = performance.now();
  const reader = await ExportReader.open(path, { splitter: new RemoteSplitter(workerData.port) });
  async function* conversations() {
    for await (const item of reader.items())
      if (item.kind === 'conversation') yield item.conversation;
  }
  const { parentPort } = await import('node:worker_threads');
  if (mode === 'chunk') {
    const chunks = { micro: 0, medium: 0, macro: 0 };
    let count = 0;
    for await (const conversation of conversations()) {
      count++;
      for (const row of chunkRows(conversation, { userId: 'u', importId: 'i', recentSince: null }))
        chunks[row.chunkTier]++;
    }
    parentPort.postMessage({
      conversations: count,
      chunks,
      elapsedMs: Math.round(performance.now() - started),
    });
  } else {
    const db = await (await load('core/db/open-database.js')).openDatabase({
      kind: 'embedded',
      dataDir,
    });
    const { ensureLocalUser, startImport } = await load('core/db/index.js');
    const { LexicalEmbedder } = await load('job/embed/lexical-embedder.js');
    const { EmbeddingUsage } = await load('job/embed/embedding-usage.js');
    const { saveConversationChunks } = await load('job/stages/save-conversation-chunks.js');
    const ref = { userId: randomUUID(), importId: randomUUID() };
    await ensureLocalUser(db, ref.userId);
    await startImport(db, ref);
    const opened = performance.now();
    const result = await saveConversationChunks(conversations(), {
      db,
      embedder: new LexicalEmbedder(),
      usage: new EmbeddingUsage(),
      ...ref,
      recentSince: null,
    });
    const elapsedMs = Math.round(performance.now() - opened);
    await db.close();
    parentPort.postMessage({
      conversations: result.conversations,
      chunks: result.chunks,
      elapsedMs,
    });
  }
}
