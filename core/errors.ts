/**
 * One error type for the whole project. Every error we raise on purpose is an AppError with:
 * - `code`: stable, machine-readable (logs, `import_jobs.error_code`, API bodies);
 * - `message`: safe to show to the person whose import it is (no stack, no secrets, no
 *   conversation text) and says what happened and what to do;
 * - `kind`: decides the exit code and whether a retry can help;
 * - `cause`: the original error, for logs only.
 */

export type ErrorKind =
  /** The input is wrong (not a ChatGPT export, corrupt ZIP, nothing to import). Never retried. */
  | 'bad_input'
  /** A dependency failed (storage, database, LLM, embeddings). Retried, bounded. */
  | 'upstream'
  /** Configuration is missing or malformed. Fix the environment; retrying will not help. */
  | 'config'
  /** Stopped on request (SIGTERM, cancel). State is checkpointed; a re-run resumes. */
  | 'cancelled'
  /** A bug. */
  | 'internal';

export type ErrorCode =
  // reading the export
  | 'FILE_NOT_FOUND'
  | 'FILE_UNREADABLE'
  | 'EXPORT_WRONG_FILE'
  | 'EXPORT_EMPTY'
  | 'EXPORT_TRUNCATED'
  | 'EXPORT_NOT_JSON'
  | 'EXPORT_NOTHING_READABLE'
  | 'EXPORT_ALL_EXCLUDED'
  | 'ZIP_EMPTY'
  | 'ZIP_CORRUPT'
  | 'ZIP_ENCRYPTED'
  | 'ZIP_UNSUPPORTED_METHOD'
  | 'ZIP_TOO_LARGE'
  | 'ZIP_NESTED'
  | 'ZIP_NO_CONVERSATIONS'
  | 'ZIP_TOO_MANY_FILES'
  | 'ZIP_OVERLAPPING_ENTRIES'
  // the database
  | 'DB_UNAVAILABLE'
  | 'DB_CONFLICT'
  | 'DB_QUERY_FAILED'
  | 'DB_MIGRATION_FAILED'
  // embeddings
  | 'EMBEDDING_UNAVAILABLE'
  | 'EMBEDDING_BAD_RESPONSE'
  | 'EMBEDDING_WRONG_DIMENSION'
  | 'EMBEDDING_REJECTED'
  // the language model
  | 'LLM_UNAVAILABLE'
  | 'LLM_RATE_LIMITED'
  | 'LLM_REJECTED'
  | 'LLM_BAD_OUTPUT'
  | 'LLM_TRUNCATED'
  // the full pass (facts and MEMORY)
  | 'FACTS_EXTRACTION_FAILED'
  // fetching the upload
  | 'UPLOAD_NOT_FOUND'
  | 'STORAGE_UNAVAILABLE'
  | 'STORAGE_REJECTED'
  | 'STORAGE_NO_SPACE'
  // the dispatcher's API
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'INVALID_REQUEST'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'STORAGE_PATH_INVALID'
  | 'RATE_LIMITED'
  | 'IMPORT_ALREADY_ACTIVE'
  | 'IMPORT_FINISHED'
  // launching and watching job containers
  | 'LAUNCH_FAILED'
  | 'CONTAINER_OOM'
  | 'CONTAINER_INTERRUPTED'
  | 'CONTAINER_FAILED_TO_START'
  | 'CONTAINER_EXITED'
  | 'CONTAINER_LOST'
  | 'HEARTBEAT_LOST'
  // configuration and usage
  | 'CONFIG_INVALID'
  | 'USAGE'
  // everything else
  | 'CANCELLED'
  | 'INTERNAL';

export interface AppErrorOptions {
  kind: ErrorKind;
  cause?: unknown;
  /** Overrides the default for the kind (upstream errors are retryable, others are not). */
  retryable?: boolean;
  /** How long the server asked us to wait before retrying (`retry-after`). */
  retryAfterMs?: number;
}

export class AppError extends Error {
  override readonly name = 'AppError';
  readonly code: ErrorCode;
  readonly kind: ErrorKind;
  readonly retryable: boolean;
  readonly retryAfterMs: number | undefined;

  constructor(code: ErrorCode, message: string, options: AppErrorOptions) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.kind = options.kind;
    this.retryable =
      options.retryable ?? (options.kind === 'upstream' || options.kind === 'cancelled');
    this.retryAfterMs = options.retryAfterMs;
  }
}

export function badInput(code: ErrorCode, message: string, cause?: unknown): AppError {
  return new AppError(code, message, { kind: 'bad_input', cause });
}

/** Normalises anything thrown into an Error, keeping the original as `cause` when it was not one. */
export function toError(thrown: unknown): Error {
  if (thrown instanceof Error) return thrown;
  return new Error(typeof thrown === 'string' ? thrown : 'non-error value thrown', {
    cause: thrown,
  });
}

/** The AppError a caller may show to a user: deliberate errors as they are, anything else as INTERNAL. */
export function toAppError(thrown: unknown): AppError {
  if (thrown instanceof AppError) return thrown;
  return new AppError(
    'INTERNAL',
    'Something went wrong on our side. The details are in the logs.',
    {
      kind: 'internal',
      cause: toError(thrown),
    },
  );
}

/** Process exit codes, as in ARCHITECTURE.md: the dispatcher decides retries from them. */
export const EXIT_CODES = {
  ok: 0,
  internal: 1,
  badInput: 2,
  upstream: 3,
  config: 78,
  cancelled: 143,
} as const;

export function exitCodeFor(error: AppError): number {
  switch (error.kind) {
    case 'bad_input':
      return EXIT_CODES.badInput;
    case 'upstream':
      return EXIT_CODES.upstream;
    case 'config':
      return EXIT_CODES.config;
    case 'cancelled':
      return EXIT_CODES.cancelled;
    case 'internal':
      return EXIT_CODES.internal;
  }
}
