import { ALERTS } from '../../alerts/registry';
import { concernRuleGroups } from '../../lib/charts/service-chart';
import type { AlertThresholds } from '../../lib/specs/alert-thresholds';
import { durationSeconds } from '../../lib/monitoring/prometheus-duration';
import { renderForEnvironment } from '../../lib/monitoring/alerting-rules';
import { AlertRule, isAlertRule, RuleGroup } from '../../lib/monitoring/rule-groups';
import type { ResolvedDeployment } from '../../lib/plan/resolved-deployment';
import { deployedServices } from './deployments';
import { applyAliases, RuleTestBatch } from './promtool';
import { AlertCase, InputSeries, renderAnnotation, ruleTestFile, seriesName } from './rule-tests';

/** Every scenario of a test file runs in one promtool call, the first time a test needs a result. */
const promtoolBatch = new RuleTestBatch();

/**
 * How an alert is proven: inputs just past its threshold fire it with the expected
 * labels and annotations; inputs just short of it, or outside its guards and scope,
 * leave it silent; and moving the threshold past the firing input breaks the test.
 */
export interface AlertScenario {
  /** Alert name without the service prefix, e.g. `HttpErrorRateHigh`. */
  readonly alert: string;
  /** What the scenario shows, for the test name. */
  readonly title: string;
  readonly firing: readonly FiringCase[];
  readonly quiet: readonly QuietCase[];
  /** Overrides that move the threshold beyond the firing inputs: the firing cases must then fail. */
  readonly brokenThreshold: Partial<AlertThresholds>;
}

export interface FiringCase {
  readonly inputs: readonly InputSeries[];
  readonly evalTime: string;
  /** Labels the alert carries besides alertname, severity and environment. */
  readonly labels: Readonly<Record<string, string>>;
  /** The value `$value` takes, for the description. */
  readonly value: number;
}

export interface QuietCase {
  readonly inputs: readonly InputSeries[];
  readonly evalTime: string;
}

/** Minutes of a Prometheus duration, e.g. a threshold's `for`. */
export function minutes(duration: string): number {
  return durationSeconds('duration', duration) / 60;
}

/** Labels Prometheus attaches to a service's own series when it scrapes one of its pods. */
export function targetLabels(context: ResolvedDeployment, pod = examplePod(context)): Record<string, string> {
  return { namespace: context.namespace, job: context.job, pod, instance: '10.0.1.17:8080' };
}

/** A pod name as the service's Deployment creates them. */
export function examplePod(context: ResolvedDeployment): string {
  return `${context.service.name}-7c9f5d8b6d-x2k9q`;
}

export function input(name: string, labels: Readonly<Record<string, string>>, values: string): InputSeries {
  return { series: seriesName(name, labels), values };
}

/** The same inputs from another namespace: the rules must not see them. */
export function inOtherNamespace(inputs: readonly InputSeries[], namespace: string): InputSeries[] {
  return inputs.map((series) => ({ ...series, series: series.series.replace(`namespace="${namespace}"`, 'namespace="some-other-team"') }));
}

function findAlert(groups: readonly RuleGroup[], name: string): AlertRule {
  const rule = groups.flatMap((group) => group.rules).find((candidate) => isAlertRule(candidate) && candidate.alert === name);
  if (!rule || !isAlertRule(rule)) throw new Error(`no alert ${name} in ${groups.map((group) => group.name).join(', ')}`);
  return rule;
}

function alertCases(groups: readonly RuleGroup[], deployment: ResolvedDeployment, alert: string, scenario: AlertScenario): AlertCase[] {
  const { environment } = deployment;
  const rule = findAlert(groups, alert);
  return [
    ...scenario.firing.map((firing): AlertCase => {
      const labels = {
        ...firing.labels, environment: environment.name, service: deployment.service.name,
        signal: rule.signal, severity: environment.severityRouting[rule.severity],
      };
      const render = (template: string) => renderAnnotation(template, labels, firing.value);
      return {
        alert,
        evalTime: firing.evalTime,
        inputs: firing.inputs,
        expected: [{ labels, annotations: {
          summary: render(rule.summary), description: render(rule.description), runbook_url: rule.runbookUrl!,
          response: rule.response, why: rule.why,
        } }],
      };
    }),
    ...scenario.quiet.map((quiet): AlertCase => ({ alert, evalTime: quiet.evalTime, inputs: quiet.inputs, expected: [] })),
  ];
}

