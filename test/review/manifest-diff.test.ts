import { dump, loadAll } from 'js-yaml';
import { deploymentTarget } from '../../lib/review/deployment-target';
import { diffManifests, renderManifestDiff, touchedTargets } from '../../lib/review/manifest-diff';
import { committedDistTree } from '../support/dist-tree';

const deployment = (image: string, extra = '') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  namespace: prod
spec:
  template:
    spec:
      containers:
        - name: api
          image: ${image}
${extra}`;

const service = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: api\n  namespace: prod\n';

const yaml = (...objects: readonly object[]) => objects.map((object) => dump(object, { noRefs: true })).join('---\n');

interface Rule { alert?: string; record?: string; expr: string; labels?: Record<string, string> }
interface RuleGroup { name: string; rules: Rule[] }
interface PrometheusRule { metadata: { name: string; namespace: string }; spec: { groups: RuleGroup[] } }

/** The committed production PrometheusRule holding reconciliation-backend's alert groups, with the path of its file. */
function committedServiceRules(): { file: string; rule: PrometheusRule } {
  for (const [file, text] of committedDistTree()) {
    if (!file.startsWith('production/')) continue;
    for (const document of loadAll(text) as { kind?: string }[]) {
      const rule = document as unknown as PrometheusRule;
      if (document?.kind === 'PrometheusRule' && rule.spec.groups.some((group) => group.name === 'reconciliation-backend.database')) return { file, rule };
    }
  }
  throw new Error('no PrometheusRule with group reconciliation-backend.database in the committed dist/production');
}

const copy = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

describe('npm run diff', () => {
  it('reports a changed field with its old and new value, ignoring key order', () => {
    const before = new Map([['prod/api.k8s.yaml', deployment('api:1.0.0')]]);
    const after = new Map([['prod/api.k8s.yaml', `kind: Deployment\n${deployment('api:1.1.0').replace('kind: Deployment\n', '')}`]]);
    const diff = diffManifests(before, after);
    expect(diff).toEqual({
      targets: [{
        target: 'prod',
        added: [],
        changed: [{
          object: 'Deployment.apps prod/api',
          changes: [{ path: 'spec.template.spec.containers[name=api].image', before: 'api:1.0.0', after: 'api:1.1.0' }],
        }],
        deleted: [],
      }],
    });
    expect(renderManifestDiff(diff)).toContain('`spec.template.spec.containers[name=api].image`: "api:1.0.0" → "api:1.1.0"');
  });

  it('lists added objects and fields per target, and removed objects as deletions', () => {
    const before = new Map([['prod/api.k8s.yaml', `${deployment('api:1')}---\n${service}`]]);
    const after = new Map([
      ['prod/api.k8s.yaml', deployment('api:1', '  replicas: 3\n')],
      ['prod/worker.k8s.yaml', service.replace('name: api', 'name: worker')],
    ]);
    const text = renderManifestDiff(diffManifests(before, after));
    expect(text).toContain('#### prod: 1 added, 1 changed, 1 deleted (listed above)');
    expect(text).toContain('- **added** Service prod/worker');
    expect(text).toContain('**prod** (1):\n\n- **deleted** Service prod/api');
    expect(text).toContain('`spec.replicas` added: 3');
  });

  it('says so when nothing changed', () => {
    const tree = new Map([['prod/api.k8s.yaml', deployment('api:1')]]);
    expect(renderManifestDiff(diffManifests(tree, tree))).toContain('No object in dist/ changes.');
  });

  it('shortens long values such as dashboard JSON', () => {
    const long = 'x'.repeat(500);
    const configMap = (value: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: d\ndata:\n  d.json: "${value}"\n`;
    const text = renderManifestDiff(diffManifests(new Map([['a.yaml', configMap('old')]]), new Map([['a.yaml', configMap(long)]])));
    expect(text).toContain('… (502 chars)');
  });
});

