import { type DeploymentPlan, NAMESPACE_PATH_IN_CLUSTER } from '../plan/deployment-plan';
import { scalingSettingsFor } from '../scaling/scaling-settings';
import { reviewScaling } from '../scaling/scaling-checks';
import { nextRotation, renderRotationPolicy, rotationPolicyInput } from '../secrets/rotation-policy';
import { ROTATION_POLICY_DOCUMENT } from '../secrets/service-secrets';
import type { DeliverySpec } from '../specs/delivery-spec';
import type { EnvironmentSpec } from '../specs/environment-spec';
import type { ServiceSpec } from '../specs/service-spec';
import type { DocumentsInput } from '../synth/run-synth';
import type { GeneratedFile } from '../synth/synthesize';
import { environmentApplySet, applySetId } from '../workload/apply-set';
import { buildCapacityLedger, capacityInputOf, type PriceTable } from './capacity-ledger';
import { alertingModelFile } from './alerting-model';
import { deploymentSummaryFile } from './deployment-summary';
import { findPlaceholders, type Placeholder } from './placeholders';
import { preflightFile } from './preflight';

/** What the review documents are written from, besides what synth built. */
export interface ReviewSources {
  readonly plan: DeploymentPlan;
  /** The specs as written, scanned for placeholder values. */
  readonly environments: readonly EnvironmentSpec[];
  readonly services: readonly ServiceSpec[];
  /** Where the GitOps engines read dist/ from, scanned for placeholders too. @default none */
  readonly delivery?: DeliverySpec;
  /** Dated price per vCPU-hour and GiB-hour for the capacity ledger. */
  readonly prices: PriceTable;
}

/**
 * The documents synth keeps in sync with dist/: docs/DEPLOYMENT.md (prerequisites,
 * placeholders, how to apply, each deployment, capacity and cost, scaling checks),
 * docs/ALERTING.md, the rotation policy, and each environment's `preflight.sh`.
 */
export function reviewDocuments(sources: ReviewSources, input: DocumentsInput): GeneratedFile[] {
  const { plan } = sources;
  return [
    deploymentSummaryFile({
      outlines: input.outlines,
      kindsByCluster: input.kindsByCluster,
      targets: plan.environments,
      placeholders: placeholdersOf(sources),
      capacity: buildCapacityLedger(plan.deployments.map(capacityInputOf), sources.prices),
      scaling: plan.deployments.map((deployment) => ({
        environment: deployment.environment.cluster.folder,
        service: deployment.service.name,
        review: reviewScaling(scalingSettingsFor({ ...deployment.workload.autoscaling, minAvailable: deployment.workload.minAvailable })),
      })),
    }),
    alertingModelFile(input.outlines),
    { path: ROTATION_POLICY_DOCUMENT, content: renderRotationPolicy(rotationPolicyInput(plan.deployments)) },
    ...plan.environments.map((environment) => {
      const publicDeployments = plan.deployments.filter((d) => d.environment.cluster.folder === environment.cluster.folder && d.workload.publicRoute);
      const routes = publicDeployments.map((d) => d.workload.publicRoute!);
      const parent = environmentApplySet(environment);
      const file = preflightFile({
        environment: environment.name,
        cluster: { name: environment.cluster.name, label: environment.cluster.label },
        namespace: environment.namespace,
        namespaceFile: NAMESPACE_PATH_IN_CLUSTER,
        monitoringSelector: environment.monitoringSelector,
        // Every route of a cluster attaches to its one Gateway.
        gateway: routes.length === 0 ? undefined : {
          ...environment.gateway,
          listeners: routes.map((route) => ({ name: route.listener, host: route.host, secretName: route.tlsSecretName })),
          clusterIssuers: [...new Set(routes.map((route) => route.clusterIssuer))],
        },
        applySet: { resource: parent.resource, name: parent.name, id: applySetId(parent) },
        // The environment's own spec and every service spec (each runs in every environment).
        placeholders: placeholdersOf({ environments: sources.environments.filter((spec) => spec.name === environment.name), services: sources.services, delivery: sources.delivery }),
        // Every deployment of an environment resolves the same exporter.
        blackboxExporter: publicDeployments[0]?.edge?.prober,
      });
      return { path: `${input.outdir}/${file.path}`, content: file.content };
    }),
  ];
}

/** Placeholder values of every spec, environments first. */
export function placeholdersOf(sources: Pick<ReviewSources, 'environments' | 'services' | 'delivery'>): Placeholder[] {
  return [
    ...(sources.delivery ? findPlaceholders('delivery', sources.delivery) : []),
    ...sources.environments.flatMap((environment) => findPlaceholders(`environments.${environment.name}`, environment)),
    ...sources.services.flatMap((service) => findPlaceholders(`services.${service.name}`, service)),
  ];
}

/**
 * One-line warnings synth prints: placeholder values left in production specs, and
 * secrets whose rotation is overdue on `today` (YYYY-MM-DD).
 */
export function synthWarnings(sources: Pick<ReviewSources, 'plan' | 'environments' | 'services' | 'delivery'>, today: string): string[] {
  const warnings: string[] = [];
  // Service specs run in every environment, production included.
  const production = sources.environments.filter((environment) => environment.tier === 'production');
  const inProduction = production.length === 0 ? [] : placeholdersOf({ environments: production, services: sources.services, delivery: sources.delivery });
  if (inProduction.length > 0) {
    warnings.push(`production specs still hold ${inProduction.length} placeholder values (docs/DEPLOYMENT.md#placeholders): `
      + inProduction.map((placeholder) => `${placeholder.field} = ${placeholder.value}`).join(', '));
  }
  const overdue = new Map<string, string>();
  for (const deployment of sources.plan.deployments) {
    for (const entry of deployment.secrets?.inventory ?? []) {
      const due = nextRotation(entry);
      if (due < today) overdue.set(`${deployment.service.name} ${entry.envVar}`, due);
    }
  }
  if (overdue.size > 0) {
    warnings.push(`secrets overdue for rotation (docs/SECRETS_ROTATION_POLICY.md): ${[...overdue].map(([secret, due]) => `${secret} (due ${due})`).join(', ')}`);
  }
  return warnings;
}
