import { AppError, type ErrorCode } from '../../core/errors.js';

/**
 * Errors the API answers with `{code, message}`: all `bad_input` AppErrors (the caller's
 * mistake). The status comes from the code; anything not listed is 400.
 */
type ClientStatus = 400 | 401 | 403 | 404 | 409 | 413 | 415 | 429 | 503;

const STATUS: Partial<Record<ErrorCode, ClientStatus>> = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  IMPORT_ALREADY_ACTIVE: 409,
  IMPORT_FINISHED: 409,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  DB_UNAVAILABLE: 503,
};

export function httpStatusFor(error: AppError): ClientStatus {
  return STATUS[error.code] ?? 400;
}

export function clientError(code: ErrorCode, message: string, cause?: unknown): AppError {
  return new AppError(code, message, { kind: 'bad_input', cause });
}

export const unauthenticated = (message: string, cause?: unknown) =>
  clientError('UNAUTHENTICATED', message, cause);
export const forbidden = (message: string) => clientError('FORBIDDEN', message);
export const notFound = (message: string) => clientError('NOT_FOUND', message);
export const invalidRequest = (message: string) => clientError('INVALID_REQUEST', message);

/** 409 with the id of the import that is already running. */
export class ImportActiveError extends AppError {
  constructor(readonly jobId: string) {
    super('IMPORT_ALREADY_ACTIVE', 'An import is already in progress for this user.', {
      kind: 'bad_input',
    });
  }
}

/** 429 with the seconds until the next import is allowed. */
export class RateLimitedError extends AppError {
  constructor(readonly retryAfterSeconds: number) {
    super(
      'RATE_LIMITED',
      `Too many imports started recently. Try again in ${retryAfterSeconds} seconds.`,
      { kind: 'bad_input' },
    );
  }
}
