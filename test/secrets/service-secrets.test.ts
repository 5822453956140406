import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Chart } from 'cdk8s';
import { production } from '../../environments/production';
import { staging } from '../../environments/staging';
import { ServiceSecrets, ServiceSecretsProps } from '../../lib/secrets/service-secrets';
import type { EnvironmentSpec, ServiceDeploymentSpec } from '../../lib/specs/environment-spec';
import { synthesize } from '../../lib/synth/run-synth';
import { KubernetesObject, validateAgainstSchemas } from '../../lib/validation/schema-validation';
import { HttpService, HttpServiceProps } from '../../lib/workload/http-service';
import { aionMonitoring } from '../../services/aion-monitoring';
import { collaborationApi } from '../../services/collaboration-api';
import { reconciliationBackend } from '../../services/reconciliation-backend';
import { VALID_HTTP_SERVICE, findObject, synthServiceChart, testApp } from '../support/charts';
import { planOf } from '../support/deployments';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- reading synthesized manifests

const backend = synthServiceChart(reconciliationBackend, production);
const externalSecret = findObject(backend, 'ExternalSecret', 'reconciliation-backend') as Json;
const store = findObject(backend, 'SecretStore', 'reconciliation-backend-aws-secrets-manager') as Json;
const reader = findObject(backend, 'ServiceAccount', 'reconciliation-backend-secrets-reader') as Json;

const ROLE = 'arn:aws:iam::123456789012:role/example';
const INVENTORY: ServiceSecretsProps['secrets'] = {
  inventory: [{ envVar: 'API_TOKEN', remoteKey: 'example/api-token', rotationPeriodDays: 30, owner: 'DevOps', rotation: 'manual', lastRotated: '2026-11-01' }],
};

/** An HttpService and its ServiceSecrets in one namespaced chart; overrides change one thing each. */
function buildExample(
  http: Partial<HttpServiceProps> = {},
  secrets: Partial<Omit<ServiceSecretsProps, 'workload'>> = {},
  workloadRole?: string,
): Chart {
  const chart = new Chart(testApp(), 'test', { namespace: 'example-ns', disableResourceNameHashes: true });
  const workload = new HttpService(chart, 'Workload', { ...VALID_HTTP_SERVICE, envFromSecrets: ['example-secrets'], ...http });
  // HttpService gives its pods no role; a consumer built otherwise might.
  if (workloadRole) workload.serviceAccount.metadata.addAnnotation('eks.amazonaws.com/role-arn', workloadRole);
  new ServiceSecrets(chart, 'Secrets', {
    serviceName: 'example', secrets: INVENTORY, region: 'eu-west-1', iamRoleArn: ROLE, workload, ...secrets,
  });
  return chart;
}

/** The environment with one service's deployment entry changed. */
function withDeployment(environment: EnvironmentSpec, service: string, change: Partial<ServiceDeploymentSpec>): EnvironmentSpec {
  return { ...environment, services: { ...environment.services, [service]: { ...environment.services[service], ...change } } };
}

function withoutRole(environment: EnvironmentSpec): EnvironmentSpec {
  return withDeployment(environment, 'reconciliation-backend', { iamRoleArn: undefined });
}

const IRSA = 'eks.amazonaws.com/role-arn';

