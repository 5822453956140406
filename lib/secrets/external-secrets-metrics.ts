import { defineMetricCatalog } from '../monitoring/metric-catalog';

/**
 * Series the External Secrets Operator controller exports about the objects it
 * syncs. Their own `namespace` label is the ExternalSecret's namespace, but where it
 * ends up depends on ESO's ServiceMonitor: with the Helm chart's default
 * `honorLabels: false`, Prometheus keeps the target's `namespace` (the controller's)
 * and renames the series' one to `exported_namespace`; with `honorLabels: true` it
 * stays `namespace`. A query scoped to a namespace has to match both setups, as
 * alerts/secret-sync-alerts.ts does.
 */
export const externalSecretsMetrics = defineMetricCatalog({
  externalSecretCondition: {
    name: 'externalsecret_status_condition',
    type: 'gauge',
    help: '1 when the ExternalSecret\'s condition has the given status, else 0',
    labels: ['namespace', 'name', 'condition', 'status'],
    unit: 'boolean',
  },
});

/** Where the series' own `namespace` label goes when the ServiceMonitor does not honor labels. */
export const EXPORTED_NAMESPACE_LABEL = 'exported_namespace';
