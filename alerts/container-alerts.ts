import { kubernetesMetrics as k } from '../lib/monitoring/kubernetes-metrics';
import { byCluster, eq, matches, onCluster, rate, seriesSelector, sumBy, withCluster } from '../lib/monitoring/promql';
import type { RuleGroup } from '../lib/monitoring/rule-groups';
import type { ResolvedDeployment } from '../lib/plan/resolved-deployment';
import { percent } from './alert-context';
import { RATE_WINDOW, RESTART_WINDOW } from './thresholds';
import { podNamePattern } from './workload-alerts';

/**
 * Waiting reasons that never resolve by themselves: the image cannot be pulled, or the
 * configuration it needs is missing (e.g. the Secret ESO has not synced yet).
 * CrashLoopBackOff has PodCrashLooping.
 */
export const STUCK_WAITING_REASONS = ['CreateContainerConfigError', 'CreateContainerError', 'ImagePullBackOff', 'ErrImagePull', 'InvalidImageName'];

/**
 * The service's container as the kubelet sees it (kube-state-metrics and cAdvisor),
 * after kubernetes-mixin's apps and resource alerts: stuck before it starts, killed
 * for memory, throttled for CPU. Causes worth a look, never pages: when they take
 * every replica down, the outage alerts page.
 */
export function containerRuleGroups(deployment: ResolvedDeployment): RuleGroup[] {
  const t = deployment.thresholds;
  const name = deployment.service.name;
  const container = [eq('namespace', deployment.namespace), matches('pod', podNamePattern(deployment)), eq('container', name)];
  const byContainer = (series: string) => sumBy(withCluster(['namespace', 'pod', 'container']), series);
  const cause = 'A cause on some pods: the others still serve, and the outage alerts page if none is left.';

  return [{
    name: `${deployment.job}.containers`,
    rules: [
      {
        alert: `${deployment.alertPrefix}ContainerWaiting`,
        // max_over_time: ErrImagePull and ImagePullBackOff alternate, and the series
        // exists only while the container waits.
        expr: `max ${byCluster('namespace', 'pod', 'container')} (\n`
          + `  max_over_time(${seriesSelector(k.containerWaitingReason, [...container, matches('reason', STUCK_WAITING_REASONS.join('|'))])}[${RATE_WINDOW}])\n`
          + ') >= 1',
        for: t.containerWaitingFor,
        severity: 'warning',
        response: 'warning',
        why: cause,
        signal: 'workload',
        dashboardPanel: { dashboard: 'workload', panel: 'Container waiting and last-terminated reasons' },
        summary: `A ${name} container cannot start: image or configuration missing`,
        description: 'Container {{ $labels.container }} of pod {{ $labels.pod }} in {{ $labels.namespace }} has waited for at least '
          + `${t.containerWaitingFor} on its image or configuration (${STUCK_WAITING_REASONS.join(', ')}).`,
      },
      {
        alert: `${deployment.alertPrefix}ContainerOomKilled`,
        // The last termination reason stays OOMKilled long after; a recent restart makes it news.
        expr: [
          `${byContainer(`increase(${seriesSelector(k.containerRestarts, container)}[${RESTART_WINDOW}])`)} > 0`,
          `and ${onCluster('namespace', 'pod', 'container')}`,
          `max ${byCluster('namespace', 'pod', 'container')} (${seriesSelector(k.containerLastTerminatedReason, [...container, eq('reason', 'OOMKilled')])}) == 1`,
        ].join('\n'),
        for: t.oomKilledFor,
        severity: 'warning',
        response: 'warning',
        why: cause,
        signal: 'workload',
        dashboardPanel: { dashboard: 'workload', panel: 'Container waiting and last-terminated reasons' },
        summary: `A ${name} container was killed for running out of memory`,
        description: 'Container {{ $labels.container }} of pod {{ $labels.pod }} in {{ $labels.namespace }} restarted within the last '
          + `${RESTART_WINDOW} after being OOMKilled: its memory limit is too low for what it does.`,
      },
      {
        alert: `${deployment.alertPrefix}CpuThrottlingHigh`,
        // `> 0` drops containers without a CPU limit (no CFS periods) instead of dividing by zero.
        expr: [
          byContainer(rate(seriesSelector(k.containerCpuThrottledPeriods, container), RATE_WINDOW)),
          '/',
          `(${byContainer(rate(seriesSelector(k.containerCpuPeriods, container), RATE_WINDOW))} > 0)`,
          `> ${t.cpuThrottlingRatioMax}`,
        ].join('\n'),
        for: t.cpuThrottlingFor,
        severity: 'warning',
        response: 'warning',
        why: 'Throttling adds latency before it adds errors; the latency SLO pages if users feel it.',
        signal: 'workload',
        dashboardPanel: { dashboard: 'workload', panel: 'CPU throttling' },
        summary: `A ${name} container is throttled for CPU in more than ${percent(t.cpuThrottlingRatioMax)} of periods`,
        description: 'Container {{ $labels.container }} of pod {{ $labels.pod }} in {{ $labels.namespace }} hit its CPU limit in '
          + `{{ $value | humanizePercentage }} of scheduling periods over the last ${RATE_WINDOW} (threshold ${percent(t.cpuThrottlingRatioMax)}).`,
      },
    ],
  }];
}
