/**
 * Demand on a service over time, summed over its pods and measured against one pod's
 * request: `cpu: 140` means 1.4 pods' worth of CPU requests (two pods at 70 % each).
 * Spread over n ready pods, average utilization is demand / n percent.
 */
export interface Demand {
  readonly cpu: number;
  readonly memory: number;
}

/** Demand at second `t` of a simulation. */
export type LoadCurve = (t: number) => Demand;

/** `before` until `atSeconds`, then CPU × `factor`; memory follows only when told to (it rarely tracks traffic). */
export function stepLoad(before: Demand, factor: number, atSeconds: number, memoryFollows = false): LoadCurve {
  const after = { cpu: before.cpu * factor, memory: memoryFollows ? before.memory * factor : before.memory };
  return (t) => (t < atSeconds ? before : after);
}

export const SECONDS_PER_DAY = 24 * 60 * 60;

/** A daily wave: `trough` at midnight, `peak` at noon, a cosine in between (both CPU and memory). */
export function dailyWave(trough: Demand, peak: Demand): LoadCurve {
  return (t) => {
    const phase = (1 - Math.cos((2 * Math.PI * (t % SECONDS_PER_DAY)) / SECONDS_PER_DAY)) / 2;
    return { cpu: trough.cpu + (peak.cpu - trough.cpu) * phase, memory: trough.memory + (peak.memory - trough.memory) * phase };
  };
}
