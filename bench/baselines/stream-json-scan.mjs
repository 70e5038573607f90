// Baseline for `npm run bench:scan`: stream-json's streamArray over a conversations.json,
// assembling every element (what a stream-json reader has to do before any of our work).
// Prints one JSON line: {elements, elapsedMs, peakRssBytes}.
import { createReadStream } from 'node:fs';
import chain from 'stream-chain';
import { parser } from 'stream-json';
import { streamArray } from 'stream-json/streamers/stream-array.js';

const started = performance.now();
let elements = 0;
const pipeline = chain([
  createReadStream(process.argv[2], { highWaterMark: 1 << 20 }),
  parser(),
  streamArray(),
]);
pipeline.on('data', () => {
  elements++;
});
pipeline.on('end', () => {
  const elapsedMs = Math.round(performance.now() - started);
  const peakRssBytes = process.resourceUsage().maxRSS * 1024;
  console.log(JSON.stringify({ elements, elapsedMs, peakRssBytes }));
});
