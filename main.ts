import { ALERTS } from './alerts/registry';
import { DASHBOARDS } from './dashboards/registry';
import { production } from './environments/production';
import { staging } from './environments/staging';
import { planDeployments } from './lib/plan/deployment-plan';
import { alertingModelFile } from './lib/review/alerting-model';
import { deploymentSummaryFile } from './lib/review/deployment-summary';
import { renderRotationPolicy, rotationPolicyInput } from './lib/secrets/rotation-policy';
import { ROTATION_POLICY_DOCUMENT } from './lib/secrets/service-secrets';
import { runSynth } from './lib/synth/run-synth';
import type { DeploymentOutline, GeneratedFile } from './lib/synth/synthesize';
import { aionMonitoring } from './services/aion-monitoring';
import { collaborationApi } from './services/collaboration-api';
import { reconciliationBackend } from './services/reconciliation-backend';

/** What is deployed where: every service below, in every environment below, with every registered alert and dashboard. */
export const plan = planDeployments({
  environments: [staging, production],
  services: [reconciliationBackend, collaborationApi, aionMonitoring],
  alerts: ALERTS,
  dashboards: DASHBOARDS,
});

/** Documents kept in sync next to dist/, from the resolved deployments: the review summary, the alerting model and the rotation policy. */
export function documents(outlines: readonly DeploymentOutline[]): GeneratedFile[] {
  return [
    deploymentSummaryFile(outlines),
    alertingModelFile(outlines),
    { path: ROTATION_POLICY_DOCUMENT, content: renderRotationPolicy(rotationPolicyInput(plan.deployments)) },
  ];
}

if (require.main === module) {
  // `cdk8s synth` passes its output folder in CDK8S_OUTDIR.
  void runSynth({ charts: plan.charts, outdir: process.env.CDK8S_OUTDIR ?? 'dist', documents });
}
