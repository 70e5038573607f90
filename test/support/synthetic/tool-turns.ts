import type { ConversationContext, JsonObject } from './conversation-context.js';
import { assistantMetadata, message, toolMetadata } from './message-factory.js';
import type { TreeBuilder } from './tree-builder.js';

function addToolCall(
  tree: TreeBuilder,
  ctx: ConversationContext,
  recipient: string,
  language: string,
  code: string,
): string {
  const id = ctx.rng.uuid();
  const parent = tree.tip!;
  tree.add(
    id,
    message({
      id,
      role: 'assistant',
      content: { content_type: 'code', language, response_format_name: null, text: code },
      time: ctx.clock.tick(4),
      endTurn: false,
      metadata: assistantMetadata(ctx, parent),
      recipient,
    }),
  );
  return id;
}

function addToolReply(
  tree: TreeBuilder,
  ctx: ConversationContext,
  name: string,
  content: JsonObject,
  extra: JsonObject = {},
): void {
  const id = ctx.rng.uuid();
  const parent = tree.tip!;
  // Tool results sometimes carry a time a few ms before their parent's, as real exports do.
  const time = ctx.rng.chance(0.1) ? ctx.clock.now - 0.004 : ctx.clock.tick(2);
  tree.add(
    id,
    message({
      id,
      role: 'tool',
      name,
      content,
      time: Math.round(time * 1e6) / 1e6,
      metadata: toolMetadata(ctx, parent, extra),
      recipient: 'assistant',
    }),
  );
}

/** Code Interpreter: one or two rounds of `code` to `python` and `execution_output` back. */
export function addCodeInterpreter(tree: TreeBuilder, ctx: ConversationContext): void {
  const rounds = ctx.rng.int(1, 2);
  for (let round = 0; round < rounds; round++) {
    const code = ctx.text.toolCode();
    addToolCall(tree, ctx, 'python', 'python', code);
    const image = ctx.rng.chance(0.25);
    const output = image
      ? '\n<<ImageDisplayed>>'
      : ctx.rng.chance(0.05)
        ? 'Code execution state reset.'
        : `${ctx.rng.int(1, 999)}.${ctx.rng.int(10, 99)}`;
    const runId = ctx.rng.uuid();
    addToolReply(
      tree,
      ctx,
      'python',
      { content_type: 'execution_output', text: output },
      {
        aggregate_result: {
          status: 'success',
          run_id: runId,
          start_time: ctx.clock.now,
          update_time: ctx.clock.now + 0.4,
          code,
          end_time: ctx.clock.now + 0.5,
          final_expression_output: image ? null : output,
          in_kernel_exception: null,
          system_exception: null,
          messages: image
            ? [
                {
                  message_type: 'image',
                  time: ctx.clock.now,
                  sender: 'server',
                  image_payload: null,
                  image_url: `file-service://file-${ctx.rng.base62(22)}`,
                },
              ]
            : [],
          jupyter_messages: [
            {
              msg_type: 'status',
              parent_header: { msg_id: ctx.rng.hex(16), version: '5.3' },
              content: { execution_state: 'busy' },
            },
          ],
          timeout_triggered: null,
        },
        is_complete: true,
      },
    );
  }
}

export interface BrowsingResult {
  /** Appended to the final answer: `【n†source】` markers or private-use citation spans. */
  markers: string;
  /** Metadata for the final answer (`citations` or `content_references`). */
  metadata: JsonObject;
}

/** Browsing: search, results display, quotes, and the citations the final answer will carry. */
export function addBrowsing(tree: TreeBuilder, ctx: ConversationContext): BrowsingResult {
  const query = ctx.text.title();
  const domains = [
    'en.wikipedia.org',
    'www.bbc.co.uk',
    'www.theverge.com',
    'docs.python.org',
    'www.nytimes.com',
    'stackoverflow.com',
    'www.reddit.com',
  ];
  const picked = ctx.rng.shuffled(domains).slice(0, 3);
  const tetherId = ctx.year >= 2024 ? ctx.rng.uuid() : null;
  addToolCall(tree, ctx, 'browser', 'unknown', `search(${JSON.stringify(query)})`);
  const listing = picked
    .map((domain, i) => `# 【${i}†${ctx.text.title()}†${domain}】\n${ctx.text.paragraph(2)}`)
    .join('\n');
  addToolReply(
    tree,
    ctx,
    'browser',
    {
      content_type: 'tether_browsing_display',
      result: listing,
      summary: null,
      assets: null,
      tether_id: tetherId,
    },
    { command: 'search', args: [query], status: 'finished' },
  );
  addToolCall(tree, ctx, 'browser', 'unknown', `mclick([${picked.map((_, i) => i).join(', ')}])`);
  const citations: JsonObject[] = [];
  for (const [i, domain] of picked.entries()) {
    const url = `https://${domain}/${ctx.text.noun().replace(/[^a-z]/gi, '')}-${ctx.rng.int(100, 9999)}`;
    const title = ctx.text.title();
    addToolReply(
      tree,
      ctx,
      'browser',
      {
        content_type: 'tether_quote',
        url,
        domain,
        text: ctx.text.paragraph(ctx.rng.int(3, 8)),
        title,
        tether_id: tetherId,
      },
      { command: 'mclick', status: 'finished' },
    );
    citations.push({
      start_ix: 0,
      end_ix: 0,
      citation_format_type: 'tether_og',
      metadata: {
        type: 'webpage',
        title,
        url,
        text: '',
        pub_date: null,
        extra: { cited_message_idx: i + 1, evidence_text: 'source' },
      },
    });
  }
  if (ctx.year >= 2025) {
    const markers = picked.map((_, i) => ` \ue200cite\ue202turn0search${i}\ue201`).join('');
    const references = picked.map((domain, i) => ({
      matched_text: `\ue200cite\ue202turn0search${i}\ue201`,
      start_idx: 0,
      end_idx: 0,
      type: 'grouped_webpages',
      items: [{ title: domain, url: `https://${domain}/`, attribution: domain }],
      safe_urls: [`https://${domain}/`],
      refs: [],
    }));
    return { markers, metadata: { content_references: references, search_result_groups: [] } };
  }
  return {
    markers: picked.map((_, i) => ` 【${i}†source】`).join(''),
    metadata: {
      citations,
      _cite_metadata: { citation_format: { name: 'tether_og' }, metadata_list: [] },
    },
  };
}
