import { ApiObject, Chart, JsonPatch } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import {
  ClusterSecretStore,
  ClusterSecretStoreSpecProviderAwsService,
} from '../../imports/clustersecretstore-external-secrets.io';
import {
  ExternalSecret,
  ExternalSecretSpecSecretStoreRefKind,
  ExternalSecretSpecTargetCreationPolicy,
  ExternalSecretSpecTargetDeletionPolicy,
} from '../../imports/externalsecret-external-secrets.io';
import { SecretStore, SecretStoreSpecProviderAwsService } from '../../imports/secretstore-external-secrets.io';
import { check, SpecError } from '../validation/errors';
import { checkDnsLabel, checkDnsSubdomain } from '../validation/names';
import { SecretInventoryEntry, ServiceSecretsSpec, targetSecretName, validateSecretsSpec } from './secret-inventory';

/** The ServiceAccount annotation EKS reads to hand a pod (or ESO, on its behalf) an IAM role. */
export const IRSA_ROLE_ANNOTATION = 'eks.amazonaws.com/role-arn';

/** Prefix of the rotation-policy annotations on each ExternalSecret. */
export const ROTATION_ANNOTATION_PREFIX = 'rotation.reconciliation-platform.io';

/** The committed policy document generated from the same inventories, referenced from every ExternalSecret. */
export const ROTATION_POLICY_DOCUMENT = 'docs/SECRETS_ROTATION_POLICY.md';

/**
 * How often ESO re-reads Secrets Manager: the longest a rotated value takes to reach
 * the Secret without a forced sync (the rotation runbook relies on it).
 */
export const SECRET_REFRESH_INTERVAL = '1h';

/** A service's ExternalSecret is named after the service, like its Deployment. */
export function externalSecretName(serviceName: string): string {
  return serviceName;
}

/** The ServiceAccount that carries the secrets role; only ESO requests tokens for it, no pod runs as it. */
export function secretsReaderServiceAccountName(serviceName: string): string {
  return `${serviceName}-secrets-reader`;
}

/** What ServiceSecrets needs from the workload: the pods' identity and what they read. */
export interface SecretConsumer {
  /** The pods' identity; must not carry the secrets role, or the application could read Secrets Manager itself. */
  readonly serviceAccount: kplus.ServiceAccount;
  /** Secrets the pods read; the target Secret must be one of them. */
  readonly consumedSecrets: readonly string[];
  /** The container whose plain env vars must not shadow a secret. */
  readonly container: kplus.Container;
}

export interface ServiceSecretsProps {
  /** Service the secrets belong to; names the store and the ExternalSecret. */
  readonly serviceName: string;
  /** Inventory and target Secret, as in the service spec. */
  readonly secrets: ServiceSecretsSpec;
  /** AWS region of the Secrets Manager to read, e.g. `eu-west-1`. */
  readonly region: string;
  /**
   * IAM role ESO assumes (IRSA) to read the secrets, carried by the service's
   * `<service>-secrets-reader` ServiceAccount. Required: optional in the type only so
   * that a missing environment value reaches the check that explains it.
   */
  readonly iamRoleArn?: string;
  /** The workload that consumes the target Secret. */
  readonly workload: SecretConsumer;
  /**
   * `namespace`: a SecretStore next to the service. `cluster`: a ClusterSecretStore,
   * restricted to the chart's namespace, for clusters that centralise stores.
   * @default 'namespace'
   */
  readonly storeScope?: 'namespace' | 'cluster';
  /** Extra labels on the store and the ExternalSecret. @default none */
  readonly labels?: Readonly<Record<string, string>>;
}

/**
 * A service's secrets, from AWS Secrets Manager to its pods' environment: a reader
 * ServiceAccount carrying the IAM role, a SecretStore authenticated as it by IRSA
 * (never static credentials) and one ExternalSecret that writes the target Secret,
 * annotated with each secret's rotation policy. The role stays off the pods: EKS
 * injects a role's token into every pod of a ServiceAccount that carries it, so on the
 * workload's own ServiceAccount the application could read every secret of the store.
 * Synth fails unless the workload reads the target Secret.
 */
