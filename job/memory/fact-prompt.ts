import { z } from 'zod';
import type { FactCategory } from '../../core/db/index.js';
import type { LlmRequest } from '../llm/llm-client.js';
import { wrapConversations } from '../llm/wrap-conversations.js';
import { MAX_OUTPUT_TOKENS } from './fact-budget.js';
import type { FactBatch } from './pack-fact-inputs.js';

/** The most facts one answer should hold (keeps the output, and the cost, bounded). */
export const MAX_FACTS_PER_CALL = 40;

const INSTRUCTIONS = `You help an AI companion remember the person it talks with. You are given excerpts of that person's earlier chats with other AI assistants and you list durable facts about the person.

What to look for, by category:
- identity: name, age, where they live or come from, their work or studies.
- relationships: people and animals in their life, by name and role.
- preferences: likes, dislikes, habits, diet, tastes, how they like things done.
- projects: what they are building, writing, learning, training for or leading.
- dates: birthdays, weddings, exams, moves, deadlines and other dated events.
- beliefs: opinions, values and principles they hold.
- decisions: choices they made or are making, with the reason when given.

Rules:
- Only facts about the person who wrote the user messages. Assistant messages are context, never a source of facts about the person.
- Skip passing task details (code being debugged, an email being drafted) unless they reveal something lasting about the person.
- Write each fact as one short statement about the person, without naming them as the subject: "Lives in Lyon", "Has a daughter, Mia, born in 2019", "Prefers tea to coffee".
- evidence: the person's own words that support the fact, copied, at most 20 words.
- conversationId: the n of the <conversation> the fact comes from.
- date: only when the fact is about a specific date or period, as stated or as YYYY-MM-DD; otherwise leave it out. Each <conversation> carries the date it took place: use it to turn relative dates ("next month") into real ones.
- The excerpts were shortened: "…" marks removed text and [code] or [log] removed code or logs.
- At most ${MAX_FACTS_PER_CALL} facts: keep the most specific and lasting. When there are none, answer {"facts": []}.

Answer with one JSON object and nothing else:
{"facts": [{"category": "identity|relationships|preferences|projects|dates|beliefs|decisions", "fact": "...", "evidence": "...", "conversationId": 1, "date": "..."}]}`;

const CATEGORY_NAMES: Record<string, FactCategory> = {
  identity: 'identity',
  relationships: 'relationships',
  relationship: 'relationships',
  people: 'relationships',
  preferences: 'preferences',
  preference: 'preferences',
  projects: 'projects',
  project: 'projects',
  dates: 'dates',
  date: 'dates',
  beliefs: 'beliefs',
  belief: 'beliefs',
  values: 'beliefs',
  decisions: 'decisions',
  decision: 'decisions',
};

/** The category a model wrote, in our vocabulary; null for anything else. */
export function factCategory(name: string): FactCategory | null {
  return CATEGORY_NAMES[name.trim().toLowerCase()] ?? null;
}

/**
 * The answer's shape. Deliberately lenient per item (any category string, evidence and date
 * optional): one odd item is dropped by `extractFacts`, not a reason to ask the model again.
 */
export const factAnswerSchema = z.object({
  facts: z.array(
    z.object({
      category: z.string(),
      fact: z.string(),
      evidence: z.string().nullish(),
      conversationId: z.union([z.number(), z.string()]),
      date: z.string().nullish(),
    }),
  ),
});

export type FactAnswer = z.output<typeof factAnswerSchema>;

export interface FactPrompt {
  request: LlmRequest;
  /** The block's tag, for tests. */
  tag: string;
}

/** One extraction call: our instructions plus the data rule, the excerpts in the nonce block. */
export function buildFactPrompt(batch: FactBatch, options: { nonce?: string } = {}): FactPrompt {
  const wrapped = wrapConversations(
    batch.inputs.map((input) => ({
      title: input.title,
      createdAt: input.at,
      messages: input.messages,
    })),
    options.nonce === undefined ? {} : { nonce: options.nonce },
  );
  return {
    tag: wrapped.tag,
    request: {
      system: `${INSTRUCTIONS}\n\n${wrapped.rule}`,
      messages: [
        {
          role: 'user',
          content: `${wrapped.data}\n\nList the durable facts about the person in these excerpts, as the JSON object described in your instructions.`,
        },
      ],
      maxTokens: MAX_OUTPUT_TOKENS,
      temperature: 0,
      purpose: 'facts',
    },
  };
}
