#!/usr/bin/env node
import { runCli } from './cli/run-cli.js';

// A closed pipe (e.g. `inspect --jsonl | head`) ends the output quietly instead of crashing.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

process.exitCode = await runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
});
