import { ALERTS } from '../../alerts/registry';
import { serviceRuleGroups } from '../../lib/charts/service-chart';
import { renderForEnvironment } from '../../lib/monitoring/alerting-rules';
import type { ResolvedDeployment } from '../../lib/plan/resolved-deployment';
import { SLO_RECORDS } from '../../lib/slo/slo-recording-rules';
import { deployedServices } from '../support/deployments';
import { testRuleGroups } from '../support/promtool';
import { type InputSeries, RULE_EVALUATION_INTERVAL_SECONDS } from '../support/rule-tests';
import { type PodState, serviceInputs } from '../support/service-inputs';

/**
 * A global ruler (Thanos, Mimir) evaluates the rules of a service once over the series of
 * every cluster, each labelled `cluster` by its Prometheus. One cluster loses the service
 * (every pod crash-looping from minute 10), the other serves on: the outage pages in the
 * first cluster only, named by its label, and nothing fires for the other, or unlabelled.
 */

const [BROKEN, HEALTHY] = ['eu-west-1', 'us-east-1'];
const MINUTES = 40;
const INCIDENT_START = 10;

/** The series of one cluster: every series of the service with that cluster's `cluster` label. */
function inCluster(cluster: string, inputs: readonly InputSeries[]): InputSeries[] {
  return inputs.map((input) => ({ ...input, series: input.series.replace('{', `{cluster="${cluster}", `) }));
}

function clusterInputs(deployment: ResolvedDeployment, cluster: string, pod: (minute: number) => PodState): InputSeries[] {
  return inCluster(cluster, serviceInputs(deployment, { minutes: MINUTES, intervalSeconds: 15, pods: [pod, pod, pod] }));
}

const crashLoopingFromIncident = (minute: number): PodState => (minute >= INCIDENT_START ? 'crash-looping' : 'serving');

describe.each(deployedServices().filter((deployment) => deployment.environment.alertRouting.pages)
  .map((deployment) => [`${deployment.service.name} in ${deployment.environment.name}`, deployment] as const))(
  'one rule evaluation over two clusters: %s', (_, deployment) => {
    const groups = renderForEnvironment(serviceRuleGroups(deployment, ALERTS), deployment.environment, deployment.service.name);
    const inputs = [...clusterInputs(deployment, BROKEN, crashLoopingFromIncident), ...clusterInputs(deployment, HEALTHY, () => 'serving')];
    const end = `${MINUTES}m`;
    const noReplica = `${deployment.alertPrefix}NoReplicaAvailable`;

    it('pages for the cluster that lost the service, once per alert, and for no other cluster', () => {
      const result = testRuleGroups(groups, [{
        interval: '15s',
        input_series: inputs,
        promql_expr_test: [
          // Before the incident each cluster has its own SLI: SLOs are per cluster.
          {
            expr: `count by (slo) (${SLO_RECORDS.errorRatio('5m')})`,
            eval_time: `${INCIDENT_START - 1}m`,
            exp_samples: deployment.slos.map((slo) => ({ labels: `{slo="${slo.name}"}`, value: 2 })),
          },
          // Every page names the broken cluster.
          {
            expr: 'group by (cluster) (ALERTS{alertstate="firing", severity="critical"})',
            eval_time: end,
            exp_samples: [{ labels: `{cluster="${BROKEN}"}`, value: 1 }],
          },
          // The outage alert fires once, labelled with that cluster, not once per cluster nor once for both.
          {
            expr: `count by (cluster, alertname) (ALERTS{alertstate="firing", alertname="${noReplica}"})`,
            eval_time: end,
            exp_samples: [{ labels: `{alertname="${noReplica}", cluster="${BROKEN}"}`, value: 1 }],
          },
          // Nothing fires for the healthy cluster, nor without a cluster label.
          {
            expr: `group by (alertname, cluster) (ALERTS{cluster!="${BROKEN}"})`,
            eval_time: end,
            exp_samples: [],
          },
        ],
      }], `${RULE_EVALUATION_INTERVAL_SECONDS}s`);
      expect(result.output).toContain('SUCCESS');
      expect(result.status).toBe(0);
    });
  },
);
