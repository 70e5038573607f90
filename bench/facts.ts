/**
 * `npm run bench:facts`: the full pass's fact selection against the old approach, on a
 * synthetic 20,000-conversation export with planted facts (bench/facts/facts-export.ts),
 * measured in the same run:
 * - old: every ~2,000-token chunk of every conversation sent whole (bench/facts/old-chunks.ts);
 *   counted, not called;
 * - ours: FactInputCollector during the one streamed read, packed into calls, prompts built by
 *   the real prompt builder;
 * then input tokens, calls, coverage (bench/facts/coverage.ts) and cost side by side, and the
 * real full pass (runFullPass) against the loopback fake Messages API answering after 2 s per
 * call at the default concurrency (5), beside the old approach's projected time.
 */
import { randomUUID } from 'node:crypto';
import { ensureLocalUser, openDatabase, startImport } from '../core/db/index.js';
import { ExportReader } from '../job/export/read-export.js';
import { createAnthropicClient } from '../job/llm/anthropic-client.js';
import { LlmCaller } from '../job/llm/llm-caller.js';
import { HAIKU_4_5_PRICES } from '../job/llm/llm-pricing.js';
import { DEFAULT_FACT_TOKEN_BUDGET } from '../job/memory/fact-budget.js';
import { FactInputCollector } from '../job/memory/fact-input-collector.js';
import { buildFactPrompt } from '../job/memory/fact-prompt.js';
import { packFactInputs } from '../job/memory/pack-fact-inputs.js';
import { runFullPass } from '../job/memory/run-full-pass.js';
import {
  type MessagesRequestBody,
  messageReply,
  startFakeAnthropic,
} from '../test/fakes/anthropic-messages-server.js';
import type { RecordedRequest } from '../test/fakes/scripted-json-server.js';
import { coverageBreakdown, eligibleFacts, WordSet } from './facts/coverage.js';
import { ensureFactsExport } from './facts/facts-export.js';
import { oldChunks } from './facts/old-chunks.js';

const LATENCY_MS = 2_000;
const CONCURRENCY = 5;
/** Expected answer per call: ours ≤ 40 facts (~1,100 tokens); an old 2,000-token chunk ~300. */
const OUTPUT_PER_CALL = { ours: 1_100, old: 300 };

const int = (n: number) => Math.round(n).toLocaleString('en-US');
const pct = (part: number, whole: number) => `${((100 * part) / whole).toFixed(1)} %`;
const usd = (n: number) => `$${n.toFixed(2)}`;
const tokensOf = (chars: number) => Math.ceil(chars / 4);
const inputUsd = (tokens: number) => (tokens * HAIKU_4_5_PRICES.inputPerMTok) / 1e6;
const outputUsd = (tokens: number) => (tokens * HAIKU_4_5_PRICES.outputPerMTok) / 1e6;
const row = (cells: string[], widths: number[]) =>
  cells
    .map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!)))
    .join('  ');

async function main(): Promise<void> {
  const { path, facts } = await ensureFactsExport();
  const eligible = eligibleFacts(facts);

  // One streamed read, as in the job: our collector and the old chunking see each conversation.
  const collector = new FactInputCollector({ tokenBudget: DEFAULT_FACT_TOKEN_BUDGET });
  const old = { calls: 0, chars: 0, words: new WordSet() };
  let selectMs = 0;
  const reader = await ExportReader.open(path);
  const readStarted = performance.now();
  for await (const item of reader.items()) {
    if (item.kind !== 'conversation') continue;
    const started = performance.now();
    collector.add(item.conversation);
    selectMs += performance.now() - started;
    for (const chunk of oldChunks(item.conversation)) {
      old.calls++;
      old.chars += chunk.length;
      old.words.add(chunk);
    }
  }
  const readMs = performance.now() - readStarted;
  const conversations = reader.report().conversations;

  // Our prompts, built by the same code the full pass uses.
  const batches = packFactInputs(collector.inputs());
  const ours = { calls: batches.length, chars: 0, words: new WordSet() };
  for (const batch of batches) {
    const { request } = buildFactPrompt(batch);
    const content = request.messages[0]!.content;
    ours.chars += request.system.length + content.length;
    ours.words.add(content);
  }
  const empty = buildFactPrompt({ inputs: [], tokens: 0 }).request;
  const promptChars = empty.system.length + empty.messages[0]!.content.length;
  const oldTokens = tokensOf(old.chars + old.calls * promptChars);
  const ourTokens = tokensOf(ours.chars);
  const lines = coverageBreakdown(eligible, ours.words, old.words);
  const all = lines[0]!;

  console.log(
    `${int(conversations.read)} conversations read (${int(conversations.skipped)} skipped as do-not-remember) from ${path}`,
  );
  console.log(
    `${int(facts.length)} planted facts; ${int(eligible.length)} eligible (active branch, not do-not-remember)\n`,
  );
  const widths = [34, 13, 8, 9, 9, 13];
  console.log(
    row(['approach', 'input tokens', 'calls', 'coverage', 'input $', 'est. total $'], widths),
  );
  const line = (name: string, tokens: number, calls: number, covered: number, out: number) =>
    console.log(
      row(
        [
          name,
          int(tokens),
          int(calls),
          pct(covered, all.facts),
          usd(inputUsd(tokens)),
          usd(inputUsd(tokens) + outputUsd(calls * out)),
        ],
        widths,
      ),
    );
  line('old: every ~2,000-token chunk', oldTokens, old.calls, all.old, OUTPUT_PER_CALL.old);
  line('ours: selection under budget', ourTokens, ours.calls, all.ours, OUTPUT_PER_CALL.ours);
  console.log(
    row(['ours / old', pct(ourTokens, oldTokens), pct(ours.calls, old.calls), '', '', ''], widths),
  );
  const target = all.ours / all.facts >= 0.98 && ourTokens <= 0.25 * oldTokens;
  console.log(
    `target (coverage ≥ 98 % with ≤ 25 % of the old input tokens): ${target ? 'met' : 'MISSED'}`,
  );
  console.log(
    `(input tokens = characters / 4 of the whole prompt, our ${int(tokensOf(promptChars))}-token instructions counted for both; ` +
      `est. output ${int(OUTPUT_PER_CALL.ours)} tokens per call for ours, ${int(OUTPUT_PER_CALL.old)} per old chunk; Haiku 4.5 $1/M in, $5/M out)\n`,
  );

  const cov = [34, 7, 10, 10];
  console.log(row(['coverage by where the fact sits', 'facts', 'ours', 'old'], cov));
  for (const l of lines)
    console.log(row([l.label, int(l.facts), pct(l.ours, l.facts), pct(l.old, l.facts)], cov));

  const report = collector.report();
  console.log('\nselection report (tokens are characters / 4):');
  console.log(
    `  user text seen ${int(report.tokens.userText)} tokens in ${int(report.userMessages.seen)} messages; ` +
      `low-signal ${int(report.userMessages.lowSignal)} messages (${int(report.tokens.lowSignal)} tokens); ` +
      `near-duplicates ${int(report.userMessages.duplicates)}`,
  );
  console.log(
    `  candidates ${int(report.tokens.candidates)} tokens in ${int(report.userMessages.candidates)} pieces; ` +
      `dropped by the budget ${int(report.tokens.droppedByBudget)} tokens (${int(report.userMessages.droppedByBudget)} pieces, ` +
      `${int(report.conversations.droppedByBudget)} conversations); selected ${int(report.tokens.selected)} of ${int(report.tokenBudget)}`,
  );
  console.log(
    `  trimmed chars: blobs ${int(report.trimmedChars.blobs)}, code ${int(report.trimmedChars.code)}, ` +
      `logs ${int(report.trimmedChars.logs)}, scaffolding ${int(report.trimmedChars.scaffolding)}; ` +
      `assistant questions kept ${int(report.assistantContextTurns)}`,
  );
  console.log(
    `  streamed read + old chunking ${(readMs / 1000).toFixed(1)} s, of which our selection ${(selectMs / 1000).toFixed(1)} s\n`,
  );

  await liveRun(collector, reader.accountContext(), old.calls, eligible);
}

