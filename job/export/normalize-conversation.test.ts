import { describe, expect, it } from 'vitest';
import {
  assistant,
  conversation,
  normalizeContext,
  readConversation,
  turns,
  user,
} from '../../test/support/linear-conversation.js';
import { normalizeConversation } from './normalize-conversation.js';

describe('normalizeConversation', () => {
  it('keeps user and assistant turns, Code Interpreter code and output, and drops scaffolding, thinking and empty messages', () => {
    const c = readConversation(
      conversation([
        {
          author: { role: 'system' },
          content: { content_type: 'text', parts: [''] },
          metadata: { is_visually_hidden_from_conversation: true },
        },
        {
          author: { role: 'system' },
          content: { content_type: 'text', parts: ['You are ChatGPT'] },
        },
        user('Plot a sine wave'),
        assistant('import numpy', {
          content: { content_type: 'code', language: 'python', text: 'import numpy' },
          recipient: 'python',
        }),
        {
          author: { role: 'tool', name: 'python' },
          content: { content_type: 'execution_output', text: '<<ImageDisplayed>>' },
        },
        {
          author: { role: 'assistant' },
          content: { content_type: 'thoughts', thoughts: [{ summary: 's', content: 'c' }] },
        },
        {
          author: { role: 'assistant' },
          content: { content_type: 'reasoning_recap', content: 'Thought for 3s' },
        },
        assistant('hidden weight', { weight: 0 }),
        assistant('   '),
        assistant('Here is the plot.'),
      ]),
    );
    expect(turns(c)).toEqual([
      'user: Plot a sine wave',
      'assistant: ```python\nimport numpy\n```\n\n[image]\n\nHere is the plot.',
    ]);
  });

  it('merges consecutive assistant messages into one turn', () => {
    const c = readConversation(
      conversation([user('Tell me a story'), assistant('Once upon'), assistant('a time.')]),
    );
    expect(turns(c)).toEqual(['user: Tell me a story', 'assistant: Once upon\n\na time.']);
  });

  it('reads voice chats from audio transcriptions and turns media into placeholders', () => {
    const voice = {
      author: { role: 'user' },
      content: {
        content_type: 'multimodal_text',
        parts: [
          {
            content_type: 'audio_transcription',
            text: 'What should I cook tonight?',
            direction: 'in',
          },
          {
            content_type: 'audio_asset_pointer',
            asset_pointer: 'sediment://file_1',
            format: 'wav',
          },
        ],
      },
    };
    const image = {
      author: { role: 'user' },
      content: {
        content_type: 'multimodal_text',
        parts: [
          { content_type: 'image_asset_pointer', asset_pointer: 'file-service://file-1' },
          'What is this?',
          null,
        ],
      },
      metadata: {
        attachments: [
          { name: 'photo.jpg', mime_type: 'image/jpeg' },
          { name: 'notes.pdf', mimeType: 'application/pdf' },
        ],
      },
    };
    const video = {
      author: { role: 'user' },
      content: {
        content_type: 'multimodal_text',
        parts: [
          {
            content_type: 'real_time_user_audio_video_asset_pointer',
            frames_asset_pointers: [{ asset_pointer: 'sediment://file_f1' }],
          },
          { content_type: 'audio_transcription', text: 'Look at this', direction: 'in' },
        ],
      },
    };
    const ctx = normalizeContext();
    const c = readConversation(
      conversation([voice, assistant('Pasta.'), image, assistant('A cat.'), video]),
      ctx,
    );
    expect(turns(c)).toEqual([
      'user: What should I cook tonight?',
      'assistant: Pasta.',
      'user: [image: photo.jpg]\nWhat is this?\n[file: notes.pdf]',
      'assistant: A cat.',
      'user: [video]\nLook at this',
    ]);
    expect(ctx.report.partTypes).toMatchObject({
      audio_transcription: 2,
      audio_asset_pointer: 1,
      image_asset_pointer: 1,
    });
  });

  it('removes citation markup and renders entities as their names', () => {
    const answer =
      'Lisbon \ue200entity\ue202["city","Lisbon","a capital"]\ue201 is sunny\ue200cite\ue202turn0search3\ue201. ' +
      'It has trams【4:0†source】 and entity["food","pastel de nata","a pastry"].:contentReference[oaicite:2]{index=2}';
    const c = readConversation(conversation([user('Where?'), assistant(answer)]));
    expect(c.messages[1]!.text).toBe('Lisbon Lisbon is sunny. It has trams and pastel de nata.');
  });

  it('keeps a visible user system message and drops other system messages', () => {
    const c = readConversation(
      conversation([
        {
          author: { role: 'system' },
          content: { content_type: 'text', parts: ['Be brief.'] },
          metadata: { is_user_system_message: true },
        },
        user('Hi'),
      ]),
    );
    expect(turns(c)).toEqual(['system: Be brief.', 'user: Hi']);
  });

  it('accepts 2026 messages without status, weight, metadata, recipient or children', () => {
    const raw = {
      conversation_id: 'c-2026',
      title: null,
      mapping: {
        b: {
          id: 'b',
          parent: 'a',
          message: {
            id: 'b',
            author: { role: 'assistant' },
            content: { content_type: 'text', parts: ['Hello'] },
            create_time: 1_760_000_010,
          },
        },
        a: {
          id: 'a',
          parent: null,
          message: {
            id: 'a',
            author: { role: 'user' },
            content: { content_type: 'text', parts: ['Hi'] },
            create_time: 1_760_000_000,
          },
        },
      },
      current_node: 'b',
    };
    const c = readConversation(raw);
    expect(c.id).toBe('c-2026');
    expect(c.title).toBeNull();
    expect(c.createdAt).toBe(1_760_000_000_000);
    expect(c.updatedAt).toBe(1_760_000_010_000);
    expect(turns(c)).toEqual(['user: Hi', 'assistant: Hello']);
  });

  it('drops one malformed node and keeps the rest of the conversation', () => {
    const ctx = normalizeContext();
    const c = readConversation(
      conversation([
        user('first'),
        { content: { content_type: 'text', parts: ['no author'] } },
        assistant('second'),
      ]),
      ctx,
    );
    expect(turns(c)).toEqual(['user: first', 'assistant: second']);
    expect(ctx.report.messagesDropped).toBe(1);
  });

  it('skips a conversation without a mapping, naming the field and never its value', () => {
    const ctx = normalizeContext();
    const noMapping = normalizeConversation(
      { id: 'x', title: 'secret title', mapping: 'oops' },
      ctx,
    );
    expect(noMapping).toMatchObject({
      kind: 'skipped',
      skipped: { id: 'x', title: 'secret title', reason: 'invalid_shape' },
    });
    expect(noMapping.kind === 'skipped' && noMapping.skipped.detail).toMatch(/^mapping: /);
    expect(noMapping.kind === 'skipped' && noMapping.skipped.detail).not.toContain('oops');
    const notAnObject = normalizeConversation(['a', 'list'], ctx);
    expect(notAnObject).toMatchObject({ kind: 'skipped', skipped: { reason: 'invalid_shape' } });
    expect(ctx.report.skipped).toEqual({ invalid_shape: 2 });
  });

  it('skips do-not-remember conversations unless asked to include them', () => {
    const raw = conversation([user('private')], { is_do_not_remember: true });
    expect(normalizeConversation(raw, normalizeContext())).toMatchObject({
      kind: 'skipped',
      skipped: { reason: 'do_not_remember', id: 'c1' },
    });
    const included = readConversation(raw, normalizeContext(true));
    expect(included.doNotRemember).toBe(true);
  });

  it('skips a conversation with nothing visible', () => {
    const item = normalizeConversation(
      conversation([assistant('', { weight: 0 })]),
      normalizeContext(),
    );
    expect(item).toMatchObject({ kind: 'skipped', skipped: { reason: 'no_messages' } });
  });

  it('harvests custom instructions, the newest memory snapshot and deduplicated memory writes', () => {
    const ctx = normalizeContext();
    const instructions = (aboutUser: string) => ({
      author: { role: 'user' },
      content: {
        content_type: 'user_editable_context',
        user_profile: 'The user provided…',
        user_instructions: '',
      },
      metadata: {
        user_context_message_data: {
          about_user_message: aboutUser,
          about_model_message: 'Be direct.',
        },
        is_visually_hidden_from_conversation: true,
      },
      weight: 0,
    });
    const snapshot = (text: string) => ({
      author: { role: 'system' },
      content: { content_type: 'model_editable_context', model_set_context: text },
      weight: 0,
    });
    const bio = (text: string) => assistant(text, { recipient: 'bio', channel: 'commentary' });
    readConversation(
      conversation(
        [
          instructions('I am Ana, a nurse.'),
          snapshot('1. [2024-01-01]. Likes tea.'),
          user('hi'),
          bio('Ana likes tea'),
          assistant('ok'),
        ],
        { update_time: 1_700_000_000 },
      ),
      ctx,
    );
    readConversation(
      conversation(
        [
          instructions('I am Ana, a nurse in Porto.'),
          snapshot(''),
          user('hi'),
          bio('ana  LIKES tea'),
          bio('Ana has a dog named Rui'),
        ],
        { update_time: 1_800_000_000 },
      ),
      ctx,
    );
    readConversation(
      conversation([instructions('Old text'), snapshot('1. [2023-01-01]. Old.'), user('hi')], {
        update_time: 1_600_000_000,
      }),
      ctx,
    );
    expect(ctx.account.result()).toEqual({
      customInstructions: { aboutUser: 'I am Ana, a nurse in Porto.', aboutModel: 'Be direct.' },
      memorySnapshot: [{ text: 'Likes tea.', date: '2024-01-01' }],
      memoryWrites: ['Ana likes tea', 'Ana has a dog named Rui'],
    });
  });

  it('reads the older custom-instructions form and the fenced user_editable_context text', () => {
    const ctx = normalizeContext();
    const fenced = {
      author: { role: 'user' },
      content: {
        content_type: 'user_editable_context',
        user_profile:
          'The user provided the following information about themselves:\n```\nI teach maths.\n```',
        user_instructions:
          'The user provided the additional info about how they would like you to respond:\n```Use metric units.```',
      },
    };
    readConversation(conversation([fenced, user('hi')]), ctx);
    expect(ctx.account.result().customInstructions).toEqual({
      aboutUser: 'I teach maths.',
      aboutModel: 'Use metric units.',
    });
  });
});
