/**
 * The SQL port both deployables use. Two adapters implement it: PGlite in-process (the embedded
 * default) and postgres.js (`DATABASE_URL`, Supabase in production). Operations in this folder
 * take a `Database` as their first argument and run one statement or one transaction.
 *
 * Parameters are plain values (strings, numbers, booleans, null, Date, arrays of those), plus
 * vectors wrapped with `vectorParam` / `vectorArrayParam`, which each adapter encodes in the
 * fastest form its driver can send. Cast parameters in SQL (`$1::text[]`, `$2::text::jsonb`) so
 * both drivers bind the same way, and cast counts to `int`: drivers differ on `bigint`.
 */

export type Row = Record<string, unknown>;

export interface QueryOptions {
  /** What the statement does, in words ("save conversation chunks"); named in errors. */
  operation?: string;
}

export interface Database {
  /**
   * Safe to show and log: "the embedded database at ./.soulprint", "the in-memory embedded
   * database" or "Postgres at db.example.com:5432/postgres". Never contains a password.
   */
  readonly describe: string;
  /** The server software: PostgreSQL, or PGlite (in this process or behind its socket server). */
  readonly engine: 'postgres' | 'pglite';
  /**
   * False where `COPY ... FROM STDIN` cannot be used (PGlite behind its socket server, which
   * does not speak the COPY sub-protocol): bulk writers then use multi-row INSERTs.
   */
  readonly copySupported: boolean;
  /** Runs one statement (extended protocol, `$1`-style parameters) and returns its rows. */
  query<T = Row>(text: string, params?: readonly unknown[], options?: QueryOptions): Promise<T[]>;
  /** Runs a script of one or more statements without parameters (migrations). */
  exec(script: string, options?: QueryOptions): Promise<void>;
  /**
   * Loads rows with `COPY <table> (<columns>) FROM STDIN (FORMAT binary)`: `data` is the whole
   * binary stream, header to trailer (write it with `CopyBinaryWriter`). Run it inside
   * `transaction` to make it one unit with what surrounds it. `table` and `columns` are
   * identifiers written in our code, never input.
   */
  copyIn(
    table: string,
    columns: readonly string[],
    data: readonly Uint8Array[],
    options?: QueryOptions,
  ): Promise<void>;
  /**
   * Runs `fn` in one transaction: committed when it resolves, rolled back when it throws (the
   * error is rethrown). Inside `fn`, use only `tx`. A nested call joins the outer transaction.
   */
  transaction<T>(fn: (tx: Database) => Promise<T>, options?: QueryOptions): Promise<T>;
  /** Closes the connection pool or the embedded database. Not allowed inside a transaction. */
  close(): Promise<void>;
}
