import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { AlertRouting, AlertRoutingSpec } from '../monitoring/alert-routing';
import type { ResolvedEnvironment } from '../plan/resolved-deployment';
import { environmentLabels } from './environment-labels';

/** After the namespace (`00-`), before the services: routing is in place before the first alert can fire. */
export const ALERT_ROUTING_FILE = '01-alert-routing.k8s.yaml';

export interface AlertRoutingChartProps {
  readonly environment: ResolvedEnvironment;
  /** Where this environment's alerts go. @default the environment's alertRouting */
  readonly routing?: AlertRoutingSpec;
}

/** An environment's alert routing, in a chart of its own so no service's file owns it. */
export class AlertRoutingChart extends Chart {
  public readonly routing: AlertRouting;

  constructor(scope: Construct, id: string, props: AlertRoutingChartProps) {
    const { environment } = props;
    super(scope, id, {
      namespace: environment.namespace,
      disableResourceNameHashes: true,
      labels: environmentLabels(environment.name),
    });
    this.routing = new AlertRouting(this, 'AlertRouting', { ...(props.routing ?? environment.alertRouting), region: environment.awsRegion });
  }
}
