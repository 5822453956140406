import { App } from 'cdk8s';
import { CLUSTER_SCOPED_KINDS } from '../../lib/delivery/argo-cd-project';
import { withDeliveryAnnotations } from '../../lib/delivery/delivery-annotations';
import { deliveryStageOf } from '../../lib/delivery/delivery-order';
import { EngineConflicts, engineConflicts } from '../../lib/delivery/engine-conflicts';
import { type KubernetesObject, validateAgainstSchemas } from '../../lib/validation/schema-validation';
import { synthesize } from '../../lib/synth/run-synth';
import { synthesizedMainPlan, testPlan } from '../support/deployments';

// Annotations of synthesized JSON, whose shape the compiler does not know.
const annotationsOf = (object: KubernetesObject): Record<string, string> => (object.metadata as { annotations?: Record<string, string> }).annotations ?? {};
const waveOf = (object: KubernetesObject) => Number(annotationsOf(object)['argocd.argoproj.io/sync-wave']);

/** The order issue 22 gives: each entry's kinds are applied, and healthy, before the next entry's. */
const ISSUE_ORDER: readonly (readonly string[])[] = [
  ['Namespace', 'ServiceAccount'],
  ['SecretStore'],
  ['ExternalSecret'],
  ['Deployment', 'Service', 'HorizontalPodAutoscaler', 'PodDisruptionBudget', 'NetworkPolicy', 'HTTPRoute', 'Certificate', 'ReferenceGrant'],
  ['ServiceMonitor', 'PrometheusRule', 'Probe', 'AlertmanagerConfig', 'ConfigMap'],
];

// Each cluster folder's charts, built again as their constructs make them: synth annotates what it writes.
const clusters = testPlan().environments.map((environment) => {
  const charts = testPlan().charts.filter((chart) => chart.environment?.cluster.folder === environment.cluster.folder)
    .map((plan) => ({ plan, objects: plan.build(new App({ outdir: 'unused' })).toJson() as KubernetesObject[] }));
  return { environment, charts, objects: charts.flatMap((chart) => chart.objects) };
});

describe('synth', () => {
  it('writes every cluster folder\'s objects with their delivery annotations', () => {
    const written = synthesizedMainPlan().flatMap((chart) => chart.objects);
    expect(written.length).toBe(clusters.reduce((sum, { objects }) => sum + objects.length, 0));
    expect(written).toEqual(clusters.flatMap(({ objects }) => withDeliveryAnnotations(objects)));
  });
});

describe.each(clusters.map(({ environment, charts, objects }) => [environment.cluster.folder, environment, charts, objects] as const))(
  'the cluster folder %s', (_folder, environment, charts, objects) => {
    const annotated = withDeliveryAnnotations(objects);

    it('give every object the sync wave of its stage, and keep everything else as it was', () => {
      expect(annotated).toHaveLength(objects.length);
      annotated.forEach((object, index) => {
        expect(waveOf(object)).toBe(deliveryStageOf(objects[index]).wave);
        const { 'argocd.argoproj.io/sync-wave': _wave, 'argocd.argoproj.io/sync-options': _options, 'kustomize.toolkit.fluxcd.io/prune': _prune, ...rest } = annotationsOf(object);
        expect(rest).toEqual(annotationsOf(objects[index]));
        expect({ ...object, metadata: { ...object.metadata, annotations: undefined } }).toEqual({ ...objects[index], metadata: { ...objects[index].metadata, annotations: undefined } });
      });
    });

    it('never change the objects they are given', () => {
      expect(objects.some((object) => 'argocd.argoproj.io/sync-wave' in annotationsOf(object))).toBe(false);
    });

    it('keep the Namespace through any sync, prune or deletion, in Argo CD and Flux alike', () => {
      const namespaces = annotated.filter((object) => object.kind === 'Namespace');
      expect(namespaces.map((namespace) => namespace.metadata?.name)).toEqual([environment.namespace]);
      for (const namespace of namespaces) {
        expect(annotationsOf(namespace)['argocd.argoproj.io/sync-options'].split(',')).toEqual(expect.arrayContaining(['Prune=false', 'Delete=false']));
        expect(annotationsOf(namespace)['kustomize.toolkit.fluxcd.io/prune']).toBe('disabled');
      }
      const others = annotated.filter((object) => object.kind !== 'Namespace');
      expect(others.filter((object) => 'argocd.argoproj.io/sync-options' in annotationsOf(object) || 'kustomize.toolkit.fluxcd.io/prune' in annotationsOf(object))).toEqual([]);
    });

    it('still validate against their schemas once annotated', async () => {
      expect(await validateAgainstSchemas(environment.cluster.folder, annotated)).toEqual([]);
    });

    it('put every object but the Namespace in the workload namespace, the one the AppProject allows', () => {
      const elsewhere = objects.filter((object) => (CLUSTER_SCOPED_KINDS.includes(object.kind) ? object.metadata?.namespace !== undefined : object.metadata?.namespace !== environment.namespace));
      expect(elsewhere.map((object) => `${object.kind}/${object.metadata?.namespace}/${object.metadata?.name}`)).toEqual([]);
    });

    it('hold nothing an engine fights over: no replica count an HPA owns, no object twice', () => {
      const serviceCharts = charts.filter((chart) => chart.plan.deployment !== undefined);
      expect(serviceCharts.map((chart) => chart.plan.deployment?.service.name).sort()).toEqual(testPlan().deployments
        .filter((deployment) => deployment.environment.cluster.folder === environment.cluster.folder).map((deployment) => deployment.service.name).sort());
      for (const chart of serviceCharts) {
        const hpas = chart.objects.filter((object) => object.kind === 'HorizontalPodAutoscaler');
        expect(hpas).toHaveLength(1);
        expect(engineConflicts(chart.objects)).toEqual([]);
      }
      expect(engineConflicts(objects)).toEqual([]);
    });
  });

