/** MS-DOS date and time fields as stored in ZIP headers (two-second resolution, no time zone). */
export interface DosDateTime {
  time: number;
  date: number;
}

/** The default timestamp: 2026-01-01 00:00, so archives come out byte-for-byte the same. */
export const DEFAULT_ZIP_DATE = new Date(Date.UTC(2026, 0, 1, 0, 0, 0));

/**
 * Encodes a date as DOS fields. The date's UTC fields are used, so the result does not depend on
 * the machine's time zone. Years outside 1980..2107 are clamped to the representable range.
 */
export function toDosDateTime(when: Date): DosDateTime {
  const year = Math.min(2107, Math.max(1980, when.getUTCFullYear()));
  const time =
    (when.getUTCHours() << 11) | (when.getUTCMinutes() << 5) | Math.floor(when.getUTCSeconds() / 2);
  const date = ((year - 1980) << 9) | ((when.getUTCMonth() + 1) << 5) | when.getUTCDate();
  return { time, date };
}
