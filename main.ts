import { production } from './environments/production';
import { staging } from './environments/staging';
import { dashboardFiles } from './lib/dashboards/dashboard-files';
import { deploymentSummaryFile } from './lib/review/deployment-summary';
import { renderRotationPolicy, rotationPolicyInput } from './lib/secrets/rotation-policy';
import { ROTATION_POLICY_DOCUMENT } from './lib/secrets/service-secrets';
import { planDeployments } from './lib/synth/deployment-plan';
import { GeneratedFile, runSynth } from './lib/synth/run-synth';
import type { SynthesizedChart } from './lib/synth/synthesize';
import { aionMonitoring } from './services/aion-monitoring';
import { collaborationApi } from './services/collaboration-api';
import { reconciliationBackend } from './services/reconciliation-backend';

/** What is deployed where: every service below, in every environment below. */
export const plans = planDeployments({
  environments: [staging, production],
  services: [reconciliationBackend, collaborationApi, aionMonitoring],
});

/** Files kept in sync next to dist/: dashboard JSON for import by hand, the review summary, the rotation policy. */
export function generatedFiles(charts: readonly SynthesizedChart[]): GeneratedFile[] {
  return [
    ...dashboardFiles(charts),
    deploymentSummaryFile(charts),
    { path: ROTATION_POLICY_DOCUMENT, content: renderRotationPolicy(rotationPolicyInput(plans)) },
  ];
}

if (require.main === module) {
  // `cdk8s synth` passes its output folder in CDK8S_OUTDIR; unset means dist/, empty is refused.
  void runSynth({ plans, outdir: process.env.CDK8S_OUTDIR, generatedFiles });
}
