import { type MessagePort, workerData } from 'node:worker_threads';
import { serveSplitter } from './serve-splitter.js';

/**
 * Entry of the splitting thread when it runs as a worker of its own (start-cli-worker.ts): it
 * serves the split service on the port it was handed, with its own small, explicit heap.
 */
const { port } = workerData as { port: MessagePort };
serveSplitter(port);