describe('sync waves', () => {
  const waveOfKind = (kind: string) => deliveryStageOf({ apiVersion: 'v1', kind }).wave;

  it('rise in the order the issue lists: Namespace and ServiceAccounts, SecretStore, ExternalSecret, workloads, monitoring', () => {
    const waves = ISSUE_ORDER.map((kinds) => kinds.map(waveOfKind));
    waves.forEach((step) => expect(new Set(step).size).toBe(1));
    const steps = waves.map((step) => step[0]);
    expect([...steps].sort((a, b) => a - b)).toEqual(steps);
    expect(new Set(steps).size).toBe(steps.length);
  });

  it('order every kind the plan emits, each in one step of that order', () => {
    const emitted = new Set(synthesizedMainPlan().flatMap((chart) => chart.objects).map((object) => object.kind));
    expect([...emitted].filter((kind) => !ISSUE_ORDER.some((kinds) => kinds.includes(kind)))).toEqual([]);
  });

  it('agree with the Flux layers: every foundation wave comes before every workloads wave', () => {
    const kinds = ISSUE_ORDER.flat();
    const foundation = kinds.filter((kind) => deliveryStageOf({ apiVersion: 'v1', kind }).layer === 'foundation').map(waveOfKind);
    const workloads = kinds.filter((kind) => deliveryStageOf({ apiVersion: 'v1', kind }).layer === 'workloads').map(waveOfKind);
    expect(Math.max(...foundation)).toBeLessThan(Math.min(...workloads));
    expect(kinds.filter((kind) => deliveryStageOf({ apiVersion: 'v1', kind }).layer === 'foundation')).toEqual(['Namespace', 'ServiceAccount', 'SecretStore', 'ExternalSecret']);
  });
});

describe('engineConflicts', () => {
  const deployment = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'api', namespace: 'team' }, spec: { replicas: 3 } };
  const hpa = {
    apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'api', namespace: 'team' },
    spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'api' } },
  };

  it('finds a replica count an HPA owns', () => {
    expect(engineConflicts([deployment, hpa])).toEqual([expect.stringMatching(/^Deployment\/api: sets spec\.replicas while HorizontalPodAutoscaler\/api owns it/)]);
  });

  it('lets a Deployment no HPA scales set its replicas, and an HPA scale one without', () => {
    expect(engineConflicts([deployment])).toEqual([]);
    expect(engineConflicts([{ ...deployment, spec: {} }, hpa])).toEqual([]);
    expect(engineConflicts([deployment, { ...hpa, metadata: { name: 'api', namespace: 'other' } }])).toEqual([]);
  });

  it('finds one object written twice', () => {
    expect(engineConflicts([hpa, hpa])).toEqual(['autoscaling/v2/HorizontalPodAutoscaler team/api: written twice in one cluster folder']);
  });

  it('finds one object written by two charts of a folder, checked one chart at a time', () => {
    const folder = new EngineConflicts();
    expect(folder.add([{ ...deployment, spec: {} }])).toEqual([]);
    expect(folder.add([{ ...deployment, spec: {} }])).toEqual(['apps/v1/Deployment team/api: written twice in one cluster folder']);
  });

  it('finds a replica count an HPA of another chart owns, whichever chart comes first', () => {
    const hpaFirst = new EngineConflicts();
    expect(hpaFirst.add([hpa])).toEqual([]);
    expect(hpaFirst.add([deployment])).toEqual([expect.stringMatching(/^Deployment\/api: sets spec\.replicas while HorizontalPodAutoscaler\/api owns it/)]);
    const deploymentFirst = new EngineConflicts();
    expect(deploymentFirst.add([deployment])).toEqual([]);
    expect(deploymentFirst.add([hpa])).toEqual([expect.stringMatching(/^Deployment\/api: sets spec\.replicas while HorizontalPodAutoscaler\/api owns it/)]);
  });
});

describe('synth', () => {
  it('refuses a cluster folder two of whose charts write one object, naming the folder', async () => {
    const plan = testPlan();
    const [first] = plan.charts.filter((chart) => chart.environment !== undefined);
    const copy = { ...first, file: `${first.environment!.cluster.folder}/copy.k8s.yaml` };
    await expect(synthesize({ projectRoot: '/nonexistent', charts: [first, copy] }))
      .rejects.toThrow(`${first.environment!.cluster.folder}: v1/Namespace /`);
  });
});
