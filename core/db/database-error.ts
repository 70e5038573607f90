import { AppError, type ErrorCode, type ErrorKind } from '../errors.js';

/**
 * A database failure with a stable code. Each adapter turns every driver error into one of
 * these in one place (`toDatabaseError`), so callers never see a raw driver error:
 * - `DB_UNAVAILABLE`: the database could not be reached or opened (retryable), or it refused the
 *   credentials or database name (`kind: 'config'`);
 * - `DB_CONFLICT`: a unique constraint refused the row; `constraint` names it (for example
 *   `import_jobs_one_active_per_user`, which the dispatcher answers with 409);
 * - `DB_QUERY_FAILED`: anything else the server refused; retryable only for transient states
 *   (serialization failure, deadlock, lock or statement timeout, resource exhaustion).
 *
 * The message names the database (`describe`) and the operation. `cause` is a copy of the
 * driver error without the bound parameter values and row details (they can hold conversation
 * text, which must never reach the logs).
 */
export class DatabaseError extends AppError {
  /** The adapter's `describe`, e.g. "the embedded database at ./.soulprint". */
  readonly database: string;
  /** What was being done, e.g. "save conversation chunks". */
  readonly operation: string;
  /** The server's SQLSTATE when it answered (e.g. "23505"), else undefined. */
  readonly sqlState: string | undefined;
  /** The constraint the server named, if any. */
  readonly constraint: string | undefined;

  constructor(
    code: ErrorCode,
    message: string,
    details: {
      kind: ErrorKind;
      retryable?: boolean;
      database: string;
      operation: string;
      sqlState?: string;
      constraint?: string;
      cause?: unknown;
    },
  ) {
    super(code, message, {
      kind: details.kind,
      retryable: details.retryable,
      cause: details.cause,
    });
    this.database = details.database;
    this.operation = details.operation;
    this.sqlState = details.sqlState;
    this.constraint = details.constraint;
  }
}

export interface DatabaseErrorContext {
  database: string;
  operation: string;
  /** Set when the failure happened while opening or connecting: always DB_UNAVAILABLE. */
  connecting?: boolean;
}

/** Node and postgres.js error codes that mean the server was not reachable. */
const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
  'CONNECT_TIMEOUT',
]);

/** SQLSTATEs after which the same statement may succeed on a retry. */
const TRANSIENT_SQLSTATES = new Set(['40001', '40P01', '55P03', '57014']);

const SQLSTATE = /^[0-9A-Z]{5}$/;

/** Normalises anything a driver threw into a DatabaseError (returned as is if it already is one). */
export function toDatabaseError(thrown: unknown, context: DatabaseErrorContext): DatabaseError {
  if (thrown instanceof DatabaseError) return thrown;
  const { database, operation } = context;
  const fields = driverFields(thrown);
  const sqlState =
    fields.code !== undefined && SQLSTATE.test(fields.code) ? fields.code : undefined;
  const cause = safeCause(thrown, sqlState);
  const reason = shortReason(fields.message);

  if (sqlState?.startsWith('28') || sqlState === '3D000') {
    return new DatabaseError(
      'DB_UNAVAILABLE',
      `Could not ${operation}: ${database} refused the connection (${reason}). Check DATABASE_URL.`,
      { kind: 'config', database, operation, sqlState, cause },
    );
  }
  if (context.connecting || isConnectionFailure(fields.code, sqlState)) {
    return new DatabaseError(
      'DB_UNAVAILABLE',
      `Could not ${operation}: ${database} is not available (${reason}).`,
      { kind: 'upstream', database, operation, sqlState, cause },
    );
  }
  if (sqlState === '23505' || sqlState === '23P01') {
    const constraint = fields.constraint;
    return new DatabaseError(
      'DB_CONFLICT',
      `Could not ${operation} in ${database}: a row with the same key already exists` +
        `${constraint ? ` (${constraint})` : ''}.`,
      { kind: 'internal', retryable: false, database, operation, sqlState, constraint, cause },
    );
  }
  const transient =
    sqlState !== undefined && (TRANSIENT_SQLSTATES.has(sqlState) || sqlState.startsWith('53'));
  return new DatabaseError(
    'DB_QUERY_FAILED',
    `Could not ${operation} in ${database}: ${reason}${sqlState ? ` (SQLSTATE ${sqlState})` : ''}.`,
    {
      kind: transient ? 'upstream' : 'internal',
      retryable: transient,
      database,
      operation,
      sqlState,
      constraint: fields.constraint,
      cause,
    },
  );
}

