import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ALERTS } from '../../alerts/registry';
import { DASHBOARDS } from '../../dashboards/registry';
import { production } from '../../environments/production';
import { staging } from '../../environments/staging';
import { planDeployments } from '../../lib/plan/deployment-plan';
import type { EnvironmentSpec } from '../../lib/specs/environment-spec';
import type { ServiceSpec } from '../../lib/specs/service-spec';
import { describeFailure, synthesize, SynthFailure } from '../../lib/synth/run-synth';
import { reconciliationBackend } from '../../services/reconciliation-backend';
import { DELIVERY, SERVICES } from '../../main';
import { collaborationApi } from '../../services/collaboration-api';

/**
 * Every spec contradiction synth must refuse, each as the one line it prints, and each
 * leaving a previous synth's output byte-identical.
 */

const BACKEND = reconciliationBackend.name;

function backendIn(environment: EnvironmentSpec, change: object): EnvironmentSpec {
  return { ...environment, services: { ...environment.services, [BACKEND]: { ...environment.services[BACKEND], ...change } } };
}
function backendWith(change: object): ServiceSpec[] {
  return SERVICES.map((service) => (service.name === BACKEND ? { ...service, ...change } as ServiceSpec : service));
}

interface Case {
  readonly name: string;
  readonly environments?: EnvironmentSpec[];
  readonly services?: ServiceSpec[];
  /** The start of the line synth prints, after `synth failed: `. */
  readonly message: string;
}

