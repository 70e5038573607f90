/**
 * The real parts a test can run against besides the embedded default: native Postgres, the
 * transaction pooler in front of it, the podman engine and Chromium. A developer's `npm test`
 * runs whatever is there and names what it skipped; CI sets `SOULPRINT_REQUIRE_PARTS` (a comma
 * list of these names) after starting them, so a part that is missing there fails the run
 * instead of skipping silently.
 */
export type RealPart = 'postgres' | 'pooler' | 'podman' | 'chromium';

const required = new Set(
  (process.env.SOULPRINT_REQUIRE_PARTS ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== ''),
);

/**
 * True when the part can be used. When it cannot and this run requires it, throws (at
 * collection time, so the file fails) with `why` it is missing.
 */
export function partAvailable(part: RealPart, available: boolean, why: string): boolean {
  if (!available && required.has(part)) {
    throw new Error(`${part} is required in this run (SOULPRINT_REQUIRE_PARTS) but ${why}`);
  }
  return available;
}