/** True for errors a driver raises (server errors and connection failures), false for others. */
export function isDriverError(thrown: unknown): boolean {
  const { code } = driverFields(thrown);
  return code !== undefined && (SQLSTATE.test(code) || CONNECTION_CODES.has(code));
}

/**
 * True when the error means the connection is gone (closed, reset, terminated by the server or
 * a pooler): nothing more can be sent on it, not even a ROLLBACK (the server rolls back itself).
 */
export function isConnectionLost(thrown: unknown): boolean {
  if (thrown instanceof DatabaseError) {
    return thrown.code === 'DB_UNAVAILABLE' && thrown.kind === 'upstream';
  }
  const { code } = driverFields(thrown);
  const sqlState = code !== undefined && SQLSTATE.test(code) ? code : undefined;
  return isConnectionFailure(code, sqlState);
}

function isConnectionFailure(code: string | undefined, sqlState: string | undefined): boolean {
  if (code !== undefined && CONNECTION_CODES.has(code)) return true;
  if (sqlState === undefined) return false;
  return (
    sqlState.startsWith('08') ||
    sqlState === '57P01' ||
    sqlState === '57P02' ||
    sqlState === '57P03' ||
    sqlState === '53300'
  );
}

interface DriverFields {
  code: string | undefined;
  message: string;
  constraint: string | undefined;
}

function driverFields(thrown: unknown): DriverFields {
  if (typeof thrown !== 'object' || thrown === null) {
    return { code: undefined, message: String(thrown), constraint: undefined };
  }
  const record = thrown as Record<string, unknown>;
  const text = (key: string) => (typeof record[key] === 'string' ? record[key] : undefined);
  return {
    code: text('code'),
    message: text('message') ?? 'unknown error',
    // PGlite (pg-protocol) says `constraint`; postgres.js says `constraint_name`.
    constraint: text('constraint') ?? text('constraint_name'),
  };
}

/** The server's message, first line only and bounded, for our message; details stay in `cause`. */
function shortReason(message: string): string {
  const firstLine = message.split('\n', 1)[0] ?? message;
  return firstLine.length > 200 ? `${firstLine.slice(0, 197)}...` : firstLine;
}

/** Driver error fields that carry no row data: kept on the cause for diagnosis. */
const SAFE_FIELDS = [
  'code',
  'errno',
  'syscall',
  'address',
  'port',
  'severity',
  'hint',
  'position',
  'where',
  'schema',
  'table',
  'column',
  'dataType',
  'constraint',
  'schema_name',
  'table_name',
  'column_name',
  'constraint_name',
  'routine',
  'query',
];

/**
 * A copy of the driver error for `cause` without what may hold conversation text: the bound
 * parameters (PGlite's `params`, postgres.js's non-removable `parameters` and `args`) and the
 * server's `detail`, which for check and not-null violations prints the whole failing row. The
 * detail of key violations (ids only) is kept.
 */
function safeCause(thrown: unknown, sqlState: string | undefined): unknown {
  if (!(thrown instanceof Error)) return thrown;
  const copy = new Error(thrown.message);
  copy.name = thrown.name;
  copy.stack = thrown.stack;
  const source = thrown as unknown as Record<string, unknown>;
  const target = copy as unknown as Record<string, unknown>;
  for (const field of SAFE_FIELDS) {
    if (source[field] !== undefined) target[field] = source[field];
  }
  if ((sqlState === '23505' || sqlState === '23503') && typeof source.detail === 'string') {
    target.detail = source.detail;
  }
  return copy;
}
