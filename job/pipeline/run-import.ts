import {
  completeImport,
  type Database,
  finishJob,
  getJob,
  markJobRunning,
  startImport,
} from '../../core/db/index.js';
import { AppError } from '../../core/errors.js';
import type { Logger } from '../../core/log.js';
import { peakRssBytes } from '../../core/peak-rss.js';
import { type Embedder, embedderId } from '../embed/embedder.js';
import type { ReadExportOptions } from '../export/read-export.js';
import type { FetchedUpload } from '../fetch/fetch-upload.js';
import type { LlmCaller } from '../llm/llm-caller.js';
import { FactInputCollector } from '../memory/fact-input-collector.js';
import { OfflineFactCollector } from '../memory/offline-facts.js';
import { ProfileEvidenceCollector } from '../profile/profile-evidence.js';
import { QuickSampleCollector } from '../profile/quick-sample.js';
import { runChunkStage } from './chunk-stage.js';
import { runFullPassStage } from './full-pass-stage.js';
import { readCheckpoint } from './import-checkpoint.js';
import { costReport } from './import-cost.js';
import { ImportProgress, type ProgressOptions } from './import-progress.js';
import { ImportRun } from './import-run.js';
import type { ImportSummary } from './import-summary.js';
import { startQuickPass } from './quick-pass-stage.js';
import { scanExport } from './scan-export.js';
import { dropReplacedSearchIndexes, startSearchIndex } from './search-index-stage.js';

export interface ImportRequest {
  /** The import_jobs row; also the import id of the chunks, facts and status it writes. */
  jobId: string;
  userId: string;
  /** Where the export is: a local file, or a download to run as the fetch stage. */
  source:
    | { path: string }
    | { fetch: (onProgress: (fraction: number) => void) => Promise<FetchedUpload> };
}

export interface ImportServices {
  db: Database;
  embedder: Embedder;
  /** USD per million embedding tokens; null when unknown. */
  embeddingPricePerMTokUsd: number | null;
  /** Null: the offline profile and offline facts (no LLM configured). */
  llm: LlmCaller | null;
  logger: Logger;
  readOptions: Partial<ReadExportOptions>;
  /** Token budget of the fact extraction (full pass); its default otherwise. */
  factTokenBudget?: number;
  /** An import this large gets its own search index (DatabaseConfig); null or absent: never. */
  searchIndexMinChunks?: number | null;
  signal?: AbortSignal;
  progressOptions?: ProgressOptions;
}

/**
 * One import, from the export to a completed profile and memory (ARCHITECTURE.md): fetch
 * (0→10), scan (10→20), quick pass (20→40, overlapping chunk + embed + save, 40→60), full pass
 * (60→100), then the atomic switch that makes this import the one readers see. Resumes from
 * the job's checkpoint. The commands turn errors into exit codes.
 */
