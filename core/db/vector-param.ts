/**
 * Vectors as query parameters. Wrap them so each adapter can pick its fastest encoding:
 * PGlite binds them in pgvector's binary format (its text parser is slow under WebAssembly),
 * postgres.js sends pgvector text (`[0.1,0.2,...]`). In SQL, cast the parameter to
 * `extensions.vector` (one vector) or `extensions.vector[]` (a batch).
 */

/** One embedding; components are stored as float32 (pgvector `vector`). */
export type Embedding = Float32Array | readonly number[];

export class VectorParam {
  constructor(readonly value: Embedding) {}
}

export class VectorArrayParam {
  /** `null` entries become SQL NULL elements. */
  constructor(readonly values: readonly (Embedding | null)[]) {}
}

/** Binds one embedding; cast it with `$n::extensions.vector`. */
export function vectorParam(value: Embedding): VectorParam {
  return new VectorParam(value);
}

/** Binds a batch of embeddings as one array; cast it with `$n::extensions.vector[]`. */
export function vectorArrayParam(values: readonly (Embedding | null)[]): VectorArrayParam {
  return new VectorArrayParam(values);
}
