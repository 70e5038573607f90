// Baseline for `npm run bench:scan`: read the whole conversations.json and JSON.parse it at once
// (the approach that runs out of memory on big exports).
// Prints one JSON line: {elements, elapsedMs, peakRssBytes}.
import { readFileSync } from 'node:fs';

const started = performance.now();
const conversations = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const elapsedMs = Math.round(performance.now() - started);
const peakRssBytes = process.resourceUsage().maxRSS * 1024;
console.log(JSON.stringify({ elements: conversations.length, elapsedMs, peakRssBytes }));
