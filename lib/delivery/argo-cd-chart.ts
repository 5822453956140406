import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { ApplicationSet, ApplicationSetSpecSyncPolicyApplicationsSync, type ApplicationSetSpecTemplateSpecSyncPolicy } from '../../imports/applicationset-argoproj.io';
import { AppProject } from '../../imports/appproject-argoproj.io';
import { RELOADER_RELOADED_FROM_ANNOTATION } from '../workload/http-service';
import { clusterResourceKinds, namespaceResourceKinds } from './argo-cd-project';
import type { DeliverySettings } from './delivery-settings';
import type { ResolvedEnvironment } from '../plan/resolved-deployment';
import { checkEnvironmentTargets, DELIVERY_FOLDER, DELIVERY_LABELS, targetPath } from './delivery-target';

export interface ArgoCdChartProps {
  /** The environment the chart deploys; the AppProject and the ApplicationSet are named after it. */
  readonly environment: string;
  /** One per cluster the environment runs in, all of the environment's tier. */
  readonly targets: readonly ResolvedEnvironment[];
  readonly settings: DeliverySettings;
}

/** Where synth writes an environment's chart: applied once into the Argo CD (hub) cluster. */
export function argoCdChartFile(environment: string): string {
  return `${DELIVERY_FOLDER}/argo-cd/${environment}.k8s.yaml`;
}

/** The Application the ApplicationSet makes for a target: `<environment>-<cluster>`. */
export function applicationName(environment: string, cluster: string): string {
  return `${environment}-${cluster}`;
}

/**
 * Diffing by a server-side dry-run apply: the live object is compared with what the API
 * server would make of the manifest, defaults filled in. ESO's CRD defaults fields inside
 * `spec.data[]` (conversionStrategy, decodingStrategy, metadataPolicy); the legacy diff
 * compares a CRD's lists whole, would see them as drift forever and self-heal in a loop.
 */
const COMPARE_OPTIONS_ANNOTATION = 'argocd.argoproj.io/compare-options';
const COMPARE_OPTIONS = 'ServerSideDiff=true';

/**
 * - ServerSideApply: Argo CD owns only the fields it sets, so the HPA's `spec.replicas` and
 *   the annotation Reloader writes stay theirs, and the dashboards' ConfigMaps never hit
 *   the 256 KiB limit of the client-side `last-applied-configuration` annotation.
 * - PruneLast: what left `dist/` is deleted after every wave is healthy, never before its
 *   replacement runs.
 * - RespectIgnoreDifferences: a sync keeps the live value of the ignored fields below
 *   instead of writing the manifest's (which would roll the pods again).
 */
const SYNC_OPTIONS: readonly string[] = ['ServerSideApply=true', 'PruneLast=true', 'RespectIgnoreDifferences=true'];

/**
 * Reloader runs with `--reload-strategy=annotations` (lib/review/prerequisites.ts): on a
 * Secret change it writes one annotation into the pod template, which rolls the pods. Not
 * in Git, so it must not count as drift, or self-heal would remove it and roll them again.
 */
export const RELOADER_IGNORED_DIFFERENCE = {
  group: 'apps',
  kind: 'Deployment',
  jsonPointers: [`/spec/template/metadata/annotations/${RELOADER_RELOADED_FROM_ANNOTATION.replace('/', '~1')}`],
} as const;

/**
 * The sync policy, the same in every tier: production too syncs by itself, with self-heal
 * and prune. In the rendered-manifests flow the review is the pull request on `dist/` (the
 * diff people read is the diff applied) and merging it is the approval; a manual sync
 * would add a second, unreviewed decision, leave `main` and production apart for as long
 * as nobody clicks, and let hand edits stay. What protects production instead: Namespaces
 * are never pruned or deleted (delivery-annotations.ts), an empty folder never prunes a
 * cluster (`allowEmpty: false`), failed syncs retry with backoff and then stop for people,
 * and the production ApplicationSet never deletes an Application or its objects
 * (`applicationSetPolicy`). No sync window: a deny window would also hold back self-heal
 * and hotfixes, and the project has no freeze calendar to encode.
 */
