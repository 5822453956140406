import { production } from './environments/production';
import { staging } from './environments/staging';
import { planDeployments } from './lib/synth/deployment-plan';
import { runSynth } from './lib/synth/run-synth';
import { aionMonitoring } from './services/aion-monitoring';
import { collaborationApi } from './services/collaboration-api';
import { reconciliationBackend } from './services/reconciliation-backend';

/** What is deployed where: every service below, in every environment below. */
export const plans = planDeployments({
  environments: [staging, production],
  services: [reconciliationBackend, collaborationApi, aionMonitoring],
});

if (require.main === module) {
  // `cdk8s synth` passes its output folder in CDK8S_OUTDIR.
  void runSynth({ plans, outdir: process.env.CDK8S_OUTDIR ?? 'dist' });
}
