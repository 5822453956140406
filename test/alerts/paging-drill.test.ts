import { environmentRuleGroups } from '../../lib/charts/alert-routing-chart';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ALERTS } from '../../alerts/registry';
import { ALERT_ROUTING_ALERT_PREFIX, ALERT_ROUTING_NAME, PAGE_GROUP_BY, PAGING_RECEIVER, SEVERITY_TIMING } from '../../lib/monitoring/alert-routing';
import { renderForEnvironment } from '../../lib/monitoring/alerting-rules';
import { durationSeconds } from '../../lib/monitoring/prometheus-duration';
import type { RenderedRule, RenderedRuleGroup } from '../../lib/monitoring/rule-groups';
import { serviceRuleGroups } from '../../lib/charts/service-chart';
import type { ResolvedDeployment } from '../../lib/plan/resolved-deployment';
import { externalSecretsMetrics } from '../../lib/secrets/external-secrets-metrics';
import { burnRateOf } from '../../lib/slo/slo-model';
import { alertmanagerYaml } from '../support/alert-routing';
import { addAlert, type AlertGroup, receiverGroups, receiversOfEach, RunningAlertmanager, startAlertmanager } from '../support/alertmanager';
import { deployedServices } from '../support/deployments';
import { rulesThatCanRaise } from '../support/paging';
import { testRuleGroups } from '../support/promtool';
import { type InputSeries, RULE_EVALUATION_INTERVAL_SECONDS, SAMPLE_INTERVAL_SECONDS, seriesName } from '../support/rule-tests';
import { externalSecretReadyLabels, type PodState, serviceInputs, type ServiceTimeline } from '../support/service-inputs';

/**
 * The paging drill: whole incidents replayed against every rule a service ships in an
 * environment that pages, and judged by what reaches the pager. Two real tools judge:
 * promtool runs the rules over the incident and counts, with PromQL over the `ALERTS`
 * series, each rise of a pager group (the pager route's `group_by`) and the time of the
 * first; a real Alertmanager, loaded with the generated routing, groups and inhibits the
 * alerts that fired and shows how many pager groups hold an active alert.
 */

const STEP = `${RULE_EVALUATION_INTERVAL_SECONDS}s`;
/** promtool replays every scenario of a service in the setup: minutes of CPU on a loaded 2-core machine. */
const DRILL_SETUP_TIMEOUT_MS = 600_000;
const GROUP_WAIT_SECONDS = durationSeconds('groupWait', SEVERITY_TIMING.critical.groupWait);

interface Scenario {
  readonly name: string;
  /** Minutes replayed; the incident starts at INCIDENT_START. */
  readonly minutes: number;
  readonly timeline: (deployment: ResolvedDeployment) => Omit<ServiceTimeline, 'minutes' | 'intervalSeconds'>;
  /** Pages expected: 0, or 1 for one incident. */
  readonly pages: 0 | 1;
  /** Latest first page, in minutes after the incident starts, counting the pager route's group wait. */
  readonly pageWithin?: (deployment: ResolvedDeployment) => number;
  /** Every alert (name without the service prefix) of any severity that fires during the scenario, and no other. */
  readonly fires: (deployment: ResolvedDeployment) => readonly string[];
  /** The environment's own alerts (name without `AlertRouting`) that fire besides the heartbeat, which always does. @default none */
  readonly routingFires?: readonly string[];
  /** Whether ESO has synced the receiver credentials (the `alert-routing` ExternalSecret). @default true */
  readonly routingSecretSynced?: boolean;
  /** Seconds between input samples. @default SAMPLE_INTERVAL_SECONDS */
  readonly sampleSeconds?: number;
  /**
   * Evaluate only the rules that can page (and the records they read), and list only
   * pages under `fires`: a day of the 1d and 3d burn-rate windows costs more than every
   * other scenario together, and the warnings' quiet cases are proven per alert.
   * @default false
   */
  readonly pagesOnly?: boolean;
  readonly applies?: (deployment: ResolvedDeployment) => boolean;
}