describe('the backend reads its five secrets from AWS Secrets Manager through ESO', () => {
  it('maps every inventory secret to its env var, remote key and property', () => {
    expect(externalSecret.apiVersion).toBe('external-secrets.io/v1');
    expect(externalSecret.spec.data).toEqual([
      { secretKey: 'JWT_SECRET', remoteRef: { key: 'production/reconciliation/jwt-secret', property: 'value' } },
      { secretKey: 'DATABASE_PASSWORD', remoteRef: { key: 'production/reconciliation/database-password' } },
      { secretKey: 'REDIS_PASSWORD', remoteRef: { key: 'production/reconciliation/redis-password' } },
      { secretKey: 'STRIPE_SECRET_KEY', remoteRef: { key: 'production/reconciliation/stripe-secret-key' } },
      { secretKey: 'SMTP_PASSWORD', remoteRef: { key: 'production/reconciliation/smtp-password' } },
    ]);
  });

  it('refreshes hourly into reconciliation-secrets, owned by the ExternalSecret and retained if the remote secret disappears', () => {
    expect(externalSecret.metadata.namespace).toBe('reconciliation-platform');
    expect(externalSecret.spec.refreshInterval).toBe('1h');
    expect(externalSecret.spec.target).toEqual({ name: 'reconciliation-secrets', creationPolicy: 'Owner', deletionPolicy: 'Retain' });
  });

  it('reads through a namespaced SecretStore for Secrets Manager that authenticates as a dedicated reader ServiceAccount (IRSA)', () => {
    expect(externalSecret.spec.secretStoreRef).toEqual({ kind: 'SecretStore', name: 'reconciliation-backend-aws-secrets-manager' });
    expect(store.apiVersion).toBe('external-secrets.io/v1');
    expect(store.metadata.namespace).toBe('reconciliation-platform');
    expect(store.spec).toEqual({
      provider: {
        aws: { service: 'SecretsManager', region: 'eu-west-1', auth: { jwt: { serviceAccountRef: { name: 'reconciliation-backend-secrets-reader' } } } },
      },
    });
    expect(reader.metadata.namespace).toBe('reconciliation-platform');
    expect(reader.metadata.annotations).toEqual({ [IRSA]: 'arn:aws:iam::123456789012:role/reconciliation-backend-production' });
    expect(reader.automountServiceAccountToken).toBe(false);
  });

  it('keeps the role off the application: its ServiceAccount has no role and no pod runs as the reader', () => {
    const appAccount = findObject(backend, 'ServiceAccount', 'reconciliation-backend') as Json;
    expect(appAccount.metadata.annotations?.[IRSA]).toBeUndefined();
    const deployment = findObject(backend, 'Deployment', 'reconciliation-backend') as Json;
    expect(deployment.spec.template.spec.serviceAccountName).toBe('reconciliation-backend');
    // Only the reader carries a role; every pod template of the chart runs as another account.
    expect(backend.filter((object) => object.kind === 'ServiceAccount' && (object as Json).metadata.annotations?.[IRSA] !== undefined)
      .map((object) => object.metadata?.name)).toEqual(['reconciliation-backend-secrets-reader']);
    const podAccounts = backend.map((object) => (object as Json).spec?.template?.spec?.serviceAccountName).filter((name) => name !== undefined);
    expect(podAccounts).toEqual(['reconciliation-backend']);
  });

  it('uses each environment\'s own role', () => {
    const stagingReader = findObject(synthServiceChart(reconciliationBackend, staging), 'ServiceAccount', 'reconciliation-backend-secrets-reader') as Json;
    expect(stagingReader.metadata.annotations[IRSA]).toBe('arn:aws:iam::123456789012:role/reconciliation-backend-staging');
  });

  it('is consumed by the Deployment as environment variables (envFrom)', () => {
    const deployment = findObject(backend, 'Deployment', 'reconciliation-backend') as Json;
    const [container] = deployment.spec.template.spec.containers;
    expect(container.envFrom).toEqual([{ secretRef: { name: 'reconciliation-secrets' } }]);
  });

  it('carries each secret\'s rotation period, owner and mode as annotations', () => {
    const annotations = externalSecret.metadata.annotations;
    expect(annotations).toMatchObject({
      'rotation.reconciliation-platform.io/policy': 'docs/SECRETS_ROTATION_POLICY.md',
      'rotation.reconciliation-platform.io/JWT_SECRET.period-days': '90',
      'rotation.reconciliation-platform.io/JWT_SECRET.owner': 'Security',
      'rotation.reconciliation-platform.io/JWT_SECRET.mode': 'automated',
      'rotation.reconciliation-platform.io/DATABASE_PASSWORD.period-days': '180',
      'rotation.reconciliation-platform.io/DATABASE_PASSWORD.owner': 'DevOps',
      'rotation.reconciliation-platform.io/DATABASE_PASSWORD.mode': 'manual',
      'rotation.reconciliation-platform.io/REDIS_PASSWORD.period-days': '180',
      'rotation.reconciliation-platform.io/STRIPE_SECRET_KEY.period-days': '90',
      'rotation.reconciliation-platform.io/STRIPE_SECRET_KEY.owner': 'Finance',
      'rotation.reconciliation-platform.io/SMTP_PASSWORD.period-days': '365',
    });
    expect(Object.keys(annotations)).toHaveLength(1 + 5 * 3);
  });

  it('passes the ExternalSecret, SecretStore and ServiceAccount schemas', async () => {
    expect(await validateAgainstSchemas('backend', [store, externalSecret, reader] as KubernetesObject[])).toEqual([]);
    // The check has teeth: a wrong deletion policy is refused.
    const broken = { ...externalSecret, spec: { ...externalSecret.spec, target: { ...externalSecret.spec.target, deletionPolicy: 'Keep' } } };
    expect(await validateAgainstSchemas('backend', [broken] as unknown as KubernetesObject[])).toEqual([expect.stringContaining('/spec/target/deletionPolicy')]);
  });
});

