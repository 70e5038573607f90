/**
 * Removes ChatGPT's inline citation markup from message text:
 * - private-use spans `\uE200kind\uE202payload\uE201` (cite, navlist, filecite, …); an `entity`
 *   span becomes the entity's name;
 * - any remaining U+E200–U+E206 markers (e.g. the `\uE203…\uE204` highlight brackets, whose
 *   text stays);
 * - plain `entity["kind","Name",…]` markup, which becomes `Name`;
 * - older `【4:0†source】` markers and pasted `:contentReference[oaicite:2]{index=2}` artifacts.
 *
 * Every pattern is linear in the text's length: each variable run is bounded, or stops at a
 * character that cannot occur inside it, so an unclosed marker (`entity[` without its `]`, in a
 * hostile 4 MB message) costs one short look, not a scan to the end of the text per marker.
 */

const NEEDS_CLEANING = /[\uE200-\uE206【]|entity\["|:contentReference\[/;
const PRIVATE_USE_SPAN = /\uE200([a-z_]+)\uE202([^\uE200\uE201]*)\uE201/g;
const PRIVATE_USE_MARKER = /[\uE200-\uE206]/g;
/** `entity["kind","Name"` plus up to four more quoted fields, then `]`; every run bounded. */
const ENTITY =
  /entity\[\s{0,8}"[^"\]\n]{0,80}"\s{0,8},\s{0,8}"([^"\]\n]{0,200})"(?:\s{0,8},\s{0,8}"[^"\]\n]{0,300}"){0,4}\s{0,8}\]/g;
const BRACKET_CITATION = /【[^【】\n]{0,80}†[^【】\n]{0,80}】/g;
const CONTENT_REFERENCE = /:contentReference\[oaicite:\d{1,6}\]\{index=\d{1,6}\}/g;

export function cleanCitations(text: string): string {
  if (!NEEDS_CLEANING.test(text)) return text;
  return text
    .replace(PRIVATE_USE_SPAN, (_span, kind: string, payload: string) =>
      kind === 'entity' ? entityName(payload) : '',
    )
    .replace(PRIVATE_USE_MARKER, '')
    .replace(ENTITY, '$1')
    .replace(BRACKET_CITATION, '')
    .replace(CONTENT_REFERENCE, '');
}

/** `["city","Lisbon","a capital"]` → `Lisbon`. */
function entityName(payload: string): string {
  try {
    const parsed: unknown = JSON.parse(payload);
    if (Array.isArray(parsed) && typeof parsed[1] === 'string') return parsed[1];
  } catch {
    // not JSON: fall through
  }
  return '';
}
