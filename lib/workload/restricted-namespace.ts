import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { checkDnsLabel } from '../validation/names';

export interface RestrictedNamespaceProps {
  readonly name: string;
  /** @default none */
  readonly labels?: Readonly<Record<string, string>>;
}

/** Pod Security Admission levels are pinned to this Kubernetes minor, so an upgrade cannot loosen them silently. */
export const POD_SECURITY_VERSION = 'v1.28';

/** A Namespace that enforces, audits and warns on the Pod Security `restricted` profile. */
export class RestrictedNamespace extends Construct {
  public readonly name: string;

  constructor(scope: Construct, id: string, props: RestrictedNamespaceProps) {
    super(scope, id);
    checkDnsLabel('namespace', props.name);
    this.name = props.name;
    const podSecurity: Record<string, string> = {};
    for (const mode of ['enforce', 'audit', 'warn']) {
      podSecurity[`pod-security.kubernetes.io/${mode}`] = 'restricted';
      podSecurity[`pod-security.kubernetes.io/${mode}-version`] = POD_SECURITY_VERSION;
    }
    new kplus.Namespace(this, 'Resource', {
      metadata: { name: props.name, labels: { ...props.labels, ...podSecurity } },
    });
  }
}
