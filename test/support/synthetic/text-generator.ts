import type { Prng } from './prng.js';
import { TITLE_SUFFIXES, type Topic } from './topics.js';
import {
  ACCENTED,
  ADJECTIVES,
  ADVERBS,
  CONNECTORS,
  DETERMINERS,
  NOUNS,
  PREPOSITIONS,
  PRONOUNS,
  VERBS,
  VERBS_3RD,
} from './vocabulary.js';

const capitalise = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);
const article = (next: string): string => (/^[aeiou]/i.test(next) ? 'an' : 'a');

/**
 * Plausible English-ish chat text, fast: sentences are filled templates over fixed word lists,
 * biased towards one topic so a conversation reads as being about something.
 */
export class TextGenerator {
  constructor(
    private readonly rng: Prng,
    readonly topic: Topic,
    private readonly scale = 1,
  ) {}

  noun(): string {
    const rng = this.rng;
    if (rng.chance(0.4)) return rng.pick(this.topic.nouns);
    return rng.chance(0.01) ? rng.pick(ACCENTED) : rng.pick(NOUNS);
  }

  private phrase(): string {
    const rng = this.rng;
    const determiner = rng.pick(DETERMINERS);
    const rest = rng.chance(0.5) ? `${rng.pick(ADJECTIVES)} ${this.noun()}` : this.noun();
    return `${determiner === 'a' ? article(rest) : determiner} ${rest}`;
  }

  sentence(): string {
    const rng = this.rng;
    switch (rng.int(0, 6)) {
      case 0:
        return `${capitalise(this.phrase())} ${rng.pick(VERBS_3RD)} ${this.phrase()} ${rng.pick(PREPOSITIONS)} ${this.phrase()}.`;
      case 1:
        return `${rng.pick(CONNECTORS)}, you can ${rng.pick(VERBS)} ${this.phrase()} ${rng.pick(PREPOSITIONS)} ${this.phrase()}.`;
      case 2:
        return `If you ${rng.pick(VERBS)} ${this.phrase()}, ${rng.pick(PRONOUNS)} ${rng.pick(ADVERBS)} ${rng.pick(VERBS_3RD)} ${this.phrase()}.`;
      case 3:
        return `This ${rng.pick(VERBS_3RD)} ${this.phrase()} and ${rng.pick(VERBS_3RD)} ${this.phrase()}.`;
      case 4:
        return `${capitalise(rng.pick(ADVERBS))}, ${this.phrase()} of ${this.noun()} ${rng.pick(VERBS_3RD)} ${this.phrase()}.`;
      case 5:
        return `It is ${rng.pick(ADJECTIVES)} to ${rng.pick(VERBS)} ${this.phrase()} before you ${rng.pick(VERBS)} ${this.phrase()}.`;
      default:
        return `Try to ${rng.pick(VERBS)} ${this.phrase()} ${rng.pick(ADVERBS)}, then ${rng.pick(VERBS)} ${this.phrase()}.`;
    }
  }

  question(): string {
    const rng = this.rng;
    switch (rng.int(0, 4)) {
      case 0:
        return `How do I ${rng.pick(VERBS)} ${this.phrase()} ${rng.pick(PREPOSITIONS)} my ${this.noun()}?`;
      case 1:
        return `What is the best way to ${rng.pick(VERBS)} ${this.phrase()}?`;
      case 2:
        return `Can you explain why my ${this.noun()} ${rng.pick(VERBS_3RD)} ${this.phrase()}?`;
      case 3:
        return `Could you help me ${rng.pick(VERBS)} ${this.phrase()} for ${this.phrase()}?`;
      default:
        return `Should I ${rng.pick(VERBS)} ${this.phrase()} or ${rng.pick(VERBS)} ${this.phrase()} first?`;
    }
  }

  paragraph(sentences: number): string {
    const parts: string[] = [];
    for (let i = 0; i < sentences; i++) parts.push(this.sentence());
    return parts.join(' ');
  }

  private count(mean: number, min = 1): number {
    return Math.max(min, Math.round(this.rng.exponential(mean * this.scale)));
  }

  /** A user turn: a question with some context, sometimes a long paste. */
  userText(): string {
    const rng = this.rng;
    const lead = rng.chance(0.6) ? `${this.paragraph(this.count(1.5))} ` : '';
    const text = `${lead}${this.question()}`;
    if (rng.chance(0.04)) return `${text}\n\n${this.paragraph(this.count(18, 6))}`;
    return rng.chance(0.3) ? `${text} ${this.sentence()}` : text;
  }

  /** A markdown-ish assistant answer: paragraphs, sometimes a list, a heading or a code block. */
  answer(): string {
    const rng = this.rng;
    const blocks = [this.paragraph(this.count(2.6, 2))];
    if (rng.chance(0.5)) {
      if (rng.chance(0.4))
        blocks.push(`### ${capitalise(this.noun())} ${rng.pick(TITLE_SUFFIXES)}`);
      const items = this.count(4, 2);
      const numbered = rng.chance(0.4);
      const lines: string[] = [];
      for (let i = 1; i <= items; i++) {
        const bullet = numbered ? `${i}.` : '-';
        lines.push(`${bullet} **${capitalise(this.noun())}**: ${this.sentence()}`);
      }
      blocks.push(lines.join('\n'));
    }
    if (this.topic.code && rng.chance(0.45)) blocks.push(this.codeBlock());
    const more = rng.chance(0.6) ? 1 : 0;
    for (let i = 0; i < more; i++) blocks.push(this.paragraph(this.count(3)));
    if (rng.chance(0.35)) blocks.push(`Would you like me to ${rng.pick(VERBS)} ${this.phrase()}?`);
    return blocks.join('\n\n');
  }

  codeBlock(): string {
    const rng = this.rng;
    const name = `${rng.pick(VERBS)}${capitalise(this.noun().replace(/[^a-z]/gi, ''))}`;
    const lines = [`def ${name}(${rng.pick(NOUNS).replace(/-/g, '_')}):`];
    const body = rng.int(2, 6);
    for (let i = 0; i < body; i++) {
      lines.push(`    # ${this.sentence().toLowerCase()}`);
      lines.push(
        `    result_${i} = ${rng.pick(VERBS)}(${rng.pick(NOUNS).replace(/-/g, '_')}, ${rng.int(1, 99)})`,
      );
    }
    lines.push(`    return result_${body - 1}`);
    return `\`\`\`python\n${lines.join('\n')}\n\`\`\``;
  }

  /** Python-ish code as sent to the Code Interpreter tool. */
  toolCode(): string {
    const rng = this.rng;
    const variable = rng.pick(['df', 'data', 'values', 'rows']);
    return [
      'import pandas as pd',
      `${variable} = pd.read_csv('/mnt/data/${this.noun().replace(/[^a-z]/gi, '')}.csv')`,
      `${variable}.groupby('${rng.pick(NOUNS)}')['${rng.pick(NOUNS)}'].${rng.pick(['mean', 'sum', 'count'])}()`,
    ].join('\n');
  }

  title(): string {
    const rng = this.rng;
    const head = rng.chance(0.5)
      ? `${capitalise(rng.pick(ADJECTIVES))} ${this.noun()}`
      : capitalise(this.noun());
    return `${head} ${rng.pick(TITLE_SUFFIXES)}`;
  }
}
