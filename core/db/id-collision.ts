import type { Database } from './database.js';
import { DatabaseError } from './database-error.js';

/**
 * Rows were skipped because their ids already belong to another import (or user): a bug in
 * how the writer computes ids. Raised instead of skipping silently, because the completion
 * switch deletes other imports' rows and would take the only copy with them.
 */
export function idCollision(db: Database, what: string, constraint: string, count: number) {
  const operation = `save ${what}s`;
  return new DatabaseError(
    'DB_CONFLICT',
    `Could not ${operation} in ${db.describe}: ${count} ${what} id(s) already belong to another ` +
      'import; ids must be derived from the import id.',
    { kind: 'internal', retryable: false, database: db.describe, operation, constraint },
  );
}