describe('which services get secrets', () => {
  it('gives collaboration-api its SENTRY_DSN in collaboration-api-secrets', () => {
    const objects = synthServiceChart(collaborationApi, production);
    expect((findObject(objects, 'ExternalSecret', 'collaboration-api') as Json).spec.data).toEqual([
      { secretKey: 'SENTRY_DSN', remoteRef: { key: 'production/collaboration/sentry-dsn' } },
    ]);
    const [container] = (findObject(objects, 'Deployment') as Json).spec.template.spec.containers;
    expect(container.envFrom).toEqual([{ secretRef: { name: 'collaboration-api-secrets' } }]);
    expect((findObject(objects, 'SecretStore') as Json).spec.provider.aws.auth.jwt.serviceAccountRef).toEqual({ name: 'collaboration-api-secrets-reader' });
    expect((findObject(objects, 'ServiceAccount', 'collaboration-api-secrets-reader') as Json).metadata.annotations)
      .toEqual({ [IRSA]: 'arn:aws:iam::123456789012:role/collaboration-api-production' });
  });

  it('gives a service without secrets no store, no ExternalSecret, no reader ServiceAccount and no envFrom', () => {
    const objects = synthServiceChart(aionMonitoring, production);
    expect(objects.filter((object) => object.apiVersion.startsWith('external-secrets.io/'))).toEqual([]);
    expect(objects.filter((object) => object.kind === 'ServiceAccount').map((object) => object.metadata?.name)).toEqual(['aion-monitoring']);
    const [container] = (findObject(objects, 'Deployment') as Json).spec.template.spec.containers;
    expect(container.envFrom).toBeUndefined();
  });
});

describe('ClusterSecretStore option', () => {
  const objects = buildExample({}, { storeScope: 'cluster' }).toJson() as Json[];
  const clusterStore = objects.find((object) => object.kind === 'ClusterSecretStore')!;

  it('is cluster-scoped, named after its namespace, restricted to it, and finds the ServiceAccount there', async () => {
    expect(clusterStore.metadata.name).toBe('example-ns-example-aws-secrets-manager');
    expect(clusterStore.metadata.namespace).toBeUndefined();
    expect(clusterStore.spec.conditions).toEqual([{ namespaces: ['example-ns'] }]);
    expect(clusterStore.spec.provider.aws.auth.jwt.serviceAccountRef).toEqual({ name: 'example-secrets-reader', namespace: 'example-ns' });
    expect(objects.find((object) => object.kind === 'ServiceAccount' && object.metadata.name === 'example-secrets-reader')!.metadata.namespace)
      .toBe('example-ns');
    expect(objects.find((object) => object.kind === 'ExternalSecret')!.spec.secretStoreRef)
      .toEqual({ kind: 'ClusterSecretStore', name: 'example-ns-example-aws-secrets-manager' });
    expect(await validateAgainstSchemas('cluster', [clusterStore] as KubernetesObject[])).toEqual([]);
  });

  it('needs a namespaced chart', () => {
    const chart = new Chart(testApp(), 'test');
    const workload = new HttpService(chart, 'Workload', { ...VALID_HTTP_SERVICE, envFromSecrets: ['example-secrets'] });
    expect(() => new ServiceSecrets(chart, 'Secrets', {
      serviceName: 'example', secrets: INVENTORY, region: 'eu-west-1', iamRoleArn: ROLE, workload, storeScope: 'cluster',
    }))
      .toThrow('storeScope ("cluster") needs a chart with a namespace');
  });
});

