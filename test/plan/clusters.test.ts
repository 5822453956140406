import { production } from '../../environments/production';
import type { EnvironmentSpec } from '../../lib/specs/environment-spec';
import { chartFiles } from '../../lib/synth/synthesize';
import type { KubernetesObject } from '../../lib/validation/schema-validation';
import { ENVIRONMENTS, SERVICES } from '../../main';
import { reconciliationBackend } from '../../services/reconciliation-backend';
import { planOf, synthesizeCharts, synthesizedMainPlan } from '../support/deployments';

/* eslint-disable @typescript-eslint/no-explicit-any -- reading synthesized manifests */

/** Every file a cluster folder gets, by its path inside the folder, as synth writes it. */
function folderFiles(folder: string): Map<string, string> {
  const files = synthesizedMainPlan().filter((chart) => chart.plan.environment.cluster.folder === folder)
    .flatMap((chart) => chartFiles('dist', chart));
  return new Map(files.map((file) => [file.path.slice(`dist/${folder}/`.length), file.content]));
}

describe('the clusters of one environment', () => {
  const several = ENVIRONMENTS.filter((environment) => environment.clusters.length > 1);

  it('exist in the plan: production runs in two regions', () => {
    expect(production.clusters.map((cluster) => cluster.region)).toEqual(['eu-west-1', 'us-east-1']);
    expect(several.length).toBeGreaterThan(0);
  });

  // What truly differs per cluster is written in its spec entry; everything else (rules,
  // dashboards, workloads) is the same bytes, so what a test proves of one cluster's rules
  // holds for the others.
  it.each(several.map((environment) => [environment.name, environment] as const))(
    '%s: differ only in their region, data network and dead man\'s switch', (_name, environment: EnvironmentSpec) => {
      const [first, ...others] = environment.clusters;
      const neutral = (text: string, cluster: EnvironmentSpec['clusters'][number]) => text
        .replaceAll(`region: ${cluster.region}`, 'region: <region>')
        .replaceAll(`cidr: ${cluster.dataNetworkCidr}`, 'cidr: <data network>')
        .replaceAll(cluster.heartbeatWebhookUrlRemoteKey ?? '\0', '<heartbeat key>');
      const expected = folderFiles(`${environment.name}/${first.name}`);
      for (const cluster of others) {
        const files = folderFiles(`${environment.name}/${cluster.name}`);
        expect([...files.keys()]).toEqual([...expected.keys()]);
        for (const [file, content] of files) expect({ file, content: neutral(content, cluster) }).toEqual({ file, content: neutral(expected.get(file)!, first) });
      }
    });
});

describe('a cluster entry', () => {
  const [eu, us] = production.clusters;
  const route = production.services[reconciliationBackend.name].publicRoute!;
  const tuned: EnvironmentSpec = {
    ...production,
    clusters: [
      eu,
      {
        ...us,
        label: 'prod-use1',
        argoCdDestination: 'arn:aws:eks:us-east-1:123456789012:cluster/prod-use1',
        services: {
          [reconciliationBackend.name]: {
            autoscaling: { maxReplicas: 20 },
            iamRoleArn: 'arn:aws:iam::123456789012:role/reconciliation-backend-production-us-east-1',
            publicHost: `api.us-east-1.${route.host.split('.').slice(1).join('.')}`,
          },
        },
      },
    ],
  };
  const charts = synthesizeCharts(planOf([tuned], SERVICES).charts);
  const backendIn = (cluster: string): readonly KubernetesObject[] => charts
    .find((chart) => chart.plan.file === `production/${cluster}/${reconciliationBackend.name}.k8s.yaml`)!.objects;
  const find = (objects: readonly KubernetesObject[], kind: string, name?: string) => objects.find((o) => o.kind === kind && (!name || o.metadata?.name === name)) as any;

  it('raises replica bounds in its cluster only', () => {
    expect(find(backendIn(us.name), 'HorizontalPodAutoscaler').spec.maxReplicas).toBe(20);
    expect(find(backendIn(eu.name), 'HorizontalPodAutoscaler').spec.maxReplicas).toBe(10);
  });

  it('gives the secrets reader its own IRSA role in its cluster only', () => {
    const role = (cluster: string) => find(backendIn(cluster), 'ServiceAccount', `${reconciliationBackend.name}-secrets-reader`).metadata.annotations['eks.amazonaws.com/role-arn'];
    expect(role(us.name)).toBe('arn:aws:iam::123456789012:role/reconciliation-backend-production-us-east-1');
    expect(role(eu.name)).toBe(production.services[reconciliationBackend.name].iamRoleArn);
  });

  it('serves and probes its regional host in its cluster, the environment\'s host elsewhere', () => {
    const regional = `api.us-east-1.${route.host.split('.').slice(1).join('.')}`;
    expect(find(backendIn(us.name), 'HTTPRoute').spec.hostnames).toEqual([regional]);
    expect(find(backendIn(us.name), 'Certificate').spec.dnsNames).toEqual([regional]);
    expect(JSON.stringify(find(backendIn(us.name), 'Probe').spec.targets)).toContain(regional);
    expect(find(backendIn(eu.name), 'HTTPRoute').spec.hostnames).toEqual([route.host]);
  });

  it('names its cluster label and Argo CD destination in the delivery objects', () => {
    const argo = charts.find((chart) => chart.plan.file === 'delivery/argo-cd/production.k8s.yaml')!.objects;
    const elements = find(argo, 'ApplicationSet').spec.generators[0].list.elements;
    expect(elements.map((element: any) => element.destination)).toEqual([`production-${eu.name}`, 'arn:aws:eks:us-east-1:123456789012:cluster/prod-use1']);
    expect(find(argo, 'AppProject').spec.destinations.map((destination: any) => destination.name))
      .toEqual([`production-${eu.name}`, 'arn:aws:eks:us-east-1:123456789012:cluster/prod-use1']);
  });
});
