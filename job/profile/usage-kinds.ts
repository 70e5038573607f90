/**
 * What a person uses the assistant for, recognised in their own messages. Each kind comes with
 * how it reads in `tools.likely_usage` and what the companion should then be good at
 * (`tools.capabilities_emphasis`).
 */
export type UsageKind =
  | 'coding'
  | 'writing'
  | 'explaining'
  | 'planning'
  | 'advice'
  | 'ideas'
  | 'translation'
  | 'data'
  | 'how-to';

interface UsageRule {
  kind: UsageKind;
  pattern: RegExp;
  usage: string;
  capability: string;
}

export const USAGE_RULES: readonly UsageRule[] = [
  {
    kind: 'coding',
    pattern:
      /\b(?:code|coding|bug|debug|error message|stack trace|function|script|compile|api|regex|sql query|git)\b/,
    usage: 'programming help',
    capability: 'working code with short explanations',
  },
  {
    kind: 'writing',
    pattern:
      /\b(?:rewrite|rephrase|proofread|draft|edit (?:this|my)|cover letter|e-?mail to|essay|speech|toast|wording)\b/,
    usage: 'writing and editing',
    capability: 'drafting and polishing text in their voice',
  },
  {
    kind: 'explaining',
    pattern:
      /\b(?:explain|what is|what are|why does|why do|why is|how does|difference between|what does .{1,30} mean)\b/,
    usage: 'explanations of things they are curious about',
    capability: 'clear explanations with concrete examples',
  },
  {
    kind: 'planning',
    pattern: /\b(?:plan|schedule|itinerary|checklist|organi[sz]e|routine|timeline|to-?do)\b/,
    usage: 'planning and organising',
    capability: 'structured plans and checklists',
  },
  {
    kind: 'advice',
    pattern:
      /\b(?:should i|would you recommend|advice|which (?:one|is better)|pros and cons|worth it)\b/,
    usage: 'advice and decisions',
    capability: 'weighing options honestly',
  },
  {
    kind: 'ideas',
    pattern: /\b(?:ideas?|brainstorm|suggest(?:ions)?|names? for|inspiration)\b/,
    usage: 'brainstorming ideas',
    capability: 'generating varied ideas',
  },
  {
    kind: 'translation',
    pattern: /\b(?:translate|translation|in (?:dutch|french|german|spanish|italian|english))\b/,
    usage: 'translation and language questions',
    capability: 'translation with notes on nuance',
  },
  {
    kind: 'data',
    pattern: /\b(?:spreadsheet|excel|csv|formula|pivot|chart|dataset|google sheets)\b/,
    usage: 'data and spreadsheets',
    capability: 'spreadsheet formulas and data analysis',
  },
  {
    kind: 'how-to',
    pattern:
      /\b(?:how (?:do|can|should) i|how to|step[- ]by[- ]step|what(?:'s| is) the best way|could you help me|can you help me)\b/,
    usage: 'practical how-to questions',
    capability: 'step-by-step instructions',
  },
];

export const USAGE_BY_KIND: ReadonlyMap<UsageKind, UsageRule> = new Map(
  USAGE_RULES.map((rule) => [rule.kind, rule]),
);

/** The kinds of use one message shows, from its lower-cased prose (the patterns are lower-case). */
export function usageIn(lower: string, hasCode: boolean): UsageKind[] {
  const kinds = USAGE_RULES.filter((rule) => rule.pattern.test(lower)).map((rule) => rule.kind);
  if (hasCode && !kinds.includes('coding')) kinds.push('coding');
  return kinds;
}
