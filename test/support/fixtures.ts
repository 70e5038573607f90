import { join } from 'node:path';

/**
 * Real ChatGPT export samples (see test/fixtures/chatgpt-exports/SOURCES.md for where each comes
 * from, its licence and what it covers).
 */
export const EXPORT_FIXTURES = new URL('../fixtures/chatgpt-exports/', import.meta.url).pathname;

export function exportFixture(
  name: 'librechat-export' | 'librechat-tree' | 'librechat-citations' | 'chatgpt2graph',
): string {
  return join(EXPORT_FIXTURES, `${name}.conversations.json`);
}

/**
 * Other importers' public test fixtures, copied byte for byte (test/fixtures/peer-exports/
 * SOURCES.md names each one's project and what that project's own test expects).
 */
export const PEER_FIXTURES = new URL('../fixtures/peer-exports/', import.meta.url).pathname;

export function peerFixture(name: string): string {
  return join(PEER_FIXTURES, `${name}.json`);
}