export class ServiceSecrets extends Construct {
  public readonly targetSecretName: string;
  public readonly externalSecretName: string;
  public readonly storeName: string;
  public readonly storeKind: ExternalSecretSpecSecretStoreRefKind;
  /** The identity ESO authenticates as; no pod mounts it. */
  public readonly readerServiceAccount: kplus.ServiceAccount;

  constructor(scope: Construct, id: string, props: ServiceSecretsProps) {
    super(scope, id);
    checkDnsLabel('serviceName', props.serviceName);
    validateSecretsSpec('secrets', props.secrets);
    checkRegion(props.region);
    const serviceAccountName = secretsReaderServiceAccountName(props.serviceName);
    checkRoleArn(serviceAccountName, props.iamRoleArn);
    const workloadRole = props.workload.serviceAccount.metadata.toJson().annotations?.[IRSA_ROLE_ANNOTATION];
    check(workloadRole !== props.iamRoleArn, 'iamRoleArn', props.iamRoleArn,
      `must not also be the role of the workload's ServiceAccount "${props.workload.serviceAccount.name}": ` +
      'its pods would get the role\'s token and could read the secrets directly; give the application its own role, or none');

    const inventory = props.secrets.inventory;
    this.targetSecretName = targetSecretName(props.serviceName, props.secrets);
    this.externalSecretName = externalSecretName(props.serviceName);
    const labels = {
      ...props.labels,
      'app.kubernetes.io/name': props.serviceName,
      'app.kubernetes.io/component': 'secrets',
      'app.kubernetes.io/managed-by': 'cdk8s',
    };

    this.readerServiceAccount = new kplus.ServiceAccount(this, 'ReaderServiceAccount', {
      metadata: { name: serviceAccountName, labels, annotations: { [IRSA_ROLE_ANNOTATION]: props.iamRoleArn! } },
      automountToken: false,
    });

    const provider = <S>(service: S, namespace?: string) => ({
      aws: {
        service,
        region: props.region,
        // ESO requests a token for the reader ServiceAccount through the TokenRequest
        // API; nothing mounts it, so only the sync holds the role.
        auth: { jwt: { serviceAccountRef: { name: serviceAccountName, ...(namespace ? { namespace } : {}) } } },
      },
    });
    if ((props.storeScope ?? 'namespace') === 'cluster') {
      const namespace = Chart.of(this).namespace;
      check(namespace !== undefined, 'storeScope', 'cluster', 'needs a chart with a namespace: the store is restricted to it and finds the ServiceAccount there');
      // Cluster-scoped, so the name carries the namespace: staging and production may share a cluster.
      this.storeName = `${namespace}-${props.serviceName}-aws-secrets-manager`;
      this.storeKind = ExternalSecretSpecSecretStoreRefKind.CLUSTER_SECRET_STORE;
      checkDnsSubdomain('ClusterSecretStore name', this.storeName);
      const store = new ClusterSecretStore(this, 'Store', {
        metadata: { name: this.storeName, labels },
        spec: {
          conditions: [{ namespaces: [namespace!] }],
          provider: provider(ClusterSecretStoreSpecProviderAwsService.SECRETS_MANAGER, namespace),
        },
      });
      // The chart stamps its namespace on every object; a cluster-scoped one has none.
      ApiObject.of(store).addJsonPatch(JsonPatch.remove('/metadata/namespace'));
    } else {
      this.storeName = `${props.serviceName}-aws-secrets-manager`;
      this.storeKind = ExternalSecretSpecSecretStoreRefKind.SECRET_STORE;
      new SecretStore(this, 'Store', {
        metadata: { name: this.storeName, labels },
        spec: { provider: provider(SecretStoreSpecProviderAwsService.SECRETS_MANAGER) },
      });
    }

    new ExternalSecret(this, 'ExternalSecret', {
      metadata: { name: this.externalSecretName, labels, annotations: rotationAnnotations(inventory) },
      spec: {
        refreshInterval: SECRET_REFRESH_INTERVAL,
        secretStoreRef: { kind: this.storeKind, name: this.storeName },
        target: {
          name: this.targetSecretName,
          // The Secret belongs to this ExternalSecret: deleting it removes the Secret too.
          creationPolicy: ExternalSecretSpecTargetCreationPolicy.OWNER,
          // Retain: when a remote secret is deleted (the provider answers "not found"),
          // ESO keeps the last synced Secret instead of deleting it, so restarting pods
          // still start; the sync alert fires instead. Other failed syncs (auth, throttling)
          // never touch the Secret, whatever the policy.
          deletionPolicy: ExternalSecretSpecTargetDeletionPolicy.RETAIN,
        },
        data: inventory.map((entry) => ({
          secretKey: entry.envVar,
          remoteRef: { key: entry.remoteKey, ...(entry.property !== undefined ? { property: entry.property } : {}) },
        })),
      },
    });

    this.node.addValidation({ validate: () => this.consumptionProblems(props.workload, inventory) });
  }

