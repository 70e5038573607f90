import { describe, expect, it } from 'vitest';
import {
  assistant,
  conversation,
  type Msg,
  normalizeContext,
  readConversation,
  turns,
  user,
} from '../../test/support/linear-conversation.js';

/** What the reader keeps of each kind of message: the rules added for real 2024–2026 exports. */

const canvas = (recipient: string, payload: unknown, asPart = false): Msg => ({
  author: { role: 'assistant' },
  recipient,
  content: asPart
    ? { content_type: 'text', parts: [payload] }
    : { content_type: 'code', language: 'json', text: JSON.stringify(payload) },
});
const canvasTool = (text: string): Msg => ({
  author: { role: 'tool', name: 'canmore.create_textdoc' },
  content: { content_type: 'text', parts: [text] },
});

describe('canvas documents', () => {
  it('keeps a canvas document as the assistant text of its turn, code fenced with its type', () => {
    const c = readConversation(
      conversation([
        user('Write me a script that greets people'),
        canvas('canmore.create_textdoc', {
          name: 'greet',
          type: 'code/python',
          content: 'print("hello")',
        }),
        canvasTool('Successfully created text document'),
        assistant("Script's on the canvas."),
      ]),
    );
    expect(turns(c)).toEqual([
      'user: Write me a script that greets people',
      'assistant: ### greet\n\n```python\nprint("hello")\n```\n\nScript\'s on the canvas.',
    ]);
  });

  it('applies later edits to the kept document, skipping and counting the ones that do not apply', () => {
    const ctx = normalizeContext();
    const c = readConversation(
      conversation([
        user('Draft a toast'),
        assistant('Here is a draft.'),
        canvas('canmore.create_textdoc', {
          name: 'Toast',
          type: 'document',
          content: 'To Ann and Bo.\nCheers!',
        }),
        user('Make it warmer, and add Cy'),
        canvas('canmore.update_textdoc', {
          updates: [
            { pattern: 'Ann and Bo', replacement: 'dear Ann, Bo and Cy' },
            { pattern: 'Cheers!$', replacement: 'Cheers, with love!' },
            { pattern: 'no such text', replacement: 'x' },
            { pattern: '(a)\\1', replacement: 'backreference' },
          ],
        }),
        assistant('Updated.'),
        canvas('canmore.comment_textdoc', { comments: [{ pattern: '.*', comment: 'nice' }] }),
      ]),
      ctx,
    );
    expect(turns(c)).toEqual([
      'user: Draft a toast',
      'assistant: Here is a draft.\n\n### Toast\n\nTo dear Ann, Bo and Cy.\nCheers, with love!',
      'user: Make it warmer, and add Cy',
      'assistant: Updated.',
    ]);
    expect(ctx.report.canvasEditsSkipped).toBe(2);
  });

  it('reads the payload as an object part, rewrites the whole document with ".*", and ignores an edit with no document', () => {
    const ctx = normalizeContext();
    const c = readConversation(
      conversation([
        user('Poem please'),
        canvas('canmore.update_textdoc', { updates: [{ pattern: '.*', replacement: 'orphan' }] }),
        canvas(
          'canmore.create_textdoc',
          { name: 'Poem', type: 'document', content: 'Roses' },
          true,
        ),
        canvas(
          'canmore.update_textdoc',
          { updates: [{ pattern: '.*', multiple: false, replacement: 'Violets\nare blue' }] },
          true,
        ),
      ]),
      ctx,
    );
    expect(turns(c)).toEqual(['user: Poem please', 'assistant: ### Poem\n\nViolets\nare blue']);
    expect(ctx.report.canvasEditsSkipped).toBe(1);
  });
});

