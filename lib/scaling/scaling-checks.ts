import { simulateDrain } from './drain-simulation';
import { HpaTick, secondsUntilReady, simulateHpa } from './hpa-simulation';
import { dailyWave, Demand, SECONDS_PER_DAY, stepLoad } from './load-curves';
import { simulateRollout } from './rollout-simulation';
import type { ScalingSettings } from './scaling-settings';
import { DEFAULT_NODES, DEFAULT_ZONES } from './simulation-assumptions';

/** One verdict with the figures behind it. */
export interface ScalingCheck {
  readonly name: string;
  readonly passed: boolean;
  readonly detail: string;
}

/** The load scenarios the checks drive, named once. */
export const SCALING_SCENARIOS = {
  /** A burst to three times the load the minimum replicas carry at target. */
  stepFactor: 3,
  stepAtSeconds: 60,
  stepRunSeconds: 600,
  /** Needed replicas must be Ready this soon after the step: longer at > 100 % of requests hurts latency. */
  stepDeadlineSeconds: 120,
  /** The daily wave peaks at this share of what maxReplicas carry at target, leaving headroom. */
  wavePeakShareOfMax: 0.9,
  /** Memory held flat at this share of the target: it does not follow traffic. */
  memoryShareOfTarget: 0.5,
} as const;

export interface ScalingReview {
  readonly settings: ScalingSettings;
  readonly step: { readonly ticks: readonly HpaTick[]; readonly neededReplicas: number; readonly readyAfterSeconds?: number };
  readonly wave: { readonly ticks: readonly HpaTick[] };
  readonly checks: readonly ScalingCheck[];
}

/**
 * Reviews already run, by settings: services and environments often share their scaling
 * figures, and each review replays a whole day. Reviews are read-only, so one is shared.
 */
const reviewsBySettings = new Map<string, ScalingReview>();
const REVIEWS_KEPT = 256;

/** Runs every scenario against one service's settings. */
export function reviewScaling(settings: ScalingSettings): ScalingReview {
  const key = JSON.stringify(settings);
  const known = reviewsBySettings.get(key);
  if (known) return known;
  if (reviewsBySettings.size >= REVIEWS_KEPT) reviewsBySettings.clear();
  const review = runScalingScenarios(settings);
  reviewsBySettings.set(key, review);
  return review;
}

function runScalingScenarios(settings: ScalingSettings): ScalingReview {
  const scenarios = SCALING_SCENARIOS;
  const memory = settings.minReplicas * (settings.memoryTargetPercent ?? 0) * scenarios.memoryShareOfTarget;
  const baseline: Demand = { cpu: settings.minReplicas * settings.cpuTargetPercent, memory };
  const stepTicks = simulateHpa(settings, stepLoad(baseline, scenarios.stepFactor, scenarios.stepAtSeconds), { durationSeconds: scenarios.stepRunSeconds });
  const neededReplicas = Math.min(settings.maxReplicas, settings.minReplicas * scenarios.stepFactor);
  const readyAfterSeconds = secondsUntilReady(stepTicks, neededReplicas, scenarios.stepAtSeconds);

  const peak: Demand = { cpu: settings.maxReplicas * settings.cpuTargetPercent * scenarios.wavePeakShareOfMax, memory };
  const waveTicks = simulateHpa(settings, dailyWave(baseline, peak), { durationSeconds: SECONDS_PER_DAY });

  return {
    settings,
    step: { ticks: stepTicks, neededReplicas, readyAfterSeconds },
    wave: { ticks: waveTicks },
    checks: [
      stepCheck(settings, neededReplicas, readyAfterSeconds),
      waveCheck(settings, waveTicks),
      drainCheck(settings, 'node', settings.minReplicas, DEFAULT_NODES),
      drainCheck(settings, 'zone', settings.maxReplicas, DEFAULT_ZONES),
      rolloutCheck(settings, settings.maxReplicas, 'maximum'),
      rolloutCheck(settings, settings.minReplicas, 'minimum'),
    ],
  };
}

function stepCheck(settings: ScalingSettings, needed: number, readyAfter: number | undefined): ScalingCheck {
  const { stepFactor, stepDeadlineSeconds } = SCALING_SCENARIOS;
  const name = `a ${stepFactor}× step from ${settings.minReplicas} replicas has ${needed} Ready within ${stepDeadlineSeconds} s`;
  const capped = needed < settings.minReplicas * stepFactor ? ` (capped at maxReplicas ${settings.maxReplicas})` : '';
  if (readyAfter === undefined) return { name, passed: false, detail: `never reached ${needed} Ready pods${capped}` };
  return { name, passed: readyAfter <= stepDeadlineSeconds, detail: `${needed} Ready ${readyAfter} s after the step${capped}` };
}

function waveCheck(settings: ScalingSettings, ticks: readonly HpaTick[]): ScalingCheck {
  // One pass: a day of ticks.
  let [peakCpu, low, high, scaleEvents] = [0, Infinity, -Infinity, 0];
  ticks.forEach((tick, i) => {
    peakCpu = Math.max(peakCpu, tick.cpuPercent ?? 0);
    low = Math.min(low, tick.replicas);
    high = Math.max(high, tick.replicas);
    if (i > 0 && tick.replicas !== ticks[i - 1].replicas) scaleEvents += 1;
  });
  const returned = ticks[ticks.length - 1].replicas === settings.minReplicas;
  return {
    name: 'a daily wave keeps CPU at or below 100 % of requests and ends back at the minimum',
    passed: peakCpu <= 100 && returned,
    detail: `peak CPU ${peakCpu} % of requests; replicas ${low}–${high} with ${scaleEvents} changes; ends at ${ticks[ticks.length - 1].replicas}`,
  };
}

function drainCheck(settings: ScalingSettings, scope: 'node' | 'zone', replicas: number, domains: number): ScalingCheck {
  const floor = Math.max(1, settings.pdbMinAvailable);
  const bound = replicas === settings.minReplicas ? 'minimum' : 'maximum';
  const name = `a ${scope} drain at ${bound} replicas (${replicas} over ${domains} ${scope}s) completes and keeps ${floor} Ready`;
  const result = simulateDrain(settings, { replicas, domains, scope });
  if (!result.completed) return { name, passed: false, detail: `blocked: ${result.blockedReason}` };
  return {
    name,
    passed: result.minReady >= floor,
    detail: `${result.podsToEvict} evicted by ${result.evictedAfterSeconds} s (${result.refusedEvictions} refused by the PDB), `
      + `all replaced by ${result.recoveredAfterSeconds} s; at least ${result.minReady} Ready throughout`,
  };
}

function rolloutCheck(settings: ScalingSettings, replicas: number, bound: 'minimum' | 'maximum'): ScalingCheck {
  const floor = Math.max(1, settings.pdbMinAvailable);
  const name = `a rollout at ${bound} replicas (${replicas}) fits progressDeadlineSeconds ${settings.progressDeadlineSeconds} and keeps ${floor} Ready`;
  const result = simulateRollout(settings, replicas);
  if (!result.completed) return { name, passed: false, detail: `stuck: ${result.blockedReason}` };
  return {
    name,
    passed: result.longestStallSeconds < settings.progressDeadlineSeconds && result.minReady >= floor,
    detail: `${replicas} pods replaced in ${result.durationSeconds} s, longest wait ${result.longestStallSeconds} s; `
      + `at least ${result.minReady} Ready, at most ${result.maxPods} pods`,
  };
}