/** Long enough before the incident for every 5m rate window to fill. */
const INCIDENT_START = 15;
const during = (state: PodState) => (minute: number): PodState => (minute >= INCIDENT_START ? state : 'serving');
const pods = (count: number, pod: (index: number) => (minute: number) => PodState) => Array.from({ length: count }, (_, index) => pod(index));
const isPublic = (deployment: ResolvedDeployment) => deployment.edge !== undefined;
/** The public endpoint fails too when no pod serves. */
const withEdge = (deployment: ResolvedDeployment, alerts: readonly string[]) => [...alerts, ...(isPublic(deployment) ? ['PublicEndpointDown'] : [])];
const hasSlo = (kind: 'availability' | 'latency') => (deployment: ResolvedDeployment) => deployment.slos.some((slo) => slo.indicator.kind === kind);

/**
 * Minutes the fast-burn page needs at a burn rate: its quickest condition, once the long
 * window's average crosses the threshold, plus `for` and an evaluation.
 */
function fastBurnDetectionMinutes(deployment: ResolvedDeployment, kind: 'availability' | 'latency', burnRate: number): number {
  const slo = deployment.slos.find((candidate) => candidate.indicator.kind === kind)!;
  const page = deployment.burnRatePolicy.tiers.find((tier) => tier.severity === 'critical')!;
  const detection = Math.min(...page.conditions.map((condition) => {
    const threshold = burnRateOf(condition, slo.period);
    return threshold < burnRate ? (durationSeconds('longWindow', condition.longWindow) * threshold) / burnRate : Infinity;
  }));
  return Math.ceil((detection + durationSeconds('for', page.for) + RULE_EVALUATION_INTERVAL_SECONDS) / 60);
}

/** The burn rate of a steady error (or slow) ratio against the SLO's budget. */
const burnRate = (deployment: ResolvedDeployment, kind: 'availability' | 'latency', ratio: number) => {
  const slo = deployment.slos.find((candidate) => candidate.indicator.kind === kind)!;
  return ratio / ((100 - slo.objectivePercent) / 100);
};