const CASES: readonly Case[] = [
  { name: 'a misspelt spec property (minReplica)', services: backendWith({ autoscaling: { minReplica: 3 } }),
    message: 'services.reconciliation-backend.autoscaling.minReplica (reconciliation-backend): 3 is not a known field; did you mean "minReplicas"?' },
  { name: 'a misspelt spec property (prestopDelaySeconds)', services: backendWith({ prestopDelaySeconds: 3 }),
    message: 'services.reconciliation-backend.prestopDelaySeconds (reconciliation-backend): 3 is not a known field; did you mean "preStopDelaySeconds"?' },
  { name: 'a number written as a string (minReplicas: "3")', services: backendWith({ autoscaling: { minReplicas: '3' } }),
    message: 'services.reconciliation-backend.autoscaling.minReplicas (reconciliation-backend): "3" must be a number, not a string' },
  { name: 'a value outside its list (secret owner)',
    services: backendWith({ secrets: { inventory: [{ envVar: 'A', remoteKey: 'a', rotationPeriodDays: 90, owner: 'Ops', rotation: 'manual' }] } }),
    message: 'services.reconciliation-backend.secrets.inventory[0].owner (reconciliation-backend): "Ops" must be one of "Security", "DevOps", "Finance"' },
  { name: 'a list where an object belongs (autoscaling: [])', services: backendWith({ autoscaling: [] }),
    message: 'services.reconciliation-backend.autoscaling (reconciliation-backend): [] must be an object, not an array' },
  { name: 'a threshold neither number nor string', services: backendWith({ alertThresholds: { dbLatencyP95Seconds: true } }),
    message: 'services.reconciliation-backend.alertThresholds.dbLatencyP95Seconds (reconciliation-backend): true must be a number, not a boolean' },
  { name: 'an environment entry naming no service', environments: [{ ...staging, services: { ...staging.services, 'aion-monitorng': { imageTag: '1.0.0' } } }, production],
    message: `environments.staging.services.aion-monitorng (staging): "aion-monitorng" names no service of the plan (${SERVICES.map((service) => service.name).join(', ')}); did you mean "aion-monitoring"?` },
  { name: 'two ports with the same number on one Service', services: backendWith({ metricsPort: 80 }),
    message: 'services.reconciliation-backend.metricsPort (reconciliation-backend, staging): 80 must differ from 80, the Service\'s http port' },
  { name: 'two environments in one namespace', environments: [staging, { ...production, namespace: staging.namespace }],
    message: 'environments.production.namespace (production): "reconciliation-platform-staging" is also environment staging\'s namespace' },
  { name: 'two services writing one Secret',
    services: SERVICES.map((service) => (service.name === collaborationApi.name
      ? { ...service, secrets: { ...service.secrets!, targetSecretName: 'reconciliation-secrets' } } : service)),
    message: 'services.collaboration-api.secrets.targetSecretName (collaboration-api, staging): "reconciliation-secrets" is already written by reconciliation-backend in namespace reconciliation-platform-staging' },
  { name: 'two environments reading one remote key', environments: [staging, { ...production, secretKeyPrefix: 'staging/' }],
    message: 'environments.production.secretKeyPrefix (reconciliation-backend, production): "staging/reconciliation/jwt-secret" makes reconciliation-backend in production read the same AWS Secrets Manager key as staging' },
  { name: 'an SLO objective of 90 %', services: backendWith({ slos: { availability: { objectivePercent: 90 } } }),
    message: 'services.reconciliation-backend.slos.availability.objectivePercent (reconciliation-backend, staging): 90 leaves a budget so large that ErrorBudgetFastBurn' },
  { name: 'an SLO objective written as a ratio (0.995)', services: backendWith({ slos: { latency: { objectivePercent: 0.995 } } }),
    message: 'services.reconciliation-backend.slos.latency.objectivePercent (reconciliation-backend, staging): 0.995 must be a percentage from 90 to 99.999 (it looks like a ratio' },
  { name: 'a latency threshold of 200 s on a histogram whose top bucket is 2 s', services: backendWith({ alertThresholds: { dbLatencyP95Seconds: 200 } }),
    message: 'services.reconciliation-backend.alertThresholds.dbLatencyP95Seconds (reconciliation-backend, staging): 200 must be within the finite buckets of reconciliation_db_query_duration_seconds (the largest is 2 s)' },
  { name: 'for: 400d', services: backendWith({ alertThresholds: { dbLatencyFor: '400d' } }),
    message: 'services.reconciliation-backend.alertThresholds.dbLatencyFor (reconciliation-backend, staging): "400d" must be at most 1d' },
  { name: 'a moving tag (main) in production', environments: [staging, backendIn(production, { imageTag: 'main' })],
    message: 'environments.production.services.reconciliation-backend.imageTag (reconciliation-backend, production): "main" must be a release (semver, e.g. 1.4.2) or a sha256 digest' },
  { name: 'the latest tag in any environment (Latest)', environments: [backendIn(staging, { imageTag: 'Latest' }), production],
    message: 'environments.staging.services.reconciliation-backend.imageTag (reconciliation-backend, staging): "Latest" is a mutable tag' },
  { name: 'a Grafana URL with a trailing slash', environments: [staging, { ...production, grafanaUrl: 'https://grafana.example.com/' }],
    message: 'environments.production.grafanaUrl (production): "https://grafana.example.com/" must be an https URL without a trailing slash, query or fragment' },
  { name: 'a plain-http Grafana URL', environments: [{ ...staging, grafanaUrl: 'http://grafana.internal' }, production],
    message: 'environments.staging.grafanaUrl (staging): "http://grafana.internal" must be an https URL without a trailing slash' },
  { name: 'an environment without a dead man\'s switch',
    environments: [staging, { ...production, alertRouting: { ...production.alertRouting, heartbeat: undefined } } as unknown as EnvironmentSpec],
    message: 'environments.production.alertRouting.heartbeat (production): undefined must be set (a required object)' },
  { name: 'an environment without a cluster', environments: [staging, { ...production, clusters: [] }],
    message: 'environments.production.clusters (production): [] must list at least one cluster' },
  { name: 'two clusters of one environment with one name',
    environments: [staging, { ...production, clusters: [production.clusters[0], { ...production.clusters[1], name: production.clusters[0].name }] }],
    message: 'environments.production.clusters[1].name (production): "eu-west-1" duplicates environments.production.clusters[0].name' },
  { name: 'two clusters of the fleet with one cluster label',
    environments: [staging, { ...production, clusters: [{ ...production.clusters[0], label: 'staging-eu-west-1' }, production.clusters[1]] }],
    message: 'environments.production.clusters[0].label (production): "staging-eu-west-1" is also the cluster label of cluster staging/eu-west-1' },
  { name: 'a cluster label the preflight would match as a glob', environments: [staging, { ...production, clusters: [{ ...production.clusters[0], label: 'prod *' }, production.clusters[1]] }],
    message: 'environments.production.clusters[0].label (production): "prod *" must be a label value' },
  { name: 'two clusters on one Argo CD destination',
    environments: [staging, { ...production, clusters: [production.clusters[0], { ...production.clusters[1], argoCdDestination: 'production-eu-west-1' }] }],
    message: 'environments.production.clusters[1].argoCdDestination (production): "production-eu-west-1" is also the Argo CD destination of cluster production/eu-west-1' },
  { name: 'a production cluster pinging staging\'s dead man\'s switch',
    environments: [staging, { ...production, clusters: [{ ...production.clusters[0], heartbeatWebhookUrlRemoteKey: staging.alertRouting.heartbeat.webhookUrlRemoteKey }, production.clusters[1]] }],
    message: 'environments.production.clusters[0].heartbeatWebhookUrlRemoteKey (production): "alerting/staging/heartbeat-webhook-url" is also the dead man\'s switch key of cluster staging/eu-west-1' },
  { name: 'a cluster\'s alert-routing role that is no IAM role ARN',
    environments: [staging, { ...production, clusters: [{ ...production.clusters[0], alertRoutingIamRoleArn: 'alert-routing' }, production.clusters[1]] }],
    message: 'environments.production.clusters[0].alertRoutingIamRoleArn (production): "alert-routing" must be an IAM role ARN' },
  { name: 'a cluster\'s service role that is no IAM role ARN',
    environments: [staging, { ...production, clusters: [{ ...production.clusters[0], services: { [BACKEND]: { iamRoleArn: 'backend-reader' } } }, production.clusters[1]] }],
    message: `environments.production.clusters[0].services.${BACKEND}.iamRoleArn (production): "backend-reader" must be an IAM role ARN` },
  { name: 'a regional host that is no DNS name',
    environments: [staging, { ...production, clusters: [{ ...production.clusters[0], services: { [BACKEND]: { publicHost: 'api eu.example.com' } } }, production.clusters[1]] }],
    message: `environments.production.clusters[0].services.${BACKEND}.publicHost (production): "api eu.example.com" must be` },
  { name: 'two clusters of one environment pinging one dead man\'s switch',
    environments: [staging, { ...production, clusters: production.clusters.map((cluster) => ({ ...cluster, heartbeatWebhookUrlRemoteKey: 'alerting/production/heartbeat' })) }],
    message: 'environments.production.clusters[1].heartbeatWebhookUrlRemoteKey (production): "alerting/production/heartbeat" is also the dead man\'s switch key of cluster production/eu-west-1' },
  { name: 'a cluster in no AWS region', environments: [{ ...staging, clusters: [{ ...staging.clusters[0], region: 'Ireland' }] }, production],
    message: 'environments.staging.clusters[0].region (staging): "Ireland" must be the AWS region' },
  { name: 'a cluster name that is no DNS label', environments: [{ ...staging, clusters: [{ ...staging.clusters[0], name: 'EU West' }] }, production],
    message: 'environments.staging.clusters[0].name (staging): "EU West" must be' },
  { name: 'a cluster entry naming no service',
    environments: [staging, { ...production, clusters: [{ ...production.clusters[0], services: { 'reconciliation-backnd': { autoscaling: { maxReplicas: 4 } } } }, production.clusters[1]] }],
    message: 'environments.production.clusters[0].services.reconciliation-backnd (production): "reconciliation-backnd" names no service of the plan' },
  { name: 'a regional host for a service the environment keeps private',
    environments: [staging, { ...production, clusters: [{ ...production.clusters[0], services: { 'aion-monitoring': { publicHost: 'aion.eu-west-1.example.com' } } }, production.clusters[1]] }],
    message: 'environments.production.clusters[0].services.aion-monitoring.publicHost (production): "aion.eu-west-1.example.com" needs environments.production.services.aion-monitoring.publicRoute' },
  { name: 'a regional host another service already serves',
    environments: [staging, { ...production, clusters: [{ ...production.clusters[0], services: { [BACKEND]: { publicHost: production.services['collaboration-api'].publicRoute!.host } } }, production.clusters[1]] }],
    message: `environments.production.clusters[0].services.${BACKEND}.publicHost (reconciliation-backend, production): "collaboration.reconciliation-platform.example.com" is already the public host of collaboration-api in production` },
  { name: 'an environment named after the engines\' folder (delivery)', environments: [{ ...staging, name: 'delivery' }, production],
    message: 'environments[0].name: "delivery" is the folder of dist/ that holds the GitOps engines\' objects' },
  { name: 'a credential-looking literal in a plain env value', services: backendWith({ env: [{ name: 'STRIPE_KEY', value: 'sk_live_4eC39HqLyjWDarjtT1zdp7dc' }] }),
    message: 'services.reconciliation-backend.env[0].value (reconciliation-backend, staging): "STRIPE_KEY=<redacted>" looks like a Stripe key: put it in AWS Secrets Manager' },
];

