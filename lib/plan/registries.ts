import type { DashboardDefinition } from '../grafana/service-dashboard';
import type { RuleGroup } from '../monitoring/rule-groups';
import type { AlertThresholds } from '../specs/alert-thresholds';
import type { ServiceSignals } from '../specs/service-signals';
import type { ResolvedDeployment, ResolvedEnvironment } from './resolved-deployment';

/**
 * What `main.ts` hands the engine besides the specs: the alert and dashboard
 * definitions of `alerts/` and `dashboards/`. The engine never imports those folders,
 * so data flows one way: specs and registries → resolved deployments → charts → files.
 */

/** One concern's alerts (`alerts/<concern>-alerts.ts`), built for every deployment whose signals support them. */
export interface AlertDefinition {
  /** The concern, e.g. `http`: names its rule groups (`<job>.<name>`). */
  readonly name: string;
  /** The runbook of its alerts, `docs/runbooks/<runbook>.md`, with a heading per alert named as the alert without its service prefix. */
  readonly runbook: string;
  /** The concern's rule groups for one deployment; none where its signals are absent. */
  readonly ruleGroups: (deployment: ResolvedDeployment) => readonly RuleGroup[];
}

export interface AlertRegistry {
  readonly definitions: readonly AlertDefinition[];
  /** The environment's alerts about its alerting path (heartbeat, receiver credentials), in its alert-routing chart. */
  readonly routing: (environment: ResolvedEnvironment) => readonly RuleGroup[];
  /** Default of every threshold and duration, by name; specs override them by the same names. */
  readonly thresholds: AlertThresholds;
  /**
   * Checks one deployment's effective thresholds against the service's signals (e.g. a
   * latency threshold inside its histogram's buckets); `fieldOf(name)` is where that threshold was set.
   */
  readonly checkThresholds: (thresholds: AlertThresholds, signals: ServiceSignals, fieldOf: (name: string) => string) => void;
}

/** Every kind of dashboard, in the order Grafana lists them (`dashboards/registry.ts`). */
export type DashboardRegistry = readonly DashboardDefinition[];
