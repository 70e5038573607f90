/**
 * The full pass's default size, chosen so that a heavy user's export (20,000 conversations)
 * costs about $1–2 with Claude Haiku 4.5 ($1 per million input tokens, $5 per million output):
 *
 *   excerpt tokens (the budget)            1,000,000
 *   calls: 1,000,000 / 8,000 per call      ≈ 126 (first-fit packing leaves ~1 % slack)
 *   prompt overhead per call               ≈ 650 tokens (instructions and the data rule)
 *   input: 1,000,000 + 126 × 650           ≈ 1.08 M tokens  → $1.08
 *   output: ~25 facts × ~45 tokens ≈ 1,100 tokens per call
 *           126 × 1,100                    ≈ 0.14 M tokens  → $0.69
 *   total                                  ≈ $1.77 expected
 *   worst case: every answer at the 3,000-token cap (the prompt asks for ≤ 40 facts):
 *           126 × 3,000 ≈ 0.38 M → $1.89, total ≈ $2.97
 *
 * `npm run bench:facts` measures the input side on a synthetic 20,000-conversation export. A
 * smaller export simply uses less: the budget is a ceiling, not a target. For comparison, the
 * old pass sent every ~2,000-token chunk of everything (≈ 80 M input tokens, ≈ $80 + output).
 */

/** Excerpt tokens the collector keeps at most (all calls together). */
export const DEFAULT_FACT_TOKEN_BUDGET = 1_000_000;

/** Excerpt tokens per extraction call (several small conversations share one call). */
export const DEFAULT_TOKENS_PER_CALL = 8_000;

/** The answer's output budget per call (the prompt asks for at most 40 facts). */
export const MAX_OUTPUT_TOKENS = 3_000;

/** No conversation takes more than this much of the budget (its best pieces are kept). */
export const MAX_EXCERPT_TOKENS = 1_500;
