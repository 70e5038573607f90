import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { peerFixture } from '../../test/support/fixtures.js';
import { AccountContextCollector } from './account-context.js';
import { ReportBuilder } from './export-report.js';
import { normalizeConversation } from './normalize-conversation.js';

/**
 * convoviz's 25 visibility cases (test/fixtures/peer-exports/SOURCES.md): each is a conversation
 * with a user question `q` and the message under test (node `case`); its title ends in
 * `_visible` when convoviz's tests assert that message is shown, `_hidden` when they assert it
 * is not. We agree with every case.
 */

type Case = { title: string; mapping: Record<string, unknown> };
const cases: Case[] = JSON.parse(
  await readFile(peerFixture('convoviz__visibility-cases.from-tests'), 'utf8'),
);

function shownText(raw: Case): string | null {
  const ctx = {
    report: new ReportBuilder(),
    account: new AccountContextCollector(),
    includeDoNotRemember: false,
  };
  const item = normalizeConversation(raw, ctx);
  if (item.kind !== 'conversation') throw new Error(`skipped: ${item.skipped.reason}`);
  const [question, ...rest] = item.conversation.messages;
  expect(question).toMatchObject({ role: 'user', text: 'q' });
  expect(rest.length).toBeLessThanOrEqual(1);
  return rest[0]?.text ?? null;
}

describe('convoviz visibility cases', () => {
  it('has all 25 cases', () => {
    expect(cases).toHaveLength(25);
  });

  it.each(cases.map((c) => [c.title, c] as const))('%s', (title, raw) => {
    const text = shownText(raw);
    if (title.endsWith('_visible')) expect(text).not.toBeNull();
    else expect(text).toBeNull();
  });

  it('shows what the visible tool results and documents hold', () => {
    const byTitle = new Map(cases.map((c) => [c.title, c]));
    const text = (title: string) => shownText(byTitle.get(title)!);
    expect(text('canvas_create_textdoc_visible')).toBe(
      '### breakout_game\n\n```html\n<!DOCTYPE html><html>...</html>\n```',
    );
    expect(text('new_tether_quote_full_visible')).toBe(
      '[source: Article Title — https://example.com/article]\n> Important quote here',
    );
    expect(text('new_tether_quote_domain_visible')).toBe(
      '[source: example.org — https://example.org/page]\n> Another quote',
    );
    expect(text('new_tether_quote_url_visible')).toBe(
      '[source: https://example.net/]\n> Minimal quote',
    );
    expect(text('v3_browser_tether_quote_visible')).toBe('> Citation quote');
    expect(text('ext_python_output_visible')).toBe('```\n42\n```');
    expect(text('vis_image_only_attachment_visible')).toBe('[image: pic.png]');
    expect(text('vis_user_system_message_visible')).toBe('My instructions');
    expect(text('vis_user_hello_visible')).toBe('Hello');
  });
});