describe('synth refuses contradictory specs with one line and leaves the previous output as it was', () => {
  let projectRoot: string;
  let before: Map<string, string>;

  beforeAll(async () => {
    projectRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'spec-rules-'));
    const { charts } = planDeployments({ environments: [staging, production], services: SERVICES, alerts: ALERTS, dashboards: DASHBOARDS, delivery: DELIVERY });
    await synthesize({ projectRoot, charts });
    before = tree(projectRoot);
  });
  afterAll(() => fs.rmSync(projectRoot, { recursive: true, force: true }));

  it.each(CASES)('$name', async ({ environments = [staging, production], services = [...SERVICES], message }) => {
    const failure = await synthesize({
      projectRoot,
      charts: () => planDeployments({ environments, services, alerts: ALERTS, dashboards: DASHBOARDS, delivery: DELIVERY }).charts,
    }).then(() => undefined, (error: unknown) => error);
    expect(failure).toBeInstanceOf(SynthFailure);
    const line = describeFailure((failure as SynthFailure).cause);
    expect(line.split('\n')).toHaveLength(1);
    expect(line.startsWith(`synth failed: ${message}`)).toBe(true);
    expect(tree(projectRoot)).toEqual(before);
  });
});

function tree(root: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const file of fs.readdirSync(root, { recursive: true, encoding: 'utf8' }).sort()) {
    const full = path.join(root, file);
    if (fs.statSync(full).isFile()) files.set(file, fs.readFileSync(full, 'utf8'));
  }
  return files;
}