describe('bad input fails synth with a clear error', () => {
  it('fails when the region is missing or not a region', () => {
    expect(() => buildExample({}, { region: '' })).toThrow('region ("") must be the AWS region of the Secrets Manager to read');
    expect(() => buildExample({}, { region: undefined as unknown as string })).toThrow('region (undefined) must be the AWS region');
    expect(() => synthServiceChart(reconciliationBackend, { ...production, clusters: [{ ...production.clusters[0], region: '' }] })).toThrow('region ("") must be the AWS region');
  });

  it('fails when the reader has no IAM role to assume', () => {
    expect(() => buildExample({}, { iamRoleArn: undefined })).toThrow(
      'iamRoleArn (undefined) must be set for ServiceAccount "example-secrets-reader" (EnvironmentSpec.services[<service>].iamRoleArn): '
      + 'the SecretStore authenticates only through IRSA, never with static credentials');
    expect(() => synthServiceChart(reconciliationBackend, withoutRole(production)))
      .toThrow('iamRoleArn (undefined) must be set for ServiceAccount "reconciliation-backend-secrets-reader"');
    expect(() => buildExample({}, { iamRoleArn: 'reconciliation-backend' })).toThrow('iamRoleArn ("reconciliation-backend") must be an IAM role ARN');
  });

  it('fails when the application\'s ServiceAccount carries the secrets role too', () => {
    expect(() => buildExample({}, {}, ROLE)).toThrow(
      `iamRoleArn ("${ROLE}") must not also be the role of the workload's ServiceAccount "example": `
      + 'its pods would get the role\'s token and could read the secrets directly');
    // A role of its own, for an application that calls AWS, is fine.
    expect(() => buildExample({}, {}, 'arn:aws:iam::123456789012:role/example-app').toJson()).not.toThrow();
  });

  it('fails when an environment gives a role to a service without secrets, where nothing would use it', () => {
    const role = 'arn:aws:iam::123456789012:role/aion-monitoring-production';
    expect(() => synthServiceChart(aionMonitoring, withDeployment(production, 'aion-monitoring', { iamRoleArn: role }))).toThrow(
      `environments.production.services.aion-monitoring.iamRoleArn ("${role}") is only used to read secrets, and aion-monitoring has none: remove it`);
  });

  it('fails when nothing consumes the target Secret', () => {
    const chart = buildExample({ envFromSecrets: [] });
    expect(() => chart.toJson()).toThrow(
      'secrets.targetSecretName ("example-secrets") is not consumed by the workload (it reads: no Secret)');
    expect(() => buildExample({ envFromSecrets: ['other-secrets'] }).toJson()).toThrow('(it reads: other-secrets)');
  });

  it('fails when a plain env var shadows a secret', () => {
    const chart = buildExample({ env: [{ name: 'API_TOKEN', value: 'placeholder' }] });
    expect(() => chart.toJson()).toThrow(
      'secrets.inventory[0].envVar ("API_TOKEN") is also a plain env var of the container: a plain value silently overrides the secret');
    expect(() => synthServiceChart({ ...reconciliationBackend, env: [{ name: 'JWT_SECRET', value: 'x' }] }, production))
      .toThrow('secrets.inventory[0].envVar ("JWT_SECRET") is also a plain env var');
  });

  it('fails when an env var name is too long to carry its rotation annotations', () => {
    const envVar = `A${'_LONG'.repeat(10)}_NAME`;
    expect(() => buildExample({ envFromSecrets: ['example-secrets'] }, { secrets: { inventory: [{ ...INVENTORY.inventory[0], envVar }] } })).toThrow(
      `secrets.inventory[0].envVar ("${envVar}") is too long for the rotation annotation "${envVar}.period-days": annotation names are at most 63 characters`);
  });

  it('writes nothing when a secrets check fails', async () => {
    const projectRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'secrets-synth-'));
    const outdir = path.join(projectRoot, 'dist');
    try {
      fs.mkdirSync(path.join(outdir, 'production'), { recursive: true });
      fs.writeFileSync(path.join(outdir, 'production/keep.k8s.yaml'), 'kind: Previous\n');
      await expect(synthesize({ projectRoot, charts: planOf([withoutRole(production)], [reconciliationBackend]).charts }))
        .rejects.toThrow('iamRoleArn (undefined) must be set');
      expect(fs.readdirSync(outdir, { recursive: true })).toEqual(['production', 'production/keep.k8s.yaml']);
    } finally {
      fs.rmSync(projectRoot, { recursive: true, force: true });
    }
  });

  it('synthesizes the example when nothing is wrong', () => {
    expect(() => buildExample().toJson()).not.toThrow();
  });
});
