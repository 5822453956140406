import { HpaTick, simulateHpa } from '../../lib/scaling/hpa-simulation';
import { replicaSparkline } from '../../lib/scaling/scaling-report';
import { stepLoad } from '../../lib/scaling/load-curves';
import { constantLoad } from '../support/load-curves';
import { scalingSettingsFor } from '../../lib/scaling/scaling-settings';

// The seed's behaviour (operations documents): 2–10 replicas, CPU 70 %, memory 80 %;
// scale-up window 0 s, +100 % or +2 pods per 30 s, selectPolicy Max; scale-down
// window 300 s, −50 % per 60 s. Assumed: metric lag 15 s, pod start 30 s, sync 15 s.
const seed = scalingSettingsFor();

/** [t, recommended, replicas, Ready] per sync, the columns the hand timelines below spell out. */
function timeline(ticks: readonly HpaTick[]) {
  return ticks.map((tick) => [tick.t, tick.recommended, tick.replicas, tick.ready]);
}

describe('HPA simulation of the seed behaviour', () => {
  it('states the figures it assumes', () => {
    expect(seed).toMatchObject({ metricLagSeconds: 15, podStartSeconds: 30, minReplicas: 2, maxReplicas: 10, cpuTargetPercent: 70, memoryTargetPercent: 80 });
  });

  it('follows the hand-computed timeline of a 3× CPU step from 2 replicas', () => {
    // Demand 140 (2 pods × 70 %) triples to 420 at t = 0; memory flat at 80 (40 % a pod).
    // t=0:  the metric still shows t=−15: 140/2 = 70 % → ratio 1.0 → stay at 2.
    // t=15: 420/2 = 210 % → ratio 3 → ceil(2 × 3) = 6. Policies from the period start (2):
    //       Percent ceil(2 × 2) = 4, Pods 2 + 2 = 4; Max → 4. Two pods start, Ready at 45.
    // t=30: sampled 2 pods at 210 %, the 2 starting pods count as 0 %: 420/4 = 105 % →
    //       ratio 1.5 → ceil(1.5 × 4) = 6; but +2 at t=15 is inside the 30 s period, so the
    //       period started at 2 → limit 4 → stay at 4.
    // t=45: the t=15 event is exactly 30 s old and falls out: period start 4 → Percent 8,
    //       Pods 6; Max 8 ≥ 6 → 6. The first two new pods are Ready.
    // t=60: 4 sampled pods: 420/4 = 105 %; with the 2 pending at 0 %: 420/6 = 70 % → within
    //       tolerance → stay at 6.
    // t=75: all 6 Ready (created at 45 + 30 s). t=90: 420/6 = 70 % → steady.
    expect(timeline(simulateHpa(seed, stepLoad({ cpu: 140, memory: 80 }, 3, 0), { durationSeconds: 90 }))).toEqual([
      [0, 2, 2, 2],
      [15, 6, 4, 2],
      [30, 6, 4, 2],
      [45, 6, 6, 4],
      [60, 6, 6, 4],
      [75, 6, 6, 6],
      [90, 6, 6, 6],
    ]);
  });

  it('holds steady within the 10 % tolerance at ±9 % of target, and moves just outside it', () => {
    const replicasAt = (utilization: number, replicas: number) => simulateHpa(seed,
      constantLoad({ cpu: utilization * replicas, memory: 0 }), { durationSeconds: 900, initialReplicas: replicas }).map((t) => t.replicas);
    // 76 % / 70 % = 1.086 and 64 % / 70 % = 0.914: inside 1 ± 0.1.
    expect(new Set(replicasAt(76, 2))).toEqual(new Set([2]));
    expect(new Set(replicasAt(64, 10))).toEqual(new Set([10]));
    // 79 % / 70 % = 1.129 → ceil(2 × 1.129) = 3.
    expect(replicasAt(79, 2)[1]).toBe(3);
  });

  it('scales down only after the 300 s window, by at most 50 % per 60 s', () => {
    // 10 replicas, demand falls to 140 (14 % each) → every sync recommends ceil(0.2 × 10) = 2.
    // The window keeps the highest recommendation of the last 300 s; the controller seeds it
    // with the current 10 at t=0, so nothing moves until that record is exactly 300 s old.
    // t=300: −50 % of 10 → 5. t=315–345: the −5 at t=300 is within 60 s, so the period
    // started at 10 and the floor stays 5. t=360: period start 5 → floor(2.5) = 2.
    const ticks = simulateHpa(seed, constantLoad({ cpu: 140, memory: 0 }), { durationSeconds: 420, initialReplicas: 10 });
    const at = (t: number) => ticks.find((tick) => tick.t === t)!.replicas;
    expect(ticks.filter((tick) => tick.t < 300).every((tick) => tick.replicas === 10)).toBe(true);
    expect([at(300), at(315), at(345), at(360), at(420)]).toEqual([5, 5, 5, 2, 2]);
  });

  it('never goes below minReplicas or above maxReplicas', () => {
    const up = simulateHpa(seed, constantLoad({ cpu: 5000, memory: 0 }), { durationSeconds: 600 });
    const down = simulateHpa(seed, constantLoad({ cpu: 1, memory: 0 }), { durationSeconds: 900, initialReplicas: 10 });
    expect(Math.max(...up.map((t) => t.replicas))).toBe(10);
    expect(down[down.length - 1].replicas).toBe(2);
  });

  it('takes the larger of the CPU and memory recommendations', () => {
    // CPU at target (140 over 2 pods); memory 320 over 2 pods = 160 % of 80 % → ratio 2 → 4.
    const ticks = simulateHpa(seed, constantLoad({ cpu: 140, memory: 320 }), { durationSeconds: 15 });
    expect(ticks.map((t) => [t.cpuPercent, t.memoryPercent, t.recommended, t.replicas])).toEqual([[70, 160, 4, 4], [70, 160, 4, 4]]);
  });

  it('selectPolicy Min takes the smaller step where Max takes the larger', () => {
    // From 4 replicas at 3×: Percent allows ceil(4 × 2) = 8, Pods 4 + 2 = 6.
    const load = stepLoad({ cpu: 280, memory: 0 }, 3, 0);
    const withSelect = (selectPolicy: 'Max' | 'Min' | 'Disabled') => simulateHpa(
      { ...seed, behaviour: { ...seed.behaviour, scaleUp: { ...seed.behaviour.scaleUp, selectPolicy } } },
      load, { durationSeconds: 120, initialReplicas: 4 }).map((tick) => tick.replicas);
    expect(withSelect('Max').slice(0, 2)).toEqual([4, 8]);
    expect(withSelect('Min').slice(0, 2)).toEqual([4, 6]);
    expect(new Set(withSelect('Disabled'))).toEqual(new Set([4]));
  });
});

describe('daily-wave sparkline', () => {
  it('shows replicas on the hour, from minReplicas (▁) to maxReplicas (█)', () => {
    const ticks = simulateHpa(seed, (t) => ({ cpu: t < 3 * 3600 ? 140 : 700, memory: 80 }), { durationSeconds: 5 * 3600 });
    // 2 until 03:00, then 10 pods' worth of CPU: at the maximum by 04:00.
    expect(replicaSparkline(ticks, seed)).toBe('▁▁▁▁██');
  });

  it('refuses syncs that are not HPA_SYNC_PERIOD_SECONDS apart from t = 0', () => {
    const ticks = simulateHpa(seed, constantLoad({ cpu: 140, memory: 80 }), { durationSeconds: 7200 }).map((tick) => ({ ...tick, t: tick.t + 5 }));
    expect(() => replicaSparkline(ticks, seed)).toThrow('replicaSparkline: sync 0 is at 5 s, not on the hour');
  });
});
