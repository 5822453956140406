/**
 * Figures the scaling simulations assume. The first two are kube-controller-manager
 * defaults (`--horizontal-pod-autoscaler-sync-period`, `--horizontal-pod-autoscaler-tolerance`);
 * the lag and start time are ours, stated in every report so a reader can disagree with them.
 */

/** The HPA controller evaluates every HPA this often. */
export const HPA_SYNC_PERIOD_SECONDS = 15;

/** No scaling while |1 − current/target| is within this ratio. */
export const HPA_TOLERANCE = 0.1;

/**
 * How old the utilization the HPA reads is: metrics-server scrapes kubelets every 15 s
 * (its default resolution) and the kubelet's CPU rate covers the window before that.
 */
export const ASSUMED_METRIC_LAG_SECONDS = 15;

/**
 * Pod creation to Ready: scheduling, image pull from a warm node cache, process start
 * and the first passing readiness probe (period 5 s). The startup probe allows up to 60 s.
 */
export const ASSUMED_POD_START_SECONDS = 30;

/** Deployment `progressDeadlineSeconds` (Kubernetes default; HttpService keeps it). */
export const DEFAULT_PROGRESS_DEADLINE_SECONDS = 600;

/** HttpService's rolling update: surge one pod, never drop below the current count. */
export const DEFAULT_ROLLING_UPDATE = { maxSurge: 1, maxUnavailable: 0 } as const;

/** kubectl drain retries a refused eviction (HTTP 429 from the PDB) this often. */
export const EVICTION_RETRY_SECONDS = 5;

/** eu-west-1 has three availability zones; the Deployment spreads pods across zones, then nodes. */
export const DEFAULT_ZONES = 3;

/** Nodes the service's pods spread over in the node-drain check. */
export const DEFAULT_NODES = 3;