const SCENARIOS: readonly Scenario[] = [
  {
    name: 'a healthy day',
    minutes: 24 * 60,
    sampleSeconds: 60,
    pagesOnly: true,
    timeline: () => ({ pods: pods(3, () => () => 'serving') }),
    pages: 0,
    fires: () => [],
  },
  {
    name: 'every pod crash-looping',
    minutes: 45,
    timeline: () => ({ pods: pods(3, () => during('crash-looping')) }),
    pages: 1,
    pageWithin: () => 15,
    fires: (deployment) => withEdge(deployment, ['NoReplicaAvailable', 'MostlyUnavailable', 'AllTargetsDown', 'PodCrashLooping', 'PodNotReady', 'TargetDown', 'ReplicasUnavailable']),
  },
  {
    name: 'scaled to zero',
    minutes: 45,
    timeline: () => ({ pods: pods(3, () => during('gone')), desiredReplicas: (minute) => (minute >= INCIDENT_START ? 0 : 3) }),
    pages: 1,
    pageWithin: () => 16,
    fires: (deployment) => withEdge(deployment, ['NoReplicaAvailable', 'MostlyUnavailable', 'MetricsAbsent']),
  },
  {
    name: 'readiness flapping: ready one minute in five',
    minutes: 45,
    timeline: () => ({ pods: pods(2, () => (minute) => (minute < INCIDENT_START || Math.floor(minute) % 5 === 0 ? 'serving' : 'crash-looping')) }),
    pages: 1,
    pageWithin: () => 20,
    // ReplicasUnavailable's 15 minutes restart with every minute of availability.
    fires: () => ['MostlyUnavailable', 'PodCrashLooping'],
  },
  {
    name: 'half capacity: one pod of two down',
    minutes: 45,
    timeline: () => ({ pods: [() => 'serving', during('crash-looping')] }),
    pages: 0,
    fires: () => ['PodCrashLooping', 'PodNotReady', 'TargetDown', 'ReplicasUnavailable'],
  },
  {
    name: '2 % of requests failing',
    minutes: 75,
    applies: hasSlo('availability'),
    timeline: () => ({ pods: pods(3, () => () => 'serving'), errorRatio: (minute) => (minute >= INCIDENT_START ? 0.02 : 0.0005) }),
    pages: 1,
    pageWithin: (deployment) => fastBurnDetectionMinutes(deployment, 'availability', burnRate(deployment, 'availability', 0.02)) + 1,
    fires: () => ['HttpErrorRateHigh', 'AvailabilityErrorBudgetFastBurn', 'AvailabilityErrorBudgetSlowBurn'],
  },
  {
    name: 'every request slow',
    minutes: 40,
    applies: hasSlo('latency'),
    timeline: () => ({ pods: pods(3, () => () => 'serving'), slowRatio: (minute) => (minute >= INCIDENT_START ? 1 : 0) }),
    pages: 1,
    pageWithin: () => 20,
    fires: () => ['LatencyErrorBudgetFastBurn', 'LatencyErrorBudgetSlowBurn'],
  },
  {
    name: 'the public endpoint failing while every pod serves',
    minutes: 40,
    applies: isPublic,
    timeline: () => ({ pods: pods(3, () => () => 'serving'), edgeFailing: (minute) => minute >= INCIDENT_START }),
    pages: 1,
    pageWithin: () => 10,
    fires: () => ['PublicEndpointDown'],
  },
  {
    name: 'the certificate 3 days from expiry',
    minutes: 50,
    applies: isPublic,
    // Expiring 3 days after the incident starts: the 3-day mark passes then.
    timeline: () => ({ pods: pods(3, () => () => 'serving'), certificateExpiresAt: (3 * 24 * 60 + INCIDENT_START) * 60 }),
    pages: 1,
    pageWithin: () => 20,
    // The 14-day ticket opened long before; in this replay, 15 minutes in.
    fires: () => ['CertificateExpiringSoon', 'CertificateExpiryImminent'],
  },
  {
    name: 'the certificate not Ready',
    minutes: 40,
    applies: isPublic,
    timeline: () => ({ pods: pods(3, () => () => 'serving'), certificateReady: (minute) => minute < INCIDENT_START }),
    pages: 1,
    pageWithin: () => 15,
    fires: () => ['CertificateNotReady'],
  },
  {
    name: 'the routing secret unsynced',
    minutes: 45,
    timeline: () => ({ pods: pods(3, () => () => 'serving') }),
    routingSecretSynced: false,
    pages: 0,
    fires: () => [],
    routingFires: ['SecretSyncFailing'],
  },
];

/** ESO's Ready condition of the environment's `alert-routing` ExternalSecret, as the service inputs write a service's. */
function routingSecretInput(deployment: ResolvedDeployment, synced: boolean, scenario: Scenario): InputSeries {
  const samples = (scenario.minutes * 60) / (scenario.sampleSeconds ?? SAMPLE_INTERVAL_SECONDS);
  const labels = externalSecretReadyLabels(deployment.namespace, ALERT_ROUTING_NAME, 'False');
  return { series: seriesName(externalSecretsMetrics.externalSecretCondition.name, labels), values: `${synced ? 0 : 1}+0x${samples}` };
}

/** A file name of the deployment's own: its service, environment and cluster. */
const fileStem = (deployment: ResolvedDeployment) => `${deployment.service.name}-${deployment.environment.cluster.folder.replace('/', '-')}`;

/** alertmanager.yml as the operator merges the environment's generated AlertmanagerConfig. */
function writeRoutingConfig(deployment: ResolvedDeployment): string {
  const file = path.join(workDir, `${fileStem(deployment)}.yml`);
  fs.writeFileSync(file, alertmanagerYaml([deployment.environment]));
  return file;
}

/** The alert names of these rules that the environment's routing sends to the pager, by a real Alertmanager. */
async function pagedAlerts(deployment: ResolvedDeployment, rules: readonly RenderedRule[], configFile: string): Promise<Set<string>> {
  const receiver = `${deployment.namespace}/alert-routing/${PAGING_RECEIVER}`;
  const alerting = rules.filter((rule) => rule.alert !== undefined);
  const receivers = await receiversOfEach(configFile, fs.mkdtempSync(path.join(workDir, 'routing-')), alerting.map((rule) => alertLabels(deployment, rule)));
  return new Set(alerting.filter((_, index) => receivers[index].includes(receiver)).map((rule) => rule.alert!));
}

