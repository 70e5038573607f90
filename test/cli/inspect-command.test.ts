import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportFixture, peerFixture } from '../support/fixtures.js';

/** Runs the built CLI (`npm test` builds first) as a real child process. */
const MAIN = new URL('../../dist/job/main.js', import.meta.url).pathname;

const run = (...args: string[]) =>
  execa('node', [MAIN, ...args], { reject: false, env: { SOULPRINT_DEBUG: '' } });

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'soulprint-cli-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('inspect', () => {
  it('prints a human summary and exits 0', async () => {
    const result = await run('inspect', exportFixture('librechat-tree'));
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain('Conversations: 1 read, 0 skipped');
    expect(result.stdout).toContain('Messages: 6 kept (3 from you, 3 from ChatGPT)');
    expect(result.stdout).toContain('Branches: 5 nodes of abandoned edits');
    // stderr is not a terminal here: no progress bar.
    expect(result.stderr).toBe('');
  });

  it('--json prints the report as one object, with peak memory', async () => {
    const result = await run('inspect', exportFixture('chatgpt2graph'), '--json');
    expect(result.exitCode).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report).toMatchObject({
      source: { format: 'json', files: ['chatgpt2graph.conversations.json'] },
      conversations: { seen: 1, read: 1, skipped: 0 },
      messages: { kept: 16, user: 8, assistant: 8, system: 0 },
      contentTypes: { text: 22, code: 11, execution_output: 11 },
    });
    expect(report.peakRssBytes).toBeGreaterThan(10 << 20);
  });

  it('--jsonl prints one line per conversation in file order, skipped ones with their reason', async () => {
    const list = JSON.parse(await readFile(exportFixture('librechat-export'), 'utf8'));
    list[0].is_do_not_remember = true;
    const path = join(dir, 'dnr.json');
    await writeFile(path, JSON.stringify(list));
    const result = await run('inspect', path, '--jsonl');
    expect(result.exitCode).toBe(0);
    const lines = result.stdout.split('\n').map((line) => JSON.parse(line));
    expect(lines).toEqual([
      { id: list[0].id, title: 'Conversation 1. Web Search', skipped: 'do_not_remember' },
      {
        id: '7c5ab593-dbab-43bd-862d-2c3c1eeebf6a',
        title: 'Conversation 2',
        createdAt: '2023-10-15T12:31:37.899Z',
        updatedAt: '2023-10-15T12:32:03.975Z',
        model: 'text-davinci-002-render-sha',
        gizmoId: null,
        messages: 4,
        user: 2,
        assistant: 2,
        system: 0,
        chars: expect.any(Number),
      },
    ]);
  });

  it('--jsonl --messages adds each kept message: its role, time and first characters', async () => {
    const path = join(dir, 'no-ids.json');
    const list = JSON.parse(
      await readFile(peerFixture('basicmemory__sample_conversation'), 'utf8'),
    );
    await writeFile(path, JSON.stringify(list));
    const first = await run('inspect', path, '--jsonl', '--messages');
    const again = await run('inspect', path, '--jsonl', '--messages');
    expect(first.exitCode).toBe(0);
    const line = JSON.parse(first.stdout);
    expect(line).toMatchObject({
      idDerived: true,
      title: 'Test Conversation',
      user: 1,
      assistant: 1,
      kept: [
        { role: 'user', at: '2025-01-11T17:29:54.240Z', start: 'Hello, this is a test message' },
        { role: 'assistant', at: '2025-01-11T17:30:03.164Z', start: 'This is a test response' },
      ],
    });
    expect(JSON.parse(again.stdout).id).toBe(line.id);
    const alone = await run('inspect', path, '--messages');
    expect(alone.exitCode).toBe(2);
    expect(alone.stderr).toContain('--messages goes with --jsonl');
  });

  it('adds the command-line flag to the do-not-remember refusal, which the app shows without it', async () => {
    const list = JSON.parse(await readFile(exportFixture('librechat-export'), 'utf8'));
    for (const c of list) c.is_do_not_remember = true;
    const path = join(dir, 'all-dnr.json');
    await writeFile(path, JSON.stringify(list));
    const result = await run('inspect', path);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(
      /^error \[EXPORT_ALL_EXCLUDED\]: All 2 conversations .*--include-do-not-remember imports them anyway\.$/,
    );
    expect((await run('inspect', path, '--include-do-not-remember')).exitCode).toBe(0);
  });

  it('exits 2 with a clear message and no stack trace for a wrong file', async () => {
    const path = join(dir, 'chat.html');
    await writeFile(path, '<!DOCTYPE html><html></html>');
    const result = await run('inspect', path);
    expect(result.exitCode).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(
      /^error \[EXPORT_WRONG_FILE\]: "chat.html" is the page ChatGPT includes/,
    );
    expect(result.stderr).toContain('Settings → Data controls → Export data');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('exits 2 with usage for a missing argument or an unknown flag', async () => {
    for (const args of [
      ['inspect'],
      ['inspect', 'x.zip', '--nope'],
      ['frobnicate'],
      ['constructor'],
    ]) {
      const result = await run(...args);
      expect(result.exitCode).toBe(2);
      expect(result.stderr).toContain('Usage:');
    }
  });

  it('exits 78 naming the variable when configuration is malformed', async () => {
    const result = await execa('node', [MAIN, 'inspect', 'x.json'], {
      reject: false,
      env: { SOULPRINT_MAX_CONVERSATION_BYTES: 'lots' },
    });
    expect(result.exitCode).toBe(78);
    expect(result.stderr).toContain('SOULPRINT_MAX_CONVERSATION_BYTES');
  });
});
