import { ALERTS } from './alerts/registry';
import { DASHBOARDS } from './dashboards/registry';
import { FARGATE_LIST_PRICE } from './environments/prices';
import { production } from './environments/production';
import { staging } from './environments/staging';
import { delivery } from './environments/delivery';
import { DeploymentPlan, planDeployments } from './lib/plan/deployment-plan';
import type { Placeholder } from './lib/review/placeholders';
import { placeholdersOf, reviewDocuments, ReviewSources, synthWarnings } from './lib/review/review-documents';
import { DocumentsInput, runSynth } from './lib/synth/run-synth';
import type { GeneratedFile } from './lib/synth/synthesize';
import { aionMonitoring } from './services/aion-monitoring';
import { collaborationApi } from './services/collaboration-api';
import { reconciliationBackend } from './services/reconciliation-backend';

/** What is deployed where: every service below, in every cluster of every environment below. Tests take their lists from here. */
export const ENVIRONMENTS = [staging, production];
export const SERVICES = [reconciliationBackend, collaborationApi, aionMonitoring];
export const DELIVERY = delivery;

let planned: DeploymentPlan | undefined;

/**
 * Every service in every environment, with every registered alert and dashboard.
 * Resolved on first use, so a spec error surfaces inside synth's error handling as one line.
 */
export function deploymentPlan(): DeploymentPlan {
  planned ??= planDeployments({ environments: ENVIRONMENTS, services: SERVICES, alerts: ALERTS, dashboards: DASHBOARDS, delivery: DELIVERY });
  return planned;
}

function sources(): ReviewSources {
  return { plan: deploymentPlan(), environments: ENVIRONMENTS, services: SERVICES, delivery: DELIVERY, prices: FARGATE_LIST_PRICE };
}

/** Placeholder values still in the specs, environments first (docs/DEPLOYMENT.md, each preflight.sh, the PR comment). */
export function specPlaceholders(): Placeholder[] {
  return placeholdersOf({ environments: ENVIRONMENTS, services: SERVICES, delivery: DELIVERY });
}

/** Documents kept in sync next to dist/: the deployment summary, the rotation policy, each environment's preflight. */
export function documents(input: DocumentsInput): GeneratedFile[] {
  return reviewDocuments(sources(), input);
}

/**
 * Synthesizes every chart and document into dist/ (`--outdir <folder>` elsewhere), printing
 * warnings first. Run by `npm run synth` and, through cdk8s.yaml, by `npx cdk8s synth`.
 */
export function synth(args: readonly string[] = process.argv.slice(2)): Promise<void> {
  const outdirAt = args.indexOf('--outdir');
  return runSynth({
    charts: () => {
      for (const warning of synthWarnings(sources(), new Date().toISOString().slice(0, 10))) console.error(`synth: warning: ${warning}`);
      return deploymentPlan().charts;
    },
    outdir: outdirAt >= 0 ? args[outdirAt + 1] ?? '' : undefined,
    // The cdk8s CLI empties its output folder (CDK8S_OUTDIR) before it runs the app: it gets a copy.
    cliOutdir: process.env.CDK8S_OUTDIR,
    documents,
  });
}

if (require.main === module) void synth();