/**
 * The labels an alert of this rule carries in Alertmanager (its expression's own labels aside,
 * which no route reads). The replayed series carry no `cluster` (one cluster's Prometheus):
 * Alertmanager gets the cluster's external label on every alert.
 */
function alertLabels(deployment: ResolvedDeployment, rule: RenderedRule): Record<string, string> {
  return { alertname: rule.alert!, namespace: deployment.namespace, ...rule.labels, cluster: deployment.environment.cluster.label };
}

/** The pager group's labels as promtool sees them: `cluster` is added only on the way to Alertmanager, so it is not among them. */
function pagerGroupLabels(deployment: ResolvedDeployment): string {
  const values: Readonly<Record<(typeof PAGE_GROUP_BY)[number], string | undefined>> = {
    cluster: undefined, namespace: deployment.namespace, service: deployment.service.name,
  };
  return `{${PAGE_GROUP_BY.flatMap((label) => (values[label] === undefined ? [] : [`${label}="${values[label]}"`])).join(', ')}}`;
}

function promtoolChecks(deployment: ResolvedDeployment, scenario: Scenario, paged: ReadonlySet<string>) {
  const end = `${scenario.minutes}m`;
  const range = `[${scenario.minutes}m:${STEP}]`;
  const pagerAt = (offset = '') => `group by (${PAGE_GROUP_BY.join(', ')}) (ALERTS{alertstate="firing", alertname=~"${[...paged].join('|')}"}${offset})`;
  const pager = pagerAt();
  const group = pagerGroupLabels(deployment);
  const fired = [
    ...scenario.fires(deployment).map((suffix) => `${deployment.alertPrefix}${suffix}`),
    ...(scenario.pagesOnly ? [] : ['Heartbeat', ...scenario.routingFires ?? []].map((suffix) => `${ALERT_ROUTING_ALERT_PREFIX}${suffix}`)),
  ].sort();
  const firstPage = `min_over_time(timestamp(${pager})${range})`;
  // promtool reports a failed check by its expression: the comment names the scenario.
  const named = (check: { expr: string; eval_time: string; exp_samples: unknown[] }) => ({ ...check, expr: `# ${scenario.name}\n${check.expr}` });
  return [
    {
      // Every alert that fired at any time, whatever its severity (only pages where only they are evaluated).
      expr: `group by (alertname) (max_over_time(ALERTS{alertstate="firing"${scenario.pagesOnly ? ', severity="critical"' : ''}}[${end}]))`,
      eval_time: end,
      exp_samples: fired.map((alert) => ({ labels: `{alertname="${alert}"}`, value: 1 })),
    },
    {
      // Each rise of the pager group is a new PagerDuty incident.
      expr: `count_over_time((${pager} unless ${pagerAt(` offset ${STEP}`)})${range})`,
      eval_time: end,
      exp_samples: scenario.pages === 0 ? [] : [{ labels: group, value: scenario.pages }],
    },
    ...(scenario.pages === 0 ? [] : [
      { expr: `${firstPage} >= bool ${INCIDENT_START * 60}`, eval_time: end, exp_samples: [{ labels: group, value: 1 }] },
      {
        expr: `${firstPage} + ${GROUP_WAIT_SECONDS} <= bool ${(INCIDENT_START + scenario.pageWithin!(deployment)) * 60}`,
        eval_time: end,
        exp_samples: [{ labels: group, value: 1 }],
      },
    ]),
  ].map(named);
}

/** The service's rules and the environment's own (the heartbeat, the routing secret's sync), as the deployment's cluster runs them. */
function drilledRuleGroups(deployment: ResolvedDeployment): RenderedRuleGroup[] {
  return [
    ...renderForEnvironment(serviceRuleGroups(deployment, ALERTS), deployment.environment, deployment.service.name),
    ...renderForEnvironment(environmentRuleGroups(deployment.environment, ALERTS), deployment.environment, ALERT_ROUTING_NAME),
  ];
}

