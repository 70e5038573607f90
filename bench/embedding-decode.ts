import { OpenAiCompatibleEmbedder } from '../job/embed/openai-compatible-embedder.js';
import { startFakeOpenAiEmbeddings } from '../test/fakes/fake-openai-embeddings.js';

const BATCH = 96;
const DIMENSIONS = 1024;
const REQUESTS = 100;

/**
 * What receiving embeddings costs the job, per vector: the real OpenAI-compatible client against
 * a loopback server answering a batch of 96 dense 1024-dimension vectors, as JSON numbers
 * (`float`) and as base64 float32 bytes (`base64`). Dense like real embeddings: the fakes the
 * other benchmarks use are sparse and cheap to parse.
 */
export async function embeddingDecodeLines(): Promise<string[]> {
  const vectors = Array.from({ length: BATCH }, () =>
    Array.from({ length: DIMENSIONS }, () => Math.fround(Math.random() - 0.5)),
  );
  const bodies = {
    float: JSON.stringify({
      data: vectors.map((embedding, index) => ({ object: 'embedding', index, embedding })),
    }),
    base64: JSON.stringify({
      data: vectors.map((v, index) => ({
        object: 'embedding',
        index,
        embedding: Buffer.from(new Float32Array(v).buffer).toString('base64'),
      })),
    }),
  };
  const inputs = Array.from({ length: BATCH }, (_, i) => `text ${i}`);
  const server = await startFakeOpenAiEmbeddings({ record: false });
  const lines = ['embeddings response (96 × 1024 dense)   µs/vector   response bytes/vector'];
  try {
    for (const encoding of ['float', 'base64', 'float', 'base64'] as const) {
      const embedder = new OpenAiCompatibleEmbedder({
        baseUrl: server.baseUrl,
        model: 'bench',
        encoding,
      });
      for (let i = 0; i < REQUESTS + 5; i++) server.reply({ kind: 'raw', body: bodies[encoding] });
      for (let i = 0; i < 5; i++) await embedder.embedBatch(inputs); // warm up
      const started = performance.now();
      for (let i = 0; i < REQUESTS; i++) await embedder.embedBatch(inputs);
      const us = ((performance.now() - started) * 1000) / (REQUESTS * BATCH);
      lines.push(
        `  ${encoding.padEnd(36)} ${us.toFixed(1).padStart(8)}   ${String(Math.round(bodies[encoding].length / BATCH)).padStart(20)}`,
      );
    }
  } finally {
    await server.close();
  }
  return lines;
}
