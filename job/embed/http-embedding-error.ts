import { AppError } from '../../core/errors.js';
import { isRetryableStatus, parseRetryAfter } from '../../core/retry.js';

export interface FailedEmbeddingResponse {
  status: number;
  headers: Headers;
  body: string;
  /** The endpoint without credentials or query: "https://api.openai.com/v1". */
  endpoint: string;
  model: string;
}

/**
 * The AppError for a non-2xx answer of an OpenAI-compatible embeddings endpoint. Rate limits,
 * timeouts and server errors are retryable and carry the server's `retry-after`; everything
 * else says what to check. The server's own message is quoted (shortened) for 400/404/413/422,
 * never for 401/403, whose bodies can echo part of the key.
 */
export function httpEmbeddingError(failed: FailedEmbeddingResponse): AppError {
  const { status, headers, endpoint, model } = failed;
  const requestId = headers.get('x-request-id');
  const suffix = requestId ? ` (request id ${requestId})` : '';
  const serverSays = status === 401 || status === 403 ? '' : serverMessage(failed.body);
  if (status === 429 && failed.body.includes('insufficient_quota')) {
    return rejected(
      `${endpoint} refused: the account is out of quota (429 insufficient_quota). Check the ` +
        `plan and billing of the API key${suffix}.`,
    );
  }
  if (isRetryableStatus(status)) {
    const reason = status === 429 ? 'is rate limiting requests' : 'failed';
    const retryAfterMs = parseRetryAfter(headers);
    return new AppError(
      'EMBEDDING_UNAVAILABLE',
      `${endpoint} ${reason} (HTTP ${status})${suffix}.`,
      { kind: 'upstream', ...(retryAfterMs === undefined ? {} : { retryAfterMs }) },
    );
  }
  switch (status) {
    case 401:
      return rejected(
        `${endpoint} refused the API key (HTTP 401). Check EMBEDDING_API_KEY (or ` +
          `OPENAI_API_KEY)${suffix}.`,
      );
    case 403:
      return rejected(
        `${endpoint} denied access (HTTP 403). Check that the API key may use model ${model}${suffix}.`,
      );
    case 404:
      return rejected(
        `${endpoint} has no embeddings endpoint or no model ${model} (HTTP 404${serverSays}). ` +
          `Check EMBEDDING_BASE_URL (usually ending in /v1) and EMBEDDING_MODEL${suffix}.`,
      );
    case 413:
      return rejected(
        `${endpoint} found the request too large (HTTP 413${serverSays}). Lower ` +
          `EMBEDDING_BATCH_SIZE${suffix}.`,
      );
    default:
      return rejected(
        `${endpoint} rejected the request for model ${model} (HTTP ${status}${serverSays}). ` +
          'Check EMBEDDING_MODEL, EMBEDDING_DIMENSIONS (set it to none if the model takes no ' +
          `dimensions parameter) and EMBEDDING_BATCH_SIZE${suffix}.`,
      );
  }
}

function rejected(message: string): AppError {
  return new AppError('EMBEDDING_REJECTED', message, { kind: 'config' });
}

const MAX_QUOTED_CHARS = 200;

/** ": <the server's error message>", from `{ error: { message } }`, `{ error }` or `{ message }`. */
function serverMessage(body: string): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return '';
  }
  const record = (value: unknown) =>
    typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  const error = record(parsed).error;
  const message = record(error).message ?? error ?? record(parsed).message ?? record(parsed).detail;
  if (typeof message !== 'string' || message.trim() === '') return '';
  const oneLine = message.replace(/\s+/g, ' ').trim();
  return `: ${oneLine.length > MAX_QUOTED_CHARS ? `${oneLine.slice(0, MAX_QUOTED_CHARS)}…` : oneLine}`;
}
