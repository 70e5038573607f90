import type { Database } from '../../core/db/index.js';
import type { BackendGate } from './backend-gate.js';

/**
 * The dispatcher's view of the embedded database: every statement, script and transaction
 * waits for the backend (see backend-gate.ts). Inside a transaction, `tx` runs directly: the
 * gate is already held for the whole transaction.
 */
export function gatedDatabase(inner: Database, gate: BackendGate): Database {
  return {
    describe: inner.describe,
    engine: inner.engine,
    copySupported: inner.copySupported,
    query: (text, params, options) => gate.run(() => inner.query(text, params, options)),
    exec: (script, options) => gate.run(() => inner.exec(script, options)),
    copyIn: (table, columns, data, options) =>
      gate.run(() => inner.copyIn(table, columns, data, options)),
    transaction: (fn, options) => gate.run(() => inner.transaction(fn, options)),
    close: () => gate.run(() => inner.close()),
  };
}
