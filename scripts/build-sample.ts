/**
 * Writes samples/sample-export.zip, the small demo export used by the README.
 * Run with `npm run sample:build`; a test fails when the committed file drifts from the generator.
 */
import { mkdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SAMPLE_OPTIONS } from '../test/support/synthetic/sample-export.js';
import { writeSyntheticZip } from '../test/support/synthetic/write-zip.js';

const out = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'samples', 'sample-export.zip');
await mkdir(dirname(out), { recursive: true });
const summary = await writeSyntheticZip(out, SAMPLE_OPTIONS);
console.log(
  JSON.stringify(
    {
      file: out,
      zipBytes: summary.zipBytes,
      conversations: summary.conversations,
      features: summary.features,
      plantedFacts: summary.plantedFacts.map((fact) => fact.needle),
    },
    null,
    2,
  ),
);
