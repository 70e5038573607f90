/**
 * Times in an export. ChatGPT writes float epoch seconds; some values are already milliseconds
 * (above 1e12), and 2026 shards from some tools carry ISO-8601 strings
 * (`"2026-03-01T10:00:00Z"`). A time outside what a JavaScript `Date` can hold (±8.64e15 ms),
 * or one that is not a time at all, is treated as missing: it never fails a conversation.
 */

const MAX_DATE_MS = 8.64e15;
/** `YYYY-MM-DD`, optionally a time, optionally a zone (group 1). */
const ISO_TIME =
  /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

export function toEpochMs(value: unknown): number | null {
  let ms: number;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return null;
    ms = value > 1e12 || value < -1e12 ? value : value * 1000;
  } else if (typeof value === 'string' && value.length <= 40) {
    const iso = ISO_TIME.exec(value);
    if (!iso) return null;
    // Without a zone, a time is read as UTC (as the export's own epoch times are).
    const text = value.length === 10 || iso[1] ? value : `${value}Z`;
    ms = Date.parse(text.replace(' ', 'T'));
    if (Number.isNaN(ms)) return null;
  } else {
    return null;
  }
  return Math.abs(ms) <= MAX_DATE_MS ? ms : null;
}
