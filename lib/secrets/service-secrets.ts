import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import type { ExternalSecretSpecSecretStoreRefKind } from '../../imports/externalsecret-external-secrets.io';
import { check, SpecError } from '../validation/errors';
import { checkDnsLabel } from '../validation/names';
import type { SecretInventoryEntry, ServiceSecretsSpec } from '../specs/service-spec';
import { targetSecretName, validateSecretsSpec } from './secret-inventory';
import {
  checkAwsRegion,
  checkIamRoleArn,
  IRSA_ROLE_ANNOTATION,
  SecretsManagerSync,
  secretsReaderServiceAccountName,
} from './secrets-manager-sync';

// Where they lived before the sync was shared with the alert receivers; importers keep these paths.
export {
  IRSA_ROLE_ANNOTATION,
  ROTATION_ANNOTATION_PREFIX,
  ROTATION_POLICY_DOCUMENT,
  rotationAnnotations,
  SECRET_REFRESH_INTERVAL,
  secretsReaderServiceAccountName,
} from './secrets-manager-sync';

/** A service's ExternalSecret is named after the service, like its Deployment. */
export function externalSecretName(serviceName: string): string {
  return serviceName;
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
    checkAwsRegion('region', props.region, 'the cluster\'s region');
    const serviceAccountName = secretsReaderServiceAccountName(props.serviceName);
    checkIamRoleArn('iamRoleArn', serviceAccountName, props.iamRoleArn, 'EnvironmentSpec.services[<service>].iamRoleArn');
    const workloadRole = props.workload.serviceAccount.metadata.toJson().annotations?.[IRSA_ROLE_ANNOTATION];
    check(workloadRole !== props.iamRoleArn, 'iamRoleArn', props.iamRoleArn,
      `must not also be the role of the workload's ServiceAccount "${props.workload.serviceAccount.name}": ` +
      'its pods would get the role\'s token and could read the secrets directly; give the application its own role, or none');

    const inventory = props.secrets.inventory;
    this.targetSecretName = targetSecretName(props.serviceName, props.secrets);
    this.externalSecretName = externalSecretName(props.serviceName);
    const sync = new SecretsManagerSync(this, 'Sync', {
      owner: props.serviceName,
      externalSecretName: this.externalSecretName,
      targetSecretName: this.targetSecretName,
      inventory,
      region: props.region,
      iamRoleArn: props.iamRoleArn!,
      storeScope: props.storeScope,
      labels: {
        ...props.labels,
        'app.kubernetes.io/name': props.serviceName,
        'app.kubernetes.io/component': 'secrets',
        'app.kubernetes.io/managed-by': 'cdk8s',
      },
    });
    this.storeName = sync.storeName;
    this.storeKind = sync.storeKind;
    this.readerServiceAccount = sync.readerServiceAccount;

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