function applicationSyncPolicy(settings: DeliverySettings): ApplicationSetSpecTemplateSpecSyncPolicy {
  const { retryLimit, retryBackoff, retryBackoffFactor, retryBackoffMax } = settings.argoCd;
  return {
    automated: { prune: true, selfHeal: true, allowEmpty: false },
    retry: { limit: retryLimit, backoff: { duration: retryBackoff, factor: retryBackoffFactor, maxDuration: retryBackoffMax } },
    syncOptions: [...SYNC_OPTIONS],
  };
}

/**
 * Production: the ApplicationSet creates and updates Applications but never deletes one
 * (a cluster dropped from the plan, or an edit that empties the generator, leaves its
 * Application for someone to delete on purpose), and deleting the ApplicationSet leaves
 * the workloads running. Other tiers follow the plan both ways.
 */
function applicationSetPolicy(tier: ResolvedEnvironment['tier']) {
  return tier === 'production'
    ? { applicationsSync: ApplicationSetSpecSyncPolicyApplicationsSync.CREATE_HYPHEN_UPDATE, preserveResourcesOnDeletion: true }
    : { applicationsSync: ApplicationSetSpecSyncPolicyApplicationsSync.SYNC, preserveResourcesOnDeletion: false };
}

/**
 * One environment in Argo CD, the rendered-manifests way (hub model: the chart is applied
 * into the cluster running Argo CD, which deploys to each registered cluster): an
 * AppProject that allows the repository, the environment's clusters and namespace and the
 * kinds of DELIVERY_STAGES, nothing else; and an ApplicationSet whose list generator makes
 * one Application per cluster, syncing `dist/<environment>/<cluster>/` wave by wave.
 */
export class ArgoCdChart extends Chart {
  public readonly project: AppProject;
  public readonly applicationSet: ApplicationSet;

  constructor(scope: Construct, id: string, props: ArgoCdChartProps) {
    super(scope, id, { disableResourceNameHashes: true, labels: DELIVERY_LABELS });
    const { environment, targets, settings } = props;
    checkEnvironmentTargets(environment, targets);
    const { namespace } = settings.argoCd;
    const { url, branch, distPath } = settings.repository;

    this.project = new AppProject(this, 'Project', {
      metadata: { name: environment, namespace },
      spec: {
        description: `${environment}: the rendered manifests of ${url} under ${distPath}/${environment}/`,
        sourceRepos: [url],
        destinations: targets.map((target) => ({ name: target.cluster.argoCdDestination, namespace: target.namespace })),
        clusterResourceWhitelist: clusterResourceKinds(),
        namespaceResourceWhitelist: namespaceResourceKinds(),
      },
    });

    this.applicationSet = new ApplicationSet(this, 'ApplicationSet', {
      metadata: { name: environment, namespace },
      spec: {
        goTemplate: true,
        // A misspelt key fails the generator instead of rendering an empty path or destination.
        goTemplateOptions: ['missingkey=error'],
        generators: [{
          list: {
            elements: targets.map((target) => ({
              cluster: target.cluster.name,
              region: target.cluster.region,
              destination: target.cluster.argoCdDestination,
              namespace: target.namespace,
              path: targetPath(distPath, target),
            })),
          },
        }],
        syncPolicy: applicationSetPolicy(targets[0].tier),
        template: {
          metadata: {
            name: applicationName(environment, '{{.cluster}}'),
            labels: { ...DELIVERY_LABELS, environment, cluster: '{{.cluster}}', region: '{{.region}}' },
            annotations: { [COMPARE_OPTIONS_ANNOTATION]: COMPARE_OPTIONS },
          },
          spec: {
            project: environment,
            // Both subfolders (foundation/, workloads/) in one Application: the waves order them.
            source: { repoUrl: url, targetRevision: branch, path: '{{.path}}', directory: { recurse: true } },
            // The objects carry their namespace; this is only the default for one that would not.
            destination: { name: '{{.destination}}', namespace: '{{.namespace}}' },
            syncPolicy: applicationSyncPolicy(settings),
            ignoreDifferences: [{ ...RELOADER_IGNORED_DIFFERENCE, jsonPointers: [...RELOADER_IGNORED_DIFFERENCE.jsonPointers] }],
          },
        },
      },
    });
  }
}
