import { describe, expect, it } from 'vitest';
import { toEpochMs } from './export-time.js';

describe('toEpochMs', () => {
  it('reads epoch seconds, epoch milliseconds and ISO-8601 text (UTC when no zone is given)', () => {
    expect(toEpochMs(1_704_067_200)).toBe(Date.UTC(2024, 0, 1));
    expect(toEpochMs(1_704_067_200.5)).toBe(Date.UTC(2024, 0, 1) + 500);
    expect(toEpochMs(1_704_067_200_000)).toBe(Date.UTC(2024, 0, 1));
    expect(toEpochMs('2026-03-01T10:00:00Z')).toBe(Date.UTC(2026, 2, 1, 10));
    expect(toEpochMs('2026-03-01T10:00:00.250+02:00')).toBe(Date.UTC(2026, 2, 1, 8, 0, 0, 250));
    expect(toEpochMs('2026-03-01 10:00:00')).toBe(Date.UTC(2026, 2, 1, 10));
    expect(toEpochMs('2026-03-01')).toBe(Date.UTC(2026, 2, 1));
  });

  it('treats what is not a time, or is outside what a Date can hold, as missing', () => {
    for (const value of [
      null,
      undefined,
      Number.NaN,
      Number.POSITIVE_INFINITY,
      9e15,
      1e300,
      -1e300,
    ]) {
      expect(toEpochMs(value)).toBeNull();
    }
    for (const value of ['yesterday', '2026-13-45T99:00:00Z', '', '1704067200', {}, [], true]) {
      expect(toEpochMs(value)).toBeNull();
    }
  });
});