/** The real full pass against the fake Messages API with 2 s per call. */
async function liveRun(
  collector: FactInputCollector,
  account: ReturnType<ExportReader['accountContext']>,
  oldCalls: number,
  eligible: ReturnType<typeof eligibleFacts>,
): Promise<void> {
  const fake = await startFakeAnthropic();
  const received = new WordSet();
  fake.handle((request: RecordedRequest<MessagesRequestBody>) => {
    const content = request.body.messages[0]!.content as string;
    received.add(content);
    const title = /<conversation n="1"(?: title="([^"]*)")?/.exec(content)?.[1] ?? 'a chat';
    const text = JSON.stringify({
      facts: [
        { category: 'projects', fact: `Talked about ${title}`, evidence: '', conversationId: 1 },
      ],
    });
    return messageReply({
      text,
      delayMs: LATENCY_MS,
      usage: {
        input_tokens: tokensOf(request.rawBody.length),
        output_tokens: tokensOf(text.length),
      },
    });
  });
  const db = await openDatabase({ kind: 'embedded', dataDir: 'memory://' });
  try {
    const ref = { userId: randomUUID(), importId: randomUUID() };
    await ensureLocalUser(db, ref.userId);
    await startImport(db, ref);
    const llm = new LlmCaller({
      client: createAnthropicClient({
        apiKey: 'sk-ant-bench-facts',
        baseURL: fake.url,
        model: 'claude-haiku-4-5',
        timeoutMs: 60_000,
      }),
      maxConcurrency: CONCURRENCY,
      timeoutMs: 60_000,
    });
    const started = performance.now();
    const result = await runFullPass({ factInputs: collector, account, llm, db, ...ref });
    const wallS = (performance.now() - started) / 1000;
    const cost = llm.costReport();
    const covered = eligible.filter((f) => received.covered(f)).length;
    const projectedOldS = (oldCalls * LATENCY_MS) / 1000 / CONCURRENCY;
    console.log(
      `full pass against the fake Messages API (${LATENCY_MS / 1000} s per call, concurrency ${CONCURRENCY}):`,
    );
    const w = [34, 8, 12];
    console.log(row(['', 'calls', 'wall time'], w));
    console.log(
      row(['ours: runFullPass, measured', int(result.calls), `${wallS.toFixed(1)} s`], w),
    );
    console.log(
      row(
        [
          'old: projected (calls × 2 s / 5)',
          int(oldCalls),
          `${int(projectedOldS)} s (${(projectedOldS / 3600).toFixed(1)} h)`,
        ],
        w,
      ),
    );
    console.log(
      `  failed calls ${result.failedCalls}; most in flight ${fake.maxInFlight}; facts saved ${int(result.facts)}; ` +
        `coverage in the prompts the fake received ${pct(covered, eligible.length)}`,
    );
    console.log(
      `  cost report through the caller: ${int(cost.byPurpose.facts?.inputTokens ?? 0)} input + ` +
        `${int(cost.byPurpose.facts?.outputTokens ?? 0)} output tokens (the fake's tiny answers) = ${usd(cost.usd)}`,
    );
  } finally {
    await db.close();
    await fake.close();
  }
}

await main();
