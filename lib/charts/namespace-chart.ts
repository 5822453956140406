import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import type { ResolvedEnvironment } from '../plan/resolved-deployment';
import { RestrictedNamespace } from '../workload/restricted-namespace';
import { environmentLabels } from './environment-labels';

export interface NamespaceChartProps {
  readonly environment: ResolvedEnvironment;
}

/**
 * The environment's Namespace, in a chart of its own: applied first (`00-` sorts
 * first for `kubectl apply -R -f dist/<env>/<cluster>/`), and deleting one service's file can
 * never delete the namespace the other services live in.
 */
export class NamespaceChart extends Chart {
  constructor(scope: Construct, id: string, props: NamespaceChartProps) {
    super(scope, id, { disableResourceNameHashes: true });
    new RestrictedNamespace(this, 'Namespace', {
      name: props.environment.namespace,
      labels: environmentLabels(props.environment.name),
    });
  }
}
