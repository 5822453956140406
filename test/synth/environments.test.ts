import type { KubernetesObject } from '../../lib/validation/schema-validation';
import { clusterFolders, deployedServices, synthesizedMainPlan } from '../support/deployments';

/* eslint-disable @typescript-eslint/no-explicit-any -- reading synthesized manifests */
const charts = synthesizedMainPlan();
const chartsOf = (environment: string) => charts.filter((chart) => chart.plan.environment.name === environment);
const alertRules = (objects: readonly KubernetesObject[]) => objects
  .filter((object) => object.kind === 'PrometheusRule')
  .flatMap((rule: any) => rule.spec.groups.flatMap((group: any) => group.rules))
  .filter((rule: any) => rule.alert);

describe('environments', () => {
  it('deploys every service of the plan in every cluster of every environment of it, one chart each', () => {
    const deployments = deployedServices();
    const folders = new Set(deployments.map((deployment) => deployment.environment.cluster.folder));
    expect([...folders]).toEqual(clusterFolders());
    for (const folder of folders) {
      expect(charts.filter((chart) => chart.plan.environment.cluster.folder === folder).map((chart) => chart.plan.deployment?.service.name).filter(Boolean).sort())
        .toEqual([...new Set(deployments.map((deployment) => deployment.service.name))].sort());
    }
  });

  it('never pages from staging: no staging alert is critical', () => {
    const staging = chartsOf('staging').flatMap((chart) => alertRules(chart.objects));
    expect(staging.length).toBeGreaterThan(0);
    expect(staging.filter((rule: any) => rule.labels.severity === 'critical').map((rule: any) => rule.alert)).toEqual([]);
  });

  it('pages from production for the alerts that intend to page', () => {
    const production = chartsOf('production').flatMap((chart) => alertRules(chart.objects));
    expect(production.some((rule: any) => rule.labels.severity === 'critical')).toBe(true);
  });

  it('labels every alert with its environment', () => {
    for (const chart of charts) {
      for (const rule of alertRules(chart.objects)) expect(rule.labels.environment).toBe(chart.plan.environment.name);
    }
  });

  it('keeps each environment in its own namespace', () => {
    for (const chart of charts) {
      for (const object of chart.objects) {
        const namespace = object.kind === 'Namespace' ? object.metadata?.name : object.metadata?.namespace;
        expect(namespace).toBe(chart.plan.environment.namespace);
      }
    }
  });

  it('runs a different image tag and tighter replica bounds in staging', () => {
    const hpaOf = (environment: string, service: string) => chartsOf(environment)
      .find((chart) => chart.plan.deployment?.service.name === service)!.objects.find((o) => o.kind === 'HorizontalPodAutoscaler') as any;
    expect([hpaOf('staging', 'reconciliation-backend').spec.maxReplicas, hpaOf('production', 'reconciliation-backend').spec.maxReplicas])
      .toEqual([4, 10]);
  });

  it('selects ServiceMonitors and PrometheusRules with the monitoring label of the environment', () => {
    for (const chart of charts) {
      for (const object of chart.objects.filter((o) => o.kind === 'ServiceMonitor' || o.kind === 'PrometheusRule')) {
        expect((object.metadata as any).labels).toMatchObject(chart.plan.environment.monitoringSelector);
      }
    }
  });
});
