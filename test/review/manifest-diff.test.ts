import { diffManifests, renderManifestDiff } from '../../lib/review/manifest-diff';

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

describe('npm run diff', () => {
  it('reports a changed field with its old and new value, ignoring key order', () => {
    const before = new Map([['prod/api.k8s.yaml', deployment('api:1.0.0')]]);
    const after = new Map([['prod/api.k8s.yaml', `kind: Deployment\n${deployment('api:1.1.0').replace('kind: Deployment\n', '')}`]]);
    const diff = diffManifests(before, after);
    expect(diff).toEqual({
      added: [],
      removed: [],
      changed: [{
        object: 'prod/api.k8s.yaml: Deployment prod/api',
        changes: [{ path: '.spec.template.spec.containers[0].image', before: 'api:1.0.0', after: 'api:1.1.0' }],
      }],
      deleted: [],
    });
    expect(renderManifestDiff(diff)).toContain('`.spec.template.spec.containers[0].image`: "api:1.0.0" → "api:1.1.0"');
  });

  it('lists added and removed objects and fields', () => {
    const service = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: api\n  namespace: prod\n';
    const before = new Map([['prod/api.k8s.yaml', `${deployment('api:1')}---\n${service}`]]);
    const after = new Map([
      ['prod/api.k8s.yaml', deployment('api:1', '  replicas: 3\n')],
      ['prod/worker.k8s.yaml', service.replace('name: api', 'name: worker')],
    ]);
    const text = renderManifestDiff(diffManifests(before, after));
    expect(text).toContain('1 added, 1 removed, 1 changed');
    expect(text).toContain('- **added** prod/worker.k8s.yaml: Service prod/worker');
    expect(text).toContain('- **removed** prod/api.k8s.yaml: Service prod/api');
    expect(text).toContain('`.spec.replicas` added: 3');
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