describe('npm run diff matches list items by name', () => {
  const { file, rule } = committedServiceRules();
  const ruleObject = `PrometheusRule.monitoring.coreos.com ${rule.metadata.namespace}/${rule.metadata.name}`;
  const withRule = (edit: (edited: PrometheusRule) => void) => {
    const edited = copy(rule);
    edit(edited);
    return new Map([[file, yaml(edited)]]);
  };
  const base = new Map([[file, yaml(rule)]]);

  it('shows an inserted rule group as one added group, not a shift of every group after it', () => {
    expect(rule.spec.groups.length).toBeGreaterThan(2);
    const group = { name: 'reconciliation-backend.audit', rules: [{ alert: 'ReconciliationBackendAuditLag', expr: 'vector(1)' }] };
    const diff = diffManifests(base, withRule((edited) => edited.spec.groups.unshift(group)));
    expect(diff.targets).toEqual([{
      target: deploymentTarget(file), added: [], deleted: [],
      changed: [{ object: ruleObject, changes: [{ path: 'spec.groups[name=reconciliation-backend.audit]', after: group }] }],
    }]);
    expect(renderManifestDiff(diff).split('\n').filter((line) => line.startsWith('  - '))).toEqual([
      '  - `spec.groups[name=reconciliation-backend.audit]` added: {"name":"reconciliation-backend.audit","rules":[{"alert":"ReconciliationBackendAuditLag","expr":"vector(1)"}]}',
    ]);
  });

  it('sees no change when rule groups and their rules are only reordered', () => {
    const reordered = withRule((edited) => {
      edited.spec.groups.reverse();
      for (const group of edited.spec.groups) group.rules.reverse();
    });
    expect(reordered.get(file)).not.toBe(base.get(file));
    expect(diffManifests(base, reordered).targets).toEqual([]);
  });

  it('names a changed alert by its group and alert name', () => {
    const diff = diffManifests(base, withRule((edited) => {
      const database = edited.spec.groups.find((group) => group.name === 'reconciliation-backend.database')!;
      database.rules.find((candidate) => candidate.alert === 'ReconciliationBackendDbLatencyHigh')!.expr = 'vector(0)';
    }));
    expect(diff.targets[0].changed[0].changes.map((change) => [change.path, change.after])).toEqual([
      ['spec.groups[name=reconciliation-backend.database].rules[alert=ReconciliationBackendDbLatencyHigh].expr', 'vector(0)'],
    ]);
  });

  it('tells recording rules of one series name apart by the labels that differ between them', () => {
    const diff = diffManifests(base, withRule((edited) => {
      const sli = edited.spec.groups.find((group) => group.name === 'reconciliation-backend.slo.sli')!;
      sli.rules.find((candidate) => candidate.record === 'slo:sli_error:ratio_rate5m' && candidate.labels?.slo === 'latency')!.expr = 'vector(0)';
    }));
    expect(diff.targets[0].changed[0].changes.map((change) => change.path)).toEqual([
      'spec.groups[name=reconciliation-backend.slo.sli].rules[record=slo:sli_error:ratio_rate5m{slo="latency"}].expr',
    ]);
  });

  it('shows a renamed container port as one removed and one added port, and a dropped one as one removed port', () => {
    const ports = (...names: string[]) => `          ports:\n${names.map((name, i) => `            - name: ${name}\n              containerPort: ${8080 + i}\n`).join('')}`;
    const before = new Map([['prod/api.k8s.yaml', deployment('api:1', ports('http', 'metrics'))]]);
    const renamed = diffManifests(before, new Map([['prod/api.k8s.yaml', deployment('api:1', ports('http', 'admin'))]]));
    expect(renamed.targets[0].changed[0].changes).toEqual([
      { path: 'spec.template.spec.containers[name=api].ports[name=admin]', after: { name: 'admin', containerPort: 8081 } },
      { path: 'spec.template.spec.containers[name=api].ports[name=metrics]', before: { name: 'metrics', containerPort: 8081 } },
    ]);
    const dropped = diffManifests(before, new Map([['prod/api.k8s.yaml', deployment('api:1', ports('metrics').replace('8080', '8081'))]]));
    expect(renderManifestDiff(dropped)).toContain('- **changed** Deployment.apps prod/api\n'
      + '  - `spec.template.spec.containers[name=api].ports[name=http]` removed (was {"name":"http","containerPort":8080})\n');
  });

  it('matches dashboard panels and queries held as JSON in a ConfigMap by title and refId', () => {
    const dashboard = (latencyExpr: string) => JSON.stringify({
      panels: [
        { title: 'Errors', targets: [{ refId: 'A', expr: 'errors' }] },
        { title: 'Latency', targets: [{ refId: 'A', expr: 'p50' }, { refId: 'B', expr: latencyExpr }] },
      ],
    });
    const configMap = (expr: string) => yaml({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'd' }, data: { 'd.json': dashboard(expr) } });
    const diff = diffManifests(new Map([['prod/d.yaml', configMap('p95')]]), new Map([['prod/d.yaml', configMap('p99')]]));
    expect(diff.targets[0].changed[0].changes).toEqual([{ path: 'data["d.json"].panels[title=Latency].targets[refId=B].expr', before: 'p95', after: 'p99' }]);
  });

  it('compares lists without a unique name by position', () => {
    const args = (...values: string[]) => `          args: [${values.join(', ')}]\n`;
    const diff = diffManifests(new Map([['prod/api.k8s.yaml', deployment('api:1', args('--a', '--b'))]]),
      new Map([['prod/api.k8s.yaml', deployment('api:1', args('--b'))]]));
    expect(diff.targets[0].changed[0].changes).toEqual([
      { path: 'spec.template.spec.containers[name=api].args[0]', before: '--a', after: '--b' },
      { path: 'spec.template.spec.containers[name=api].args[1]', before: '--b' },
    ]);
  });
});

