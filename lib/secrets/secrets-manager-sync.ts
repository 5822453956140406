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
import { check } from '../validation/errors';
import { checkDnsSubdomain } from '../validation/names';
import type { SyncedSecret } from './secret-inventory';

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

/** The ServiceAccount that carries the secrets role; only ESO requests tokens for it, no pod runs as it. */
export function secretsReaderServiceAccountName(owner: string): string {
  return `${owner}-secrets-reader`;
}

export interface SecretsManagerSyncProps {
  /** Who the secrets belong to (a service, `alert-routing`): names the reader ServiceAccount and the store. */
  readonly owner: string;
  /** Name of the ExternalSecret. */
  readonly externalSecretName: string;
  /** Kubernetes Secret the ExternalSecret writes; each entry's `envVar` is one of its keys. */
  readonly targetSecretName: string;
  /** What to copy, already validated (`validateSecretsSpec`). */
  readonly inventory: readonly SyncedSecret[];
  /** AWS region of the Secrets Manager to read, already checked with `checkAwsRegion`. */
  readonly region: string;
  /** IAM role ESO assumes (IRSA) for the reader ServiceAccount, already checked with `checkIamRoleArn`. */
  readonly iamRoleArn: string;
  /** See ServiceSecretsProps.storeScope. @default 'namespace' */
  readonly storeScope?: 'namespace' | 'cluster';
  /** Labels on the ServiceAccount, the store and the ExternalSecret. */
  readonly labels: Readonly<Record<string, string>>;
}

/**
 * Secrets Manager to one Kubernetes Secret: a reader ServiceAccount carrying the IAM
 * role, a store authenticated as it by IRSA (never static credentials) and one
 * ExternalSecret, annotated with each secret's rotation policy. Shared by the
 * services' secrets and the alert receivers' credentials; the owner validates the
 * inputs first so that its messages name its own spec fields.
 */
export class SecretsManagerSync extends Construct {
  public readonly storeName: string;
  public readonly storeKind: ExternalSecretSpecSecretStoreRefKind;
  /** The identity ESO authenticates as; no pod mounts it. */
  public readonly readerServiceAccount: kplus.ServiceAccount;

  constructor(scope: Construct, id: string, props: SecretsManagerSyncProps) {
    super(scope, id);
    const { labels } = props;
    const serviceAccountName = secretsReaderServiceAccountName(props.owner);
    this.readerServiceAccount = new kplus.ServiceAccount(this, 'ReaderServiceAccount', {
      metadata: { name: serviceAccountName, labels, annotations: { [IRSA_ROLE_ANNOTATION]: props.iamRoleArn } },
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
      this.storeName = `${namespace}-${props.owner}-aws-secrets-manager`;
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
      this.storeName = `${props.owner}-aws-secrets-manager`;
      this.storeKind = ExternalSecretSpecSecretStoreRefKind.SECRET_STORE;
      new SecretStore(this, 'Store', {
        metadata: { name: this.storeName, labels },
        spec: { provider: provider(SecretStoreSpecProviderAwsService.SECRETS_MANAGER) },
      });
    }

    new ExternalSecret(this, 'ExternalSecret', {
      metadata: { name: props.externalSecretName, labels, annotations: rotationAnnotations(props.inventory) },
      spec: {
        refreshInterval: SECRET_REFRESH_INTERVAL,
        secretStoreRef: { kind: this.storeKind, name: this.storeName },
        target: {
          name: props.targetSecretName,
          // The Secret belongs to this ExternalSecret: deleting it removes the Secret too.
          creationPolicy: ExternalSecretSpecTargetCreationPolicy.OWNER,
          // Retain: when a remote secret is deleted (the provider answers "not found"),
          // ESO keeps the last synced Secret instead of deleting it, so restarting pods
          // still start; the sync alert fires instead. Other failed syncs (auth, throttling)
          // never touch the Secret, whatever the policy.
          deletionPolicy: ExternalSecretSpecTargetDeletionPolicy.RETAIN,
        },
        data: props.inventory.map((entry) => ({
          secretKey: entry.envVar,
          remoteRef: { key: entry.remoteKey, ...(entry.property !== undefined ? { property: entry.property } : {}) },
        })),
      },
    });
  }
}

/**
 * Rotation policy as annotations, three per secret, readable with
 * `kubectl get externalsecret <name> -o yaml`:
 * `rotation.reconciliation-platform.io/<ENV_VAR>.period-days`, `.owner`, `.mode`.
 */
export function rotationAnnotations(inventory: readonly SyncedSecret[]): Record<string, string> {
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

/** `source` tells the user where the value comes from, e.g. the cluster's region. */
export function checkAwsRegion(field: string, region: string | undefined, source: string): void {
  check(typeof region === 'string' && AWS_REGION.test(region), field, region,
    `must be the AWS region of the Secrets Manager to read, e.g. "eu-west-1" (${source})`);
}

/** The role must exist (the store has no other way to authenticate) and look like an IAM role ARN. */
export function checkIamRoleArn(field: string, serviceAccount: string, roleArn: string | undefined, source: string): void {
  check(roleArn !== undefined, field, roleArn,
    `must be set for ServiceAccount "${serviceAccount}" (${source}): ` +
    'the SecretStore authenticates only through IRSA, never with static credentials');
  check(IAM_ROLE_ARN.test(roleArn!), field, roleArn, 'must be an IAM role ARN, e.g. "arn:aws:iam::123456789012:role/name"');
}
