import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { GitRepository } from '../../imports/gitrepository-source.toolkit.fluxcd.io';
import { Kustomization, KustomizationSpecDeletionPolicy, KustomizationSpecSourceRefKind } from '../../imports/kustomization-kustomize.toolkit.fluxcd.io';
import { DELIVERY_LAYERS, type DeliveryLayer } from './delivery-order';
import type { DeliverySettings } from './delivery-settings';
import type { ResolvedEnvironment } from '../plan/resolved-deployment';
import { checkEnvironmentTargets, DELIVERY_FOLDER, DELIVERY_LABELS, targetPath } from './delivery-target';

export interface FluxChartProps {
  /** The (environment, cluster) whose folder this cluster's Flux applies. */
  readonly target: ResolvedEnvironment;
  readonly settings: DeliverySettings;
}

/** Where synth writes a cluster's chart: bootstrapped into that cluster's Flux namespace. */
export function fluxChartFile(target: ResolvedEnvironment): string {
  return `${DELIVERY_FOLDER}/flux/${target.cluster.folder}.k8s.yaml`;
}

const READY = (status: 'True' | 'False') => `has(status.conditions) && status.conditions.exists(c, c.type == 'Ready' && c.status == '${status}')`;

/**
 * kstatus, which `wait` uses, judges a custom resource by its Reconciling and Stalled
 * conditions only; External Secrets and cert-manager report `Ready`. Without these
 * (Flux ≥ 2.5), an ExternalSecret that cannot sync would count as ready and the workloads
 * would start without their Secret. A Certificate is Ready=False while it is being issued,
 * so only Ready=True decides it (the timeout catches one that never is).
 */
const READY_CONDITION_HEALTH = [
  { apiVersion: 'external-secrets.io/v1', kind: 'SecretStore', current: READY('True'), failed: READY('False') },
  { apiVersion: 'external-secrets.io/v1', kind: 'ExternalSecret', current: READY('True'), failed: READY('False') },
  { apiVersion: 'cert-manager.io/v1', kind: 'Certificate', current: READY('True') },
];

/**
 * A `.sourceignore` (gitignore syntax) that keeps only `folder` of the repository: each
 * cluster's Flux fetches its own folder, so another cluster's change never makes it
 * reconcile. Git cannot re-include a file below an excluded folder, so every folder on the
 * way is excluded with its contents, then re-included.
 */
function onlyFolder(folder: string): string {
  const parts = folder.split('/');
  return ['/*', ...parts.flatMap((_, index) => {
    const path = parts.slice(0, index + 1).join('/');
    return index === parts.length - 1 ? [`!/${path}/`] : [`!/${path}/`, `/${path}/*`];
  })].join('\n');
}

/** The Kustomization of one layer of a cluster folder, e.g. `production-eu-west-1-workloads`. */
export function kustomizationName(target: ResolvedEnvironment, layer: DeliveryLayer): string {
  return `${target.name}-${target.cluster.name}-${layer}`;
}

/**
 * One cluster's Flux, reading the same folder an Argo CD Application would: a
 * GitRepository, and one Kustomization per layer of DELIVERY_LAYERS, each `dependsOn` the
 * one before, so the workloads are applied only once the foundation is ready (its
 * ExternalSecrets synced, hence the Secrets the pods read exist).
 *
 * - `wait`: a layer is ready when every object it applied is (kstatus), within `timeout`;
 *   a failed apply or health check is retried after `retryInterval`.
 * - `prune`: what leaves the folder is deleted, except Namespaces, which carry
 *   `kustomize.toolkit.fluxcd.io/prune: disabled` (delivery-annotations.ts).
 * - No `targetNamespace`: every object carries its namespace already.
 * - Production: `deletionPolicy: Orphan`, so deleting a Kustomization (a cluster leaving
 *   the plan, a mistake) leaves the workloads running, as the production ApplicationSet
 *   does in Argo CD. Other tiers delete what their Kustomization applied.
 */
export class FluxChart extends Chart {
  public readonly source: GitRepository;
  /** In DELIVERY_LAYERS order: foundation, then workloads. */
  public readonly kustomizations: readonly Kustomization[];

  constructor(scope: Construct, id: string, props: FluxChartProps) {
    super(scope, id, { disableResourceNameHashes: true, labels: DELIVERY_LABELS });
    const { target, settings } = props;
    checkEnvironmentTargets(target.name, [target]);
    const { flux, repository } = settings;
    const labels = { environment: target.name, cluster: target.cluster.name };

    this.source = new GitRepository(this, 'Source', {
      metadata: { name: flux.sourceName, namespace: flux.namespace },
      spec: {
        url: repository.url,
        ref: { branch: repository.branch },
        interval: flux.sourceInterval,
        secretRef: flux.credentialsSecret === undefined ? undefined : { name: flux.credentialsSecret },
        ignore: onlyFolder(targetPath(repository.distPath, target)),
      },
    });

    const timeouts: Record<DeliveryLayer, string> = { foundation: flux.foundationTimeout, workloads: flux.workloadsTimeout };
    this.kustomizations = DELIVERY_LAYERS.map((layer, index) => new Kustomization(this, `Kustomization-${layer}`, {
      metadata: { name: kustomizationName(target, layer), namespace: flux.namespace, labels },
      spec: {
        sourceRef: { kind: KustomizationSpecSourceRefKind.GIT_REPOSITORY, name: flux.sourceName },
        path: `./${targetPath(repository.distPath, target, layer)}`,
        dependsOn: index === 0 ? undefined : [{ name: kustomizationName(target, DELIVERY_LAYERS[index - 1]) }],
        interval: flux.interval,
        retryInterval: flux.retryInterval,
        timeout: timeouts[layer],
        prune: true,
        wait: true,
        healthCheckExprs: READY_CONDITION_HEALTH,
        deletionPolicy: target.tier === 'production' ? KustomizationSpecDeletionPolicy.ORPHAN : KustomizationSpecDeletionPolicy.MIRROR_PRUNE,
      },
    }));
  }
}