/** The input series of every scenario the deployment is drilled in. */
function drilledInputs(deployment: ResolvedDeployment): InputSeries[][] {
  return SCENARIOS.filter((scenario) => scenario.applies?.(deployment) ?? true).map((scenario) => serviceInputs(deployment,
    { ...scenario.timeline(deployment), minutes: scenario.minutes, intervalSeconds: scenario.sampleSeconds ?? SAMPLE_INTERVAL_SECONDS }));
}

const pagingDeployments = deployedServices().filter((deployment) => deployment.environment.alertRouting.pages);

/**
 * Each paging deployment, drilled once per distinct drill: a service's clusters in one
 * environment usually ship the same rules and routing and replay the same inputs (they differ
 * in region, data network and heartbeat key, which the drill does not read), so the first
 * cluster's drill stands for the others, which `alsoIn` names. A cluster whose rules, routing
 * or inputs differ (its own replica bounds or public host) gets a drill of its own.
 */
const drills = (() => {
  const byKey = new Map<string, { deployment: ResolvedDeployment; alsoIn: string[] }>();
  for (const deployment of pagingDeployments) {
    const key = JSON.stringify([drilledRuleGroups(deployment), alertmanagerYaml([deployment.environment]), drilledInputs(deployment)]);
    const known = byKey.get(key);
    if (known) known.alsoIn.push(deployment.environment.cluster.folder);
    else byKey.set(key, { deployment, alsoIn: [] });
  }
  return [...byKey.values()];
})();

let workDir: string;
beforeAll(() => { workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'paging-drill-')); });
afterAll(() => fs.rmSync(workDir, { recursive: true, force: true }));

it('drills at least one environment that pages', () => {
  expect(pagingDeployments.length).toBeGreaterThan(0);
});

it('drills every service in every cluster that pages, each directly or through an identical drill', () => {
  const covered = drills.flatMap(({ deployment, alsoIn }) => [deployment.environment.cluster.folder, ...alsoIn].map((folder) => `${folder} ${deployment.service.name}`));
  expect(covered.sort()).toEqual(pagingDeployments.map((deployment) => `${deployment.environment.cluster.folder} ${deployment.service.name}`).sort());
  expect(new Set(pagingDeployments.map((deployment) => deployment.environment.cluster.folder)).size).toBeGreaterThan(1);
});