describe('npm run diff groups objects by the environment and cluster they deploy to', () => {
  it.each([
    ['production/eu-west-1/workloads/reconciliation-backend.k8s.yaml', 'production/eu-west-1'],
    ['production/eu-west-1/foundation/namespace.k8s.yaml', 'production/eu-west-1'],
    ['production/reconciliation-backend.k8s.yaml', 'production'],
    ['delivery/argo-cd/production.k8s.yaml', 'delivery/argo-cd/production'],
    ['delivery/flux/production/eu-west-1.k8s.yaml', 'delivery/flux/production/eu-west-1'],
    ['a.yaml', '(top level)'],
  ])('deploys %s to %s', (file, target) => {
    expect(deploymentTarget(file)).toBe(target);
  });

  it('sees no change and no deletion when an object moves between the foundation and workloads of one cluster', () => {
    const before = new Map([
      ['production/eu-west-1/foundation/api.k8s.yaml', `${service}---\n${deployment('api:1')}`],
      ['production/eu-west-1/workloads/api.k8s.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: api\n  namespace: prod\n'],
    ]);
    const after = new Map([
      ['production/eu-west-1/foundation/api.k8s.yaml', service],
      ['production/eu-west-1/workloads/api.k8s.yaml', `${deployment('api:1')}---\n${before.get('production/eu-west-1/workloads/api.k8s.yaml')!}`],
    ]);
    const diff = diffManifests(before, after);
    expect(diff.targets).toEqual([]);
    expect(renderManifestDiff(diff)).toContain('No object in dist/ changes.');
  });

  const clusters = (image: (target: string) => string) => new Map(['production/eu-west-1', 'production/us-east-1', 'staging/eu-west-1']
    .map((target) => [`${target}/workloads/api.k8s.yaml`, `${deployment(image(target))}---\n${service}`]));

  it('names every cluster a change touches, and only those', () => {
    const diff = diffManifests(clusters(() => 'api:1'), clusters((target) => (target.startsWith('production/') ? 'api:2' : 'api:1')));
    expect(touchedTargets(diff)).toEqual(['production/eu-west-1', 'production/us-east-1']);
    const text = renderManifestDiff(diff, 'dist/ changes against HEAD');
    expect(text.startsWith('### dist/ changes against HEAD\n\nTouches: production/eu-west-1, production/us-east-1\n')).toBe(true);
    for (const target of ['production/eu-west-1', 'production/us-east-1']) {
      expect(text).toContain(`#### ${target}: 0 added, 1 changed\n\n- **changed** Deployment.apps prod/api\n`
        + '  - `spec.template.spec.containers[name=api].image`: "api:1" → "api:2"\n');
    }
    expect(text).not.toContain('staging');
  });

  it('lists an object deleted from one cluster under that cluster alone, first', () => {
    const before = clusters(() => 'api:1');
    const after = new Map(before).set('production/us-east-1/workloads/api.k8s.yaml', deployment('api:1'));
    const diff = diffManifests(before, after);
    expect(diff.targets).toEqual([{ target: 'production/us-east-1', added: [], changed: [], deleted: ['Service prod/api'] }]);
    expect(renderManifestDiff(diff)).toContain('Touches: production/us-east-1\n\n#### Deleted from the cluster by the next apply (1)\n\n'
      + '**production/us-east-1** (1):\n\n- **deleted** Service prod/api\n');
  });

  it('keeps the GitOps engine objects under delivery/ apart, one target per file', () => {
    const application = (revision: string) => yaml({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { name: 'production-eu-west-1', namespace: 'argocd' }, spec: { source: { targetRevision: revision } } });
    // Each cluster's Flux holds a Kustomization of the same name: one file per cluster keeps them apart.
    const kustomization = (path: string) => yaml({ apiVersion: 'kustomize.toolkit.fluxcd.io/v1', kind: 'Kustomization', metadata: { name: 'workloads', namespace: 'flux-system' }, spec: { path } });
    const before = new Map([
      ['delivery/argo-cd/production.k8s.yaml', application('main')],
      ['delivery/flux/production/eu-west-1.k8s.yaml', kustomization('./production/eu-west-1/workloads')],
      ['delivery/flux/production/us-east-1.k8s.yaml', kustomization('./production/us-east-1/workloads')],
      ['production/eu-west-1/workloads/api.k8s.yaml', service],
    ]);
    const after = new Map(before)
      .set('delivery/argo-cd/production.k8s.yaml', application('release'))
      .set('delivery/flux/production/eu-west-1.k8s.yaml', kustomization('./production/eu-west-1/apps'));
    const diff = diffManifests(before, after);
    expect(touchedTargets(diff)).toEqual(['delivery/argo-cd/production', 'delivery/flux/production/eu-west-1']);
    expect(diff.targets.map((entry) => entry.changed)).toEqual([
      [{ object: 'Application.argoproj.io argocd/production-eu-west-1', changes: [{ path: 'spec.source.targetRevision', before: 'main', after: 'release' }] }],
      [{ object: 'Kustomization.kustomize.toolkit.fluxcd.io flux-system/workloads', changes: [{ path: 'spec.path', before: './production/eu-west-1/workloads', after: './production/eu-west-1/apps' }] }],
    ]);
  });
});
