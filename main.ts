import { ALERTS } from './alerts/registry';
import { DASHBOARDS } from './dashboards/registry';
import { production } from './environments/production';
import { staging } from './environments/staging';
import { DeploymentPlan, planDeployments } from './lib/plan/deployment-plan';
import { deploymentSummaryFile } from './lib/review/deployment-summary';
import { renderRotationPolicy, rotationPolicyInput } from './lib/secrets/rotation-policy';
import { ROTATION_POLICY_DOCUMENT } from './lib/secrets/service-secrets';
import { runSynth } from './lib/synth/run-synth';
import type { DeploymentOutline, GeneratedFile } from './lib/synth/synthesize';
import { aionMonitoring } from './services/aion-monitoring';
import { collaborationApi } from './services/collaboration-api';
import { reconciliationBackend } from './services/reconciliation-backend';

let planned: DeploymentPlan | undefined;

/**
 * What is deployed where: every service below, in every environment below, with every
 * registered alert and dashboard. Resolved on first use, so a spec error surfaces
 * inside synth's error handling as one line.
 */
export function deploymentPlan(): DeploymentPlan {
  planned ??= planDeployments({
    environments: [staging, production],
    services: [reconciliationBackend, collaborationApi, aionMonitoring],
    alerts: ALERTS,
    dashboards: DASHBOARDS,
  });
  return planned;
}

/** Documents kept in sync next to dist/, from the resolved deployments: the review summary and the rotation policy. */
export function documents(outlines: readonly DeploymentOutline[]): GeneratedFile[] {
  return [
    deploymentSummaryFile(outlines),
    { path: ROTATION_POLICY_DOCUMENT, content: renderRotationPolicy(rotationPolicyInput(deploymentPlan().deployments)) },
  ];
}

if (require.main === module) {
  // `cdk8s synth` passes its output folder in CDK8S_OUTDIR; unset means dist/, empty is refused.
  void runSynth({ charts: () => deploymentPlan().charts, outdir: process.env.CDK8S_OUTDIR, documents });
}
