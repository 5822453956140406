import { defineMetricCatalog } from '../monitoring/metric-catalog';

/**
 * Series the External Secrets Operator controller exports about the objects it
 * syncs. Assumes its ServiceMonitor sets `honorLabels: true`, so `namespace` is the
 * ExternalSecret's namespace rather than the controller's.
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
