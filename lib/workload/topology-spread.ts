/**
 * Where a service's replicas may land. Losing a node must never take more than one
 * replica more than any other node holds, so the node spread is hard (`DoNotSchedule`);
 * a region may run with a zone down or short of capacity, so the zone spread is soft
 * (`ScheduleAnyway`) and a rollout still schedules there.
 *
 * `matchLabelKeys: [pod-template-hash]` counts only pods of the same ReplicaSet: during a
 * rolling update the old ReplicaSet's pods would otherwise skew the count and pin new pods
 * to the nodes the old ones are leaving (Kubernetes >= 1.27, beta and on by default).
 */
export const TOPOLOGY_SPREAD = {
  zone: { topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway' },
  node: { topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'DoNotSchedule' },
  maxSkew: 1,
  matchLabelKeys: ['pod-template-hash'],
} as const;

/** The pod spec's `topologySpreadConstraints` for pods selected by `selectorLabels`: zones, then nodes. */
export function topologySpreadConstraints(selectorLabels: Readonly<Record<string, string>>) {
  return [TOPOLOGY_SPREAD.zone, TOPOLOGY_SPREAD.node].map(({ topologyKey, whenUnsatisfiable }) => ({
    maxSkew: TOPOLOGY_SPREAD.maxSkew,
    topologyKey,
    whenUnsatisfiable,
    labelSelector: { matchLabels: { ...selectorLabels } },
    matchLabelKeys: [...TOPOLOGY_SPREAD.matchLabelKeys],
  }));
}