/** A concern's rule groups as its chart ships them: runbook links set from the registry's runbook. */
export function shippedGroups(build: (deployment: ResolvedDeployment) => readonly RuleGroup[], deployment: ResolvedDeployment): RuleGroup[] {
  const definition = ALERTS.definitions.find((candidate) => candidate.ruleGroups === build);
  if (!definition) throw new Error('these rule groups are not listed in alerts/registry.ts');
  return concernRuleGroups(definition, deployment);
}

/**
 * For every deployed service the building block applies to: each alert has a
 * scenario, each scenario passes `promtool test rules`, and fails once its threshold moves.
 */
export function describeAlertScenarios(
  concern: string,
  build: (deployment: ResolvedDeployment) => readonly RuleGroup[],
  scenarios: (deployment: ResolvedDeployment) => AlertScenario[],
  applies: (deployment: ResolvedDeployment) => boolean,
): void {
  const targets = deployedServices().filter(applies);

  it(`applies to at least one deployed service (${concern})`, () => {
    expect(targets.length).toBeGreaterThan(0);
  });

  describe.each(targets)(`${concern} alerts of $file`, (context) => {
    const groups = shippedGroups(build, context);
    const { environment } = context;
    const prefixed = (suffix: string) => `${context.alertPrefix}${suffix}`;

    it('has a promtool scenario for every alert it defines, and no scenario without an alert', () => {
      const defined = groups.flatMap((group) => group.rules).filter(isAlertRule).map((rule) => rule.alert).sort();
      expect(scenarios(context).map((scenario) => prefixed(scenario.alert)).sort()).toEqual(defined);
    });

    // Each scenario's two promtool files join the file's batch now; the tests read their results.
    // The deployment's own names, so services and environments with the same rules share one promtool run.
    const aliases = { [context.service.name]: 'alias-service', [context.alertPrefix]: 'AliasService', [context.namespace]: 'alias-namespace' };
    const runs = scenarios(context).map((scenario) => {
      const cases = () => alertCases(groups, context, prefixed(scenario.alert), scenario);
      // With the threshold moved only the firing cases can tell: each of them must fail.
      const firingCases = () => cases().filter((testCase) => testCase.expected.length > 0);
      const moved: ResolvedDeployment = { ...context, thresholds: { ...context.thresholds, ...scenario.brokenThreshold } };
      return {
        scenario,
        passing: promtoolBatch.add(() => ruleTestFile(renderForEnvironment(groups, environment, context.service.name), cases(), aliases)),
        broken: promtoolBatch.add(() => ruleTestFile(renderForEnvironment(build(moved), environment, context.service.name), firingCases(), aliases)),
      };
    });

    it.each(runs.map((run) => ({ ...run, alert: run.scenario.alert, title: run.scenario.title })))('$alert $title', ({ scenario, passing: passingRun, broken: brokenRun }) => {
      expect(scenario.firing.length).toBeGreaterThan(0);
      expect(scenario.quiet.length).toBeGreaterThan(0);
      const passing = passingRun();
      expect(passing.output).toContain('SUCCESS');
      expect(passing.status).toBe(0);

      const broken = brokenRun();
      expect(broken.status).not.toBe(0);
      // promtool lists each failed check as `alertname: <alert>, time: <eval time>,`: every firing case failed.
      const failures = broken.output.split(`alertname: ${applyAliases(prefixed(scenario.alert), aliases)}, time:`).length - 1;
      expect(failures).toBe(scenario.firing.length);
    });
  });
}
