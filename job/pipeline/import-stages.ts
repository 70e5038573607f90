/**
 * The job's stages, their progress bands (ARCHITECTURE.md) and the words a person sees in
 * `import_stage` while the app polls.
 */
export type ImportStage = 'fetch' | 'scan' | 'quick' | 'chunk' | 'full' | 'complete';

export const STAGE_BANDS: Record<ImportStage, readonly [number, number]> = {
  fetch: [0, 10],
  scan: [10, 20],
  quick: [20, 40],
  chunk: [40, 60],
  full: [60, 100],
  complete: [100, 100],
};

export const STAGE_TEXT: Record<ImportStage, string> = {
  fetch: 'Downloading your export',
  scan: 'Reading your conversations',
  quick: 'Building your profile',
  chunk: 'Saving your memories',
  full: 'Learning what matters to you',
  complete: 'Complete',
};

/** The percentage `fraction` (0..1) of the way through `stage`'s band. */
export function stagePercent(stage: ImportStage, fraction: number): number {
  const [start, end] = STAGE_BANDS[stage];
  const clamped = Math.min(1, Math.max(0, Number.isFinite(fraction) ? fraction : 0));
  return start + (end - start) * clamped;
}