export async function runImport(
  request: ImportRequest,
  services: ImportServices,
): Promise<ImportSummary> {
  const { db } = services;
  const ref = { userId: request.userId, importId: request.jobId };
  const started = performance.now();
  if ((await startImport(db, ref)) === 'already_complete') return alreadyComplete(request);
  await markJobRunning(db, { jobId: request.jobId });
  const checkpoint = readCheckpoint((await getJob(db, request.jobId))?.checkpoint);
  const embedding = embedderId(services.embedder);
  if (checkpoint.embeddingModel !== null && checkpoint.embeddingModel !== embedding) {
    throw new AppError(
      'CONFIG_INVALID',
      `This import was started with embeddings from ${checkpoint.embeddingModel}; resume it with the same EMBEDDING_PROVIDER and EMBEDDING_MODEL (now ${embedding}).`,
      { kind: 'config' },
    );
  }
  const log = services.logger.child({ jobId: request.jobId, userId: request.userId });
  const progress = new ImportProgress(
    { db, ...ref, jobId: request.jobId, logger: log },
    services.progressOptions,
  );
  const run = new ImportRun(db, ref, log, progress, checkpoint, services.signal);
  progress.startHeartbeat();
  let upload: FetchedUpload | null = null;
  try {
    progress.enter('fetch');
    const source = request.source;
    if ('fetch' in source) {
      upload = await run.timed('fetch', () => source.fetch((f) => progress.update(f)));
      log.info({ msg: 'upload fetched', bytes: upload.bytes });
    }
    const exportPath = upload?.path ?? ('path' in source ? source.path : '');

    // Scan: counts, the account context, the quick-pass sample and the profile evidence.
    progress.enter('scan');
    const quickSample = new QuickSampleCollector();
    const evidence = new ProfileEvidenceCollector();
    const { report, account, copyWinners } = await run.timed('scan', () =>
      scanExport(exportPath, [(c) => quickSample.add(c), (c) => evidence.add(c)], {
        readOptions: services.readOptions,
        ...run.signalOption,
        onProgress: (f) => progress.update(f),
      }),
    );
    progress.check();
    log.info({
      msg: 'export scanned',
      conversations: report.conversations.read,
      skipped: report.conversations.skipped,
      messages: report.messages.kept,
      jsonBytes: report.jsonBytes,
    });

    const quick = startQuickPass(run, {
      sample: quickSample.sample(),
      evidence: evidence.evidence(),
      account,
      llm: services.llm,
    });

    const factInputs = new FactInputCollector(
      services.factTokenBudget ? { tokenBudget: services.factTokenBudget } : {},
    );
    const offlineFacts = new OfflineFactCollector();
    const v2Sample = new QuickSampleCollector({
      maxConversations: 200,
      maxMessagesPerConversation: 20,
      tokenBudget: 150_000,
    });
    await run.saveCheckpoint({ embeddingModel: embedding });
    const chunks = await runChunkStage(run, {
      exportPath,
      readOptions: { ...services.readOptions, copyWinners },
      embedder: services.embedder,
      newestMessageAt: report.dateRange.last,
      observers: [(c) => factInputs.add(c), (c) => offlineFacts.add(c), (c) => v2Sample.add(c)],
      quickDone: quick.isDone,
    });
    const quickProfile = await quick.finished;
    // Builds while the full pass (LLM-bound) runs; finished before the switch makes it active.
    const searchIndex = startSearchIndex(run, services.searchIndexMinChunks ?? null);

    const full = await runFullPassStage(run, {
      factInputs,
      offlineFacts,
      v2Sample: v2Sample.sample(),
      evidence: evidence.evidence(),
      account,
      llm: services.llm,
    });

    const cost = costReport(
      services.llm,
      services.embedder,
      chunks.usage,
      services.embeddingPricePerMTokUsd,
    );
    await searchIndex.finished;
    const completed = await completeImport(db, {
      ...ref,
      totalConversations: report.conversations.read,
      totalMessages: report.messages.kept,
      importCost: cost,
      embeddingModel: embedding,
    });
    if (!completed.completed) throw superseded();
    progress.enter('complete');
    await progress.flush();
    if (services.searchIndexMinChunks != null) await dropReplacedSearchIndexes(run);

    const profile = full.profile ?? quickProfile;
    const summary: ImportSummary = {
      jobId: request.jobId,
      userId: request.userId,
      status: 'complete',
      conversations: report.conversations.read,
      messages: report.messages.kept,
      chunks: chunks.saved?.chunks ?? { micro: 0, medium: 0, macro: 0 },
      facts: full.facts,
      profile: profile
        ? { aiName: profile.aiName, archetype: profile.archetype, source: profile.source }
        : null,
      tokens: cost.totalTokens,
      costUsd: cost.totalUsd,
      stages: run.stages,
      elapsedMs: Math.round(performance.now() - started),
      peakRssBytes: peakRssBytes(),
    };
    await finishJob(db, {
      jobId: request.jobId,
      status: 'succeeded',
      exitCode: 0,
      metrics: { ...summary, cost },
    });
    log.info({
      msg: 'import summary',
      ...summary,
      jobId: undefined,
      userId: undefined,
      cpuMs: processCpuMs(),
    });
    return summary;
  } catch (error) {
    log.warn({
      msg: 'import interrupted',
      stage: progress.current.stage,
      failedStages: run.failedStages,
      percent: progress.current.percent,
    });
    throw error;
  } finally {
    await progress.close();
    await upload?.cleanup();
  }
}

/** CPU time of the whole process (every thread), for telling work from waiting. */
function processCpuMs(): number {
  const { user, system } = process.cpuUsage();
  return Math.round((user + system) / 1000);
}

function alreadyComplete(request: ImportRequest): ImportSummary {
  return {
    jobId: request.jobId,
    userId: request.userId,
    status: 'already_complete',
    conversations: 0,
    messages: 0,
    chunks: { micro: 0, medium: 0, macro: 0 },
    facts: 0,
    profile: null,
    tokens: 0,
    costUsd: 0,
    stages: {},
    elapsedMs: 0,
    peakRssBytes: peakRssBytes(),
  };
}

function superseded(): AppError {
  return new AppError('CANCELLED', 'A newer import of this account started; this one stopped.', {
    kind: 'cancelled',
    retryable: false,
  });
}