describe('tool results the person saw', () => {
  it('keeps generated images with their prompt, a quoted source cut short, and python output cut short', () => {
    const image = (channel: string, prompt?: string): Msg => ({
      author: { role: 'tool', name: 'dalle.text2im' },
      channel,
      content: {
        content_type: 'multimodal_text',
        parts: [
          {
            content_type: 'image_asset_pointer',
            asset_pointer: 'sediment://file_1',
            ...(prompt ? { metadata: { dalle: { prompt } } } : {}),
          },
        ],
      },
    });
    const c = readConversation(
      conversation([
        user('Draw a lighthouse, then look up its history'),
        image('final', 'A lighthouse at dusk,\nwatercolor'),
        {
          author: { role: 'tool', name: 'dalle.text2im' },
          content: {
            content_type: 'text',
            parts: ['DALL·E displayed 1 images. Do not describe them.'],
          },
        },
        {
          author: { role: 'tool', name: 'browser' },
          content: {
            content_type: 'tether_quote',
            url: 'https://example.org/lighthouses',
            title: 'Lighthouses',
            text: 'word '.repeat(500),
          },
        },
        {
          author: { role: 'tool', name: 'python' },
          content: { content_type: 'execution_output', text: `${'1'.repeat(5000)}` },
        },
        {
          author: { role: 'tool', name: 'web.run' },
          content: { content_type: 'text', parts: ['raw results'] },
        },
      ]),
    );
    const [, answer] = c.messages;
    expect(answer!.role).toBe('assistant');
    const pieces = answer!.text.split('\n\n');
    expect(pieces[0]).toBe('[image: A lighthouse at dusk, watercolor]');
    expect(pieces[1]).toMatch(
      /^\[source: Lighthouses — https:\/\/example\.org\/lighthouses\]\n> word word/,
    );
    expect(pieces[1]!.length).toBeLessThan(700);
    expect(pieces[2]).toMatch(/^```\n1{100,}…\n```$/);
    expect(pieces[2]!.length).toBeLessThan(2100);
    expect(answer!.text).not.toContain('raw results');
    expect(answer!.text).not.toContain('Do not describe');
  });

  it('keeps an image-only user turn as its attachment names', () => {
    const c = readConversation(
      conversation([
        user('', {
          content: { content_type: 'multimodal_text', parts: [] },
          metadata: {
            attachments: [
              { id: 'file-1', name: 'receipt.jpg', mimeType: 'image/jpeg' },
              { id: 'file-2', name: 'notes.txt', mime_type: 'text/plain' },
            ],
          },
        }),
        assistant('That receipt totals $42.'),
      ]),
    );
    expect(turns(c)[0]).toBe('user: [image: receipt.jpg]\n[file: notes.txt]');
  });
});

describe('voice and thinking', () => {
  const pointer = (extra: Msg = {}) => ({
    content_type: 'real_time_user_audio_video_asset_pointer',
    audio_asset_pointer: { content_type: 'audio_asset_pointer', asset_pointer: 'sediment://a' },
    frames_asset_pointers: [],
    video_container_asset_pointer: null,
    ...extra,
  });
  const voice = (parts: unknown[]): Msg => ({
    author: { role: 'user' },
    content: { content_type: 'multimodal_text', parts },
  });

  it('invents no media for a voice turn: audio is its transcript, and a turn of pointers alone is no message', () => {
    const ctx = normalizeContext();
    const c = readConversation(
      conversation([
        voice([
          pointer(),
          { content_type: 'audio_transcription', text: 'Good morning', direction: 'in' },
        ]),
        assistant('Morning!'),
        voice([pointer(), { content_type: 'audio_asset_pointer', asset_pointer: 'sediment://b' }]),
        voice([
          pointer({ real_time_audio_has_video: true }),
          { content_type: 'audio_transcription', text: 'See?' },
        ]),
      ]),
      ctx,
    );
    expect(turns(c)).toEqual(['user: Good morning', 'assistant: Morning!', 'user: [video]\nSee?']);
    expect(ctx.report.messagesDropped).toBe(1);
  });

  it('drops thinking preambles like thoughts and reasoning recaps', () => {
    const c = readConversation(
      conversation([
        user('Why is the sky blue?'),
        assistant('Let me think about scattering…', {
          metadata: { is_thinking_preamble_message: true },
        }),
        assistant('Rayleigh scattering.'),
      ]),
    );
    expect(turns(c)).toEqual(['user: Why is the sky blue?', 'assistant: Rayleigh scattering.']);
  });
});

describe('conversation fields', () => {
  it('takes the model of an "auto" conversation from its last assistant message', () => {
    const c = readConversation(
      conversation(
        [
          user('hi'),
          assistant('hello', { metadata: { model_slug: 'gpt-5-mini' } }),
          user('more'),
          assistant('sure', { metadata: { model_slug: 'gpt-5-thinking' } }),
        ],
        { default_model_slug: 'auto' },
      ),
    );
    expect(c.model).toBe('gpt-5-thinking');
  });

  it('keeps the custom GPT or project a conversation was held in', () => {
    const c = readConversation(
      conversation([user('What can I cook with leeks?'), assistant('Soup.')], {
        gizmo_id: 'g-p-cooking',
        gizmo_type: 'snorlax',
        conversation_template_id: 'g-p-cooking',
      }),
    );
    expect(c.gizmo).toEqual({ id: 'g-p-cooking', type: 'snorlax', templateId: 'g-p-cooking' });
    expect(readConversation(conversation([user('hi')])).gizmo).toBeNull();
  });

  it('reads ISO-8601 times on conversations and messages, and drops times no date can hold', () => {
    const c = readConversation(
      conversation(
        [
          user('hi', { create_time: '2026-03-01T10:00:00Z' }),
          assistant('hey', { create_time: 9e15 }),
        ],
        {
          create_time: '2026-03-01T09:59:00Z',
          update_time: 1e300,
        },
      ),
    );
    expect(c.createdAt).toBe(Date.UTC(2026, 2, 1, 9, 59));
    expect(c.messages.map((m) => m.createdAt)).toEqual([Date.UTC(2026, 2, 1, 10), null]);
    expect(c.updatedAt).toBe(Date.UTC(2026, 2, 1, 10));
  });
});
