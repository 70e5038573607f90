import { execa } from 'execa';
import { describe, expect, it } from 'vitest';

/** Runs the built CLI (`npm test` builds first) as a real child process. */
const MAIN = new URL('../../dist/job/main.js', import.meta.url).pathname;

describe('--help', () => {
  it.each([
    ['import', 'Usage: import <export.zip|conversations.json>'],
    ['run', 'Usage: run'],
    ['inspect', 'Usage: inspect'],
    ['search', 'Usage: search'],
    ['migrate', 'Usage: migrate'],
    ['search-indexes', 'Usage: search-indexes'],
  ])('%s --help prints its usage on stdout and exits 0', async (command, usage) => {
    for (const flag of ['--help', '-h']) {
      const result = await execa('node', [MAIN, command, flag], { reject: false });
      expect(result.exitCode).toBe(0);
      expect(result.stdout).toContain(usage);
      expect(result.stderr).toBe('');
    }
  });
});
