import { dump } from 'js-yaml';
import { production } from '../../environments/production';
import { staging } from '../../environments/staging';
import { diffManifests, renderManifestDiff } from '../../lib/review/manifest-diff';
import { applyCommand, applySetId, environmentApplySet } from '../../lib/workload/apply-set';
import { applySetPartOfLabel, checkNoApplySetLabels, containsGroupKinds, groupKind } from '../support/apply-set-checks';
import { collaborationApi } from '../../services/collaboration-api';
import { synthServiceChart } from '../support/charts';
import { ENVIRONMENTS, SERVICES } from '../../main';

const services = SERVICES;
const yaml = (objects: readonly object[]) => objects.map((object) => dump(object, { noRefs: true })).join('---\n');

describe('the ApplySet of an environment', () => {
  it('is ConfigMap applyset-<env> in the environment namespace, with the id the KEP defines', () => {
    const parent = environmentApplySet(production);
    expect(parent).toMatchObject({ kind: 'ConfigMap', group: '', name: 'applyset-production', namespace: 'reconciliation-platform' });
    // By hand: printf 'applyset-production.reconciliation-platform.ConfigMap.' | openssl dgst -sha256 -binary | basenc --base64url | tr -d =
    expect(applySetId(parent)).toBe('applyset-jxNmxhpefC6moyx8KUNarRKBlSbkHPp3vIAfuvnhmrY-v1');
    expect(applySetPartOfLabel(production)).toEqual({ 'applyset.kubernetes.io/part-of': 'applyset-jxNmxhpefC6moyx8KUNarRKBlSbkHPp3vIAfuvnhmrY-v1' });
  });

  it('differs between environments', () => {
    expect(applySetId(environmentApplySet(staging))).not.toBe(applySetId(environmentApplySet(production)));
  });

  it('matches the id of a published example parent (a custom ApplySet kind, cluster-scoped)', () => {
    const parent = { kind: 'ApplySet', group: 'starjunk.net', resource: 'applysets', name: 'automata', namespace: '' } as never;
    expect(applySetId(parent)).toBe('applyset-xjZyH1FmMYtP-oSkfLUgubxDYIbsrD-IuDRLmezicIo-v1');
  });

  it('lists exactly the group-kinds emitted, as kubectl spells them', () => {
    const objects = services.flatMap((service) => synthServiceChart(service, production));
    expect(groupKind({ apiVersion: 'v1', kind: 'Service' })).toBe('Service');
    expect(containsGroupKinds(objects)).toBe([
      'Certificate.cert-manager.io', 'ConfigMap', 'Deployment.apps', 'ExternalSecret.external-secrets.io', 'HTTPRoute.gateway.networking.k8s.io',
      'HorizontalPodAutoscaler.autoscaling', 'NetworkPolicy.networking.k8s.io', 'PodDisruptionBudget.policy', 'Probe.monitoring.coreos.com', 'PrometheusRule.monitoring.coreos.com',
      'ReferenceGrant.gateway.networking.k8s.io', 'SecretStore.external-secrets.io', 'Service', 'ServiceAccount', 'ServiceMonitor.monitoring.coreos.com',
    ].join(','));
  });

  it('is applied with pruning on a cluster folder, both layers', () => {
    expect(applyCommand(production, 'production/eu-west-1')).toBe(
      'KUBECTL_APPLYSET=true kubectl apply -n reconciliation-platform --prune --applyset=configmaps/applyset-production -R -f dist/production/eu-west-1/');
  });

  it('leaves the ApplySet labels to kubectl, which refuses input that carries them', () => {
    for (const environment of ENVIRONMENTS) {
      for (const service of services) expect(() => checkNoApplySetLabels(service.name, synthServiceChart(service, environment))).not.toThrow();
    }
    const labelled = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'api', labels: applySetPartOfLabel(production) } };
    expect(() => checkNoApplySetLabels('api.yaml', [labelled])).toThrow(
      'api.yaml: Service/api metadata.labels.applyset.kubernetes.io/part-of ("applyset-jxNmxhpefC6moyx8KUNarRKBlSbkHPp3vIAfuvnhmrY-v1") must not be set');
  });
});

describe('npm run diff lists what the next apply deletes', () => {
  const tree = (environmentServices: typeof services) => new Map(environmentServices.map((service) =>
    [`production/${service.name}.k8s.yaml`, yaml(synthServiceChart(service, production))]));

  it('lists every object of a service whose file was removed, in a section of its own', () => {
    const removedObjects = synthServiceChart(collaborationApi, production);
    const diff = diffManifests(tree(services), tree(services.filter((service) => service !== collaborationApi)));
    expect(diff.targets.map((entry) => [entry.target, entry.deleted.length])).toEqual([['production', removedObjects.length]]);
    const text = renderManifestDiff(diff);
    const section = text.slice(text.indexOf('#### Deleted from the cluster by the next apply'), text.indexOf('#### production:'));
    expect(section).toContain(`by the next apply (${removedObjects.length})\n\n**production** (${removedObjects.length}):\n`);
    for (const object of removedObjects) {
      expect(section).toContain(`- **deleted** ${groupKind(object)} ${object.metadata!.namespace}/${object.metadata!.name}\n`);
    }
    expect(section).not.toContain('reconciliation-backend');
  });

  it('does not count an object that moved to another file of the same environment as changed or deleted', () => {
    const before = new Map([['production/a.k8s.yaml', 'apiVersion: v1\nkind: Service\nmetadata:\n  name: api\n  namespace: prod\n']]);
    const after = new Map([['production/b.k8s.yaml', before.get('production/a.k8s.yaml')!]]);
    const diff = diffManifests(before, after);
    expect(diff.targets).toEqual([]);
    expect(renderManifestDiff(diff)).not.toContain('Deleted from the cluster');
  });

  it('counts an object that left one environment as deleted there, even if another keeps it', () => {
    const service = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: api\n  namespace: prod\n';
    const before = new Map([['staging/api.k8s.yaml', service], ['production/api.k8s.yaml', service]]);
    const after = new Map([['production/api.k8s.yaml', service]]);
    expect(diffManifests(before, after).targets).toEqual([{ target: 'staging', added: [], changed: [], deleted: ['Service prod/api'] }]);
  });
});
