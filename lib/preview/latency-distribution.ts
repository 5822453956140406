/**
 * Latencies follow a log-logistic distribution: closed-form quantiles, a long right
 * tail like real request latency, and one parameter (the median) to move per phase.
 */
const SHAPE = 3;
/** Mean / median of a log-logistic with shape 3: (π/3) / sin(π/3). */
const MEAN_PER_MEDIAN = 1.2092;

/** Share of observations at or below `seconds` when the median is `medianSeconds`. */
export function shareAtOrBelow(seconds: number, medianSeconds: number): number {
  if (seconds === Infinity) return 1;
  const ratio = (seconds / medianSeconds) ** SHAPE;
  return ratio / (1 + ratio);
}

export function meanSeconds(medianSeconds: number): number {
  return medianSeconds * MEAN_PER_MEDIAN;
}

/** A median that sits in the middle of a histogram's buckets, for metrics without a phase-driven latency. */
export function middleBucket(buckets: readonly number[]): number {
  return buckets[Math.floor(buckets.length / 2)];
}
