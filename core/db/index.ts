/**
 * The data layer shared by the job and the dispatcher: a small SQL port (`Database`), its two
 * adapters, the migration runner, and the operations the pipeline needs.
 */

export {
  type CompleteImportInput,
  type CompleteImportResult,
  completeImport,
} from './complete-import.js';
export {
  CHUNK_TIERS,
  type ChunkMetadata,
  type ChunkRow,
  type ChunkTier,
  type ChunkToEmbed,
  countChunksByTier,
  insertChunks,
  listChunksWithoutEmbedding,
  savedChunkState,
  setChunkEmbeddings,
} from './conversation-chunks.js';
export type { Database, QueryOptions, Row } from './database.js';
export { type DatabaseConfig, DEFAULT_DATA_DIR, loadDatabaseConfig } from './database-config.js';
export { DatabaseError, toDatabaseError } from './database-error.js';
export { type DispatchJob, toDispatchJob } from './dispatch-job.js';
export { formatVector, formatVectorArray } from './format-vector.js';
export {
  createJob,
  finishJob,
  getJob,
  isActiveJobConflict,
  type Job,
  type JobStatus,
  markJobRunning,
  ONE_ACTIVE_JOB_INDEX,
  recordJobMetrics,
  saveCheckpoint,
  updateJobProgress,
} from './import-jobs.js';
export {
  activeJobId,
  CANCELLED_MESSAGE,
  cancelImportJob,
  getDispatchJob,
  type ImportRequest,
  type ImportRequestOutcome,
  type ImportStatusView,
  readImportStatus,
  requestImport,
} from './import-requests.js';
export {
  type FullPassStatus,
  type ImportRef,
  MAX_USER_ERROR_LENGTH,
  markImportFailed,
  markQuickReady,
  reportProgress,
  type StartImportOutcome,
  setFullPassStatus,
  startImport,
  truncateForUser,
} from './import-status.js';
export {
  type ClaimOptions,
  claimJobsToLaunch,
  claimJobsToSettle,
  claimJobsToWatch,
  countActiveJobs,
  recordLaunch,
  recordLaunchFailure,
  releaseLease,
} from './job-leases.js';
export {
  giveUpImport,
  type RequeueOutcome,
  recordContainerDeath,
  requeueJob,
  settleJob,
} from './job-settlement.js';
export { type FactCategory, type FactRow, insertFacts, listFacts } from './learned-facts.js';
export { ensureLocalUser, userExists } from './local-user.js';
export { type MigrateOptions, type MigrateResult, migrate } from './migrate.js';
export { openDatabase } from './open-database.js';
export { createPglite, openPgliteDatabase, pgliteDatabase } from './pglite-database.js';
export { openPostgresDatabase, type PostgresDatabaseOptions } from './postgres-database.js';
export { type ProfileSections, writeMemory, writeProfileSections } from './profile-sections.js';
export { type BulkSaveOptions, DEFAULT_TRANSACTION_BYTES, saveChunks } from './save-chunks.js';
export { saveFacts } from './save-facts.js';
export { activeEmbeddingModel, type ChunkMatch, searchChunks } from './search-chunks.js';
export { type Embedding, vectorArrayParam, vectorParam } from './vector-param.js';