  /** Run at synth, when the workload is complete: an unread Secret is a broken link, a plain env var a silent override. */
  private consumptionProblems(workload: SecretConsumer, inventory: readonly SecretInventoryEntry[]): string[] {
    const problems: string[] = [];
    if (!workload.consumedSecrets.includes(this.targetSecretName)) {
      problems.push(new SpecError('secrets.targetSecretName', this.targetSecretName,
        `is not consumed by the workload (it reads: ${workload.consumedSecrets.join(', ') || 'no Secret'}); ` +
        'add it to the Deployment\'s envFromSecrets, or the pods start without their secrets').message);
    }
    const plainEnv = workload.container.env.variables;
    inventory.forEach((entry, index) => {
      if (plainEnv[entry.envVar] === undefined) return;
      problems.push(new SpecError(`secrets.inventory[${index}].envVar`, entry.envVar,
        'is also a plain env var of the container: a plain value silently overrides the secret (env wins over envFrom); remove one of them').message);
    });
    return problems;
  }
}

/**
 * Rotation policy as annotations, three per secret, readable with
 * `kubectl get externalsecret <name> -o yaml`:
 * `rotation.reconciliation-platform.io/<ENV_VAR>.period-days`, `.owner`, `.mode`.
 */
export function rotationAnnotations(inventory: readonly SecretInventoryEntry[]): Record<string, string> {
  const annotations: Record<string, string> = { [`${ROTATION_ANNOTATION_PREFIX}/policy`]: ROTATION_POLICY_DOCUMENT };
  inventory.forEach((entry, index) => {
    const fields: [string, string][] = [
      ['period-days', String(entry.rotationPeriodDays)],
      ['owner', entry.owner],
      ['mode', entry.rotation],
    ];
    for (const [field, value] of fields) {
      const name = `${entry.envVar}.${field}`;
      // Annotation names (after the prefix) are limited to 63 characters.
      check(name.length <= 63, `secrets.inventory[${index}].envVar`, entry.envVar,
        `is too long for the rotation annotation "${name}": annotation names are at most 63 characters`);
      annotations[`${ROTATION_ANNOTATION_PREFIX}/${name}`] = value;
    }
  });
  return annotations;
}

const AWS_REGION = /^[a-z]{2}(-[a-z]+)+-[0-9]+$/;
const IAM_ROLE_ARN = /^arn:aws(-[a-z]+)*:iam::[0-9]{12}:role\/[A-Za-z0-9+=,.@_/-]+$/;

function checkRegion(region: string | undefined): void {
  check(typeof region === 'string' && AWS_REGION.test(region), 'region', region,
    'must be the AWS region of the Secrets Manager to read, e.g. "eu-west-1" (EnvironmentSpec.awsRegion)');
}

function checkRoleArn(serviceAccount: string, roleArn: string | undefined): void {
  check(roleArn !== undefined, 'iamRoleArn', roleArn,
    `must be set for ServiceAccount "${serviceAccount}" (EnvironmentSpec.services[<service>].iamRoleArn): ` +
    'the SecretStore authenticates only through IRSA, never with static credentials');
  check(IAM_ROLE_ARN.test(roleArn!), 'iamRoleArn', roleArn, 'must be an IAM role ARN, e.g. "arn:aws:iam::123456789012:role/name"');
}