describe.each(drills.map(({ deployment, alsoIn }) => [
  `${deployment.service.name} in ${deployment.environment.cluster.folder}${alsoIn.length > 0 ? ` (the same drill as in ${alsoIn.join(', ')})` : ''}`,
  deployment,
] as const))(
  'paging drill: %s', (_, deployment) => {
    const groups = drilledRuleGroups(deployment);
    const rules = groups.flatMap((group) => group.rules);
    const scenarios = SCENARIOS.filter((scenario) => scenario.applies?.(deployment) ?? true);
    let configFile: string;
    let paged: Set<string>;
    let result: { status: number; output: string };
    let alertmanager: RunningAlertmanager | undefined;

    beforeAll(async () => {
      configFile = writeRoutingConfig(deployment);
      paged = await pagedAlerts(deployment, rules, configFile);
      const test = (scenario: Scenario) => ({
        name: scenario.name,
        interval: `${scenario.sampleSeconds ?? SAMPLE_INTERVAL_SECONDS}s`,
        input_series: [
          ...serviceInputs(deployment, { ...scenario.timeline(deployment), minutes: scenario.minutes, intervalSeconds: scenario.sampleSeconds ?? SAMPLE_INTERVAL_SECONDS }),
          routingSecretInput(deployment, scenario.routingSecretSynced ?? true, scenario),
        ].map((input: InputSeries) => ({ series: input.series, values: input.values })),
        promql_expr_test: promtoolChecks(deployment, scenario, paged),
      });
      // One promtool run for the scenarios of every rule, one for those of the pages only.
      const runs = [
        testRuleGroups(groups, scenarios.filter((scenario) => !scenario.pagesOnly).map(test), STEP),
        testRuleGroups(rulesThatCanRaise(groups, new Set(['critical'])), scenarios.filter((scenario) => scenario.pagesOnly).map(test), STEP),
      ];
      result = { status: Math.max(...runs.map((run) => run.status)), output: runs.map((run) => run.output).join('\n') };
      const storage = path.join(workDir, `${fileStem(deployment)}-data`);
      fs.mkdirSync(storage);
      alertmanager = await startAlertmanager(configFile, storage);
    }, DRILL_SETUP_TIMEOUT_MS);
    afterAll(async () => { await alertmanager?.stop(); });

    it('pages through the pager only for alerts meant to page', () => {
      expect([...paged].sort()).toEqual(rules.filter((rule) => rule.annotations?.response === 'page').map((rule) => rule.alert!).sort());
    });

    // Warnings and tickets are proven one by one: every alert has its own firing scenario
    // (describeAlertScenarios); the drill is about what wakes someone.
    it('raises every alert that pages in at least one scenario', () => {
      const drilled = new Set(scenarios.flatMap((scenario) => scenario.fires(deployment).map((suffix) => `${deployment.alertPrefix}${suffix}`)));
      expect([...paged].filter((alert) => !drilled.has(alert))).toEqual([]);
    });

    it('passes promtool in every scenario', () => {
      expect(result.output).toContain('SUCCESS');
      expect(result.status).toBe(0);
    });

    it.each(scenarios.map((scenario) => [scenario.name] as const))('%s: fires the alerts listed, pages as often and as soon as expected', (name) => {
      // promtool ran every check and names each failed one by its scenario.
      expect(result.output).toMatch(/Unit Testing/);
      expect(failuresOf(result.output, name)).toEqual([]);
    });

    it.each(scenarios.filter((scenario) => scenario.pages > 0).map((scenario) => [scenario.name, scenario] as const))(
      '%s: Alertmanager puts every page of it in one pager group', async (_name, scenario) => {
        // Each scenario under a service label of its own, so their groups stay apart in one Alertmanager.
        const service = `${deployment.service.name}-${SCENARIOS.indexOf(scenario)}`;
        const firedPages = scenario.fires(deployment).map((suffix) => `${deployment.alertPrefix}${suffix}`).filter((alert) => paged.has(alert));
        expect(firedPages.length).toBeGreaterThan(0);
        for (const alert of firedPages) {
          addAlert(alertmanager!, { ...alertLabels(deployment, rules.find((rule) => rule.alert === alert)!), service });
        }
        const groupsOf = await pagerGroups(alertmanager!, `${deployment.namespace}/alert-routing/${PAGING_RECEIVER}`, service, firedPages.length);
        expect(groupsOf).toHaveLength(scenario.pages);
      });
  },
);

describe.each(deployedServices().filter((deployment) => !deployment.environment.alertRouting.pages)
  .map((deployment) => [`${deployment.service.name} in ${deployment.environment.cluster.folder}`, deployment] as const))(
  'no paging in %s', (_, deployment) => {
    it('routes none of its alerts to a pager', async () => {
      const configFile = writeRoutingConfig(deployment);
      const rules = renderForEnvironment(serviceRuleGroups(deployment, ALERTS), deployment.environment, deployment.service.name).flatMap((group) => group.rules);
      expect(await pagedAlerts(deployment, rules, configFile)).toEqual(new Set());
    });
  },
);

/** The groups of the pager receiver holding an active (not inhibited) alert of the service, once all its alerts are in. */
async function pagerGroups(alertmanager: RunningAlertmanager, receiver: string, service: string, alerts: number): Promise<AlertGroup[]> {
  return (await receiverGroups(alertmanager, receiver, service, alerts)).filter((group) => group.alerts.some((alert) => alert.status.state === 'active'));
}

/** promtool's report of the failed checks of one scenario (their expressions start with its name), one entry per check. */
function failuresOf(output: string, scenario: string): string[] {
  return output.split(/\n(?=\s*expr: )/).filter((block) => block.trim().startsWith(`expr: "# ${scenario}\\n`));
}
