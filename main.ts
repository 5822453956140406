import { ALERTS } from './alerts/registry';
import { DASHBOARDS } from './dashboards/registry';
import { FARGATE_LIST_PRICE } from './environments/prices';
import { production } from './environments/production';
import { staging } from './environments/staging';
import { DeploymentPlan, planDeployments } from './lib/plan/deployment-plan';
import type { Placeholder } from './lib/review/placeholders';
import { placeholdersOf, reviewDocuments, ReviewSources, synthWarnings } from './lib/review/review-documents';
import { DocumentsInput, runSynth } from './lib/synth/run-synth';
import type { GeneratedFile } from './lib/synth/synthesize';
import { aionMonitoring } from './services/aion-monitoring';
import { collaborationApi } from './services/collaboration-api';
import { reconciliationBackend } from './services/reconciliation-backend';

/** What is deployed where: every service below, in every environment below. */
const ENVIRONMENTS = [staging, production];
const SERVICES = [reconciliationBackend, collaborationApi, aionMonitoring];

let planned: DeploymentPlan | undefined;

/**
 * Every service in every environment, with every registered alert and dashboard.
 * Resolved on first use, so a spec error surfaces inside synth's error handling as one line.
 */
export function deploymentPlan(): DeploymentPlan {
  planned ??= planDeployments({ environments: ENVIRONMENTS, services: SERVICES, alerts: ALERTS, dashboards: DASHBOARDS });
  return planned;
}

function sources(): ReviewSources {
  return { plan: deploymentPlan(), environments: ENVIRONMENTS, services: SERVICES, prices: FARGATE_LIST_PRICE };
}

/** Placeholder values still in the specs, environments first (docs/DEPLOYMENT.md, each preflight.sh, the PR comment). */
export function specPlaceholders(): Placeholder[] {
  return placeholdersOf({ environments: ENVIRONMENTS, services: SERVICES });
}

/** Documents kept in sync next to dist/: the deployment summary, the rotation policy, each environment's preflight. */
export function documents(input: DocumentsInput): GeneratedFile[] {
  return reviewDocuments(sources(), input);
}

/** Synthesizes every chart and document, printing warnings first (`npm run synth` runs this from a cached bundle). */
export function synth(): Promise<void> {
  return runSynth({
    charts: () => {
      for (const warning of synthWarnings(sources(), new Date().toISOString().slice(0, 10))) console.error(`synth: warning: ${warning}`);
      return deploymentPlan().charts;
    },
    // `cdk8s synth` passes its output folder in CDK8S_OUTDIR; unset means dist/, empty is refused.
    outdir: process.env.CDK8S_OUTDIR,
    documents,
  });
}

if (require.main === module) void synth();
