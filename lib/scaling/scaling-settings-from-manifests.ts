import { check } from '../validation/errors';
import type { KubernetesObject } from '../validation/schema-validation';
import { checkScalingSettings, ScalingPolicy, ScalingRules, ScalingSettings } from './scaling-settings';
import { ASSUMED_METRIC_LAG_SECONDS, ASSUMED_POD_START_SECONDS, DEFAULT_PROGRESS_DEADLINE_SECONDS } from './simulation-assumptions';

/* eslint-disable @typescript-eslint/no-explicit-any -- reading synthesized manifests */

/** The API server's defaults for an HPA `behavior` direction left out. */
const API_DEFAULT_BEHAVIOUR: Record<'scaleUp' | 'scaleDown', ScalingRules> = {
  scaleUp: {
    stabilizationSeconds: 0,
    selectPolicy: 'Max',
    policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }, { type: 'Pods', value: 4, periodSeconds: 15 }],
  },
  scaleDown: { stabilizationSeconds: 300, selectPolicy: 'Max', policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }] },
};

/** Rolling update defaults of apps/v1 Deployments. */
const API_DEFAULT_ROLLING_UPDATE = { maxSurge: '25%', maxUnavailable: '25%' };

export interface ScaledWorkload {
  readonly name: string;
  readonly settings: ScalingSettings;
}

/**
 * Scaling settings of every HPA-scaled Deployment among one chart's objects, read off
 * the manifests so the review checks what would be applied. The PDB is the one whose
 * selector the Deployment's pod labels satisfy; percentages resolve against maxReplicas.
 */
export function scalingSettingsFromManifests(objects: readonly KubernetesObject[]): ScaledWorkload[] {
  const ofKind = (kind: string) => objects.filter((object) => object.kind === kind) as any[];
  const deployments = ofKind('Deployment');
  const budgets = ofKind('PodDisruptionBudget');
  return ofKind('HorizontalPodAutoscaler')
    .filter((hpa) => hpa.spec?.scaleTargetRef?.kind === 'Deployment')
    .map((hpa) => {
      const name = hpa.spec.scaleTargetRef.name;
      const deployment = deployments.find((candidate) => candidate.metadata?.name === name);
      check(deployment !== undefined, `HorizontalPodAutoscaler ${hpa.metadata?.name}.spec.scaleTargetRef.name`, name, 'must name a Deployment in the same chart');
      const podLabels: Record<string, string> = deployment.spec?.template?.metadata?.labels ?? {};
      const pdb = budgets.find((budget) => Object.entries(budget.spec?.selector?.matchLabels ?? {})
        .every(([key, value]) => podLabels[key] === value));
      return { name, settings: settingsOf(hpa, deployment, pdb) };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

function settingsOf(hpa: any, deployment: any, pdb: any): ScalingSettings {
  const minReplicas = hpa.spec.minReplicas ?? 1;
  const maxReplicas = hpa.spec.maxReplicas;
  const target = (resource: string) => (hpa.spec.metrics as any[] ?? [])
    .find((metric) => metric.type === 'Resource' && metric.resource?.name === resource && metric.resource.target?.type === 'Utilization')
    ?.resource.target.averageUtilization as number | undefined;
  const cpuTargetPercent = target('cpu');
  check(cpuTargetPercent !== undefined, `HorizontalPodAutoscaler ${hpa.metadata?.name}.spec.metrics`, 'no cpu Utilization target',
    'must include a cpu Utilization target for the scaling review');
  const rolling = { ...API_DEFAULT_ROLLING_UPDATE, ...deployment.spec?.strategy?.rollingUpdate };
  return checkScalingSettings({
    minReplicas,
    maxReplicas,
    cpuTargetPercent: cpuTargetPercent!,
    memoryTargetPercent: target('memory'),
    behaviour: { scaleUp: rulesOf(hpa.spec.behavior?.scaleUp, 'scaleUp'), scaleDown: rulesOf(hpa.spec.behavior?.scaleDown, 'scaleDown') },
    // Without a PDB nothing holds pods back during a drain.
    pdbMinAvailable: pdb ? absolute(pdb.spec.minAvailable ?? 0, maxReplicas, Math.ceil) : 0,
    maxSurge: absolute(rolling.maxSurge, maxReplicas, Math.ceil),
    maxUnavailable: absolute(rolling.maxUnavailable, maxReplicas, Math.floor),
    progressDeadlineSeconds: deployment.spec?.progressDeadlineSeconds ?? DEFAULT_PROGRESS_DEADLINE_SECONDS,
    metricLagSeconds: ASSUMED_METRIC_LAG_SECONDS,
    podStartSeconds: ASSUMED_POD_START_SECONDS,
  });
}

function rulesOf(rules: any, direction: 'scaleUp' | 'scaleDown'): ScalingRules {
  const defaults = API_DEFAULT_BEHAVIOUR[direction];
  if (!rules) return defaults;
  return {
    stabilizationSeconds: rules.stabilizationWindowSeconds ?? defaults.stabilizationSeconds,
    selectPolicy: rules.selectPolicy ?? 'Max',
    policies: (rules.policies as ScalingPolicy[] | undefined)?.map(({ type, value, periodSeconds }) => ({ type, value, periodSeconds }))
      ?? defaults.policies,
  };
}

/** An IntOrString of a Deployment or PDB: "25%" of `of`, rounded as the controller rounds that field. */
function absolute(value: number | string, of: number, round: (x: number) => number): number {
  if (typeof value === 'number') return value;
  const percent = /^(\d+)%$/.exec(value);
  check(percent !== null, 'IntOrString', value, 'must be an integer or a percentage such as "25%"');
  return round((Number(percent![1]) * of) / 100);
}
