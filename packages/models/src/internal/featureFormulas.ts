// Shared per-bar formulas: the batch and streaming feature paths call the same functions, so they
// agree bit for bit.

/** Minutes in a day. */
export const MINUTES_PER_DAY = 1440;
/** 2π. */
export const TWO_PI = 2 * Math.PI;

/** `ln((volume + 1) / (average + 1))`. */
export function logVolumeRatio(volume: number, average: number): number {
  return Math.log((volume + 1) / (average + 1));
}

/** Bollinger %B; 0.5 when the band is flat, NaN during the warm-up. */
export function percentB(close: number, upper: number, lower: number): number {
  const width = upper - lower;
  if (Number.isNaN(width)) return Number.NaN;
  return width > 0 ? (close - lower) / width : 0.5;
}
