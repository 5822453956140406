import * as fs from 'fs';
import * as http from 'http';
import * as net from 'net';
import * as path from 'path';
import { dump, load } from 'js-yaml';
import { production } from '../../environments/production';
import { staging } from '../../environments/staging';
import { HEARTBEAT_WEBHOOK_URL, PAGERDUTY_ROUTING_KEY, SLACK_WEBHOOK_URL } from '../../lib/monitoring/alert-routing';
import {
  AlertmanagerConfigObject, AlertmanagerFile, AlertmanagerRoute, renderAlertmanagerYaml, SecretKeyReference,
} from '../support/alertmanager-merge';
import type { RenderedRule } from '../../lib/monitoring/rule-groups';
import type { EnvironmentSpec } from '../../lib/specs/environment-spec';
import type { KubernetesObject } from '../../lib/validation/schema-validation';
import { collaborationApi } from '../../services/collaboration-api';
import { reconciliationBackend } from '../../services/reconciliation-backend';
import { alertRoutingObjects } from '../support/alert-routing';
import { RunningAlertmanager, startAlertmanager } from '../support/alertmanager';
import { synthServiceChart } from '../support/charts';
import { temporaryFolders } from '../support/temporary-folders';

/**
 * What the on-call reads: the generated routing of both environments, merged as the
 * operator merges it, on a real Alertmanager whose Slack, PagerDuty and heartbeat
 * endpoints are one local HTTP sink. Alerts carry the labels and annotations of
 * synthesized production rules, as Prometheus would send them.
 */

const folder = temporaryFolders();
const DEADLINE_MS = 20_000;

interface Received { readonly path: string; readonly body: any } // eslint-disable-line @typescript-eslint/no-explicit-any

/** A local HTTP server that keeps every JSON body posted to it. */
class Sink {
  readonly received: Received[] = [];
  private readonly server = http.createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => { body += chunk.toString(); });
    request.on('end', () => {
      this.received.push({ path: request.url ?? '', body: JSON.parse(body) });
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"success"}');
    });
  });
  url = '';

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as net.AddressInfo).port}`;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  /** The first body posted to `path` that `matches`, waited for until the deadline. */
  async waitFor(path: string, matches: (body: Received['body']) => boolean): Promise<Received['body']> {
    const deadline = Date.now() + DEADLINE_MS;
    for (;;) {
      const found = this.received.find((entry) => entry.path === path && matches(entry.body));
      if (found) return found.body;
      if (Date.now() > deadline) {
        throw new Error(`nothing matching arrived at ${path} within ${DEADLINE_MS} ms; received:\n${JSON.stringify(this.received, null, 1)}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

/** The alerting rules of a synthesized chart. */
function alertRules(objects: readonly KubernetesObject[]): RenderedRule[] {
  return objects.filter((object) => object.kind === 'PrometheusRule')
    .flatMap((object) => (object as unknown as { spec: { groups: { rules: RenderedRule[] }[] } }).spec.groups.flatMap((group) => group.rules))
    .filter((rule) => rule.alert !== undefined);
}

function rule(objects: readonly KubernetesObject[], alert: string): RenderedRule {
  const found = alertRules(objects).find((candidate) => candidate.alert === alert);
  if (!found) throw new Error(`no alert ${alert} among ${alertRules(objects).map((candidate) => candidate.alert).join(', ')}`);
  return found;
}

/**
 * The alert Prometheus sends for a rule: its labels, `alertname`, and `namespace`,
 * which a service alert takes from the series its expression selects (the routing
 * needs it), and `cluster`, the external label of the cluster's Prometheus. Annotation
 * templates stay as written; the test reads them back verbatim.
 */
const CLUSTER = 'eu-west-1';
function firing(environment: EnvironmentSpec, alert: RenderedRule) {
  return {
    labels: { namespace: environment.namespace, ...alert.labels, alertname: alert.alert!, cluster: CLUSTER },
    annotations: alert.annotations,
    startsAt: new Date().toISOString(),
  };
}

async function postAlerts(alertmanager: RunningAlertmanager, alerts: readonly object[]): Promise<void> {
  const response = await fetch(`${alertmanager.url}/api/v2/alerts`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(alerts),
  });
  expect(response.status).toBe(200);
}

function routes(route: AlertmanagerRoute): AlertmanagerRoute[] {
  return [route, ...(route.routes ?? []).flatMap(routes)];
}

/** Every text of a notification body, so an assertion does not depend on which field carries what. */
function texts(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object') return Object.values(value).map(texts).join('\n');
  return '';
}

describe('notifications, rendered by a real Alertmanager from the generated routing', () => {
  const sink = new Sink();
  let alertmanager: RunningAlertmanager | undefined;
  const routingOf = (environment: EnvironmentSpec) => alertRoutingObjects(environment);
  const backend = synthServiceChart(reconciliationBackend, production);
  const collaboration = synthServiceChart(collaborationApi, production);

  beforeAll(async () => {
    await sink.start();
    const secret = (reference: SecretKeyReference) => {
      if (reference.key === SLACK_WEBHOOK_URL) return `${sink.url}/slack/${reference.namespace}`;
      if (reference.key === HEARTBEAT_WEBHOOK_URL) return `${sink.url}/heartbeat/${reference.namespace}`;
      if (reference.key === PAGERDUTY_ROUTING_KEY) return `routing-key-${reference.namespace}`;
      throw new Error(`no test value for ${reference.key}`);
    };
    const configs = [staging, production].flatMap((environment) =>
      routingOf(environment).filter((object) => object.kind === 'AlertmanagerConfig') as AlertmanagerConfigObject[]);
    const file = load(renderAlertmanagerYaml(configs, secret)) as AlertmanagerFile;
    // The test's copy only: PagerDuty's Events API address becomes the sink, and every
    // group waits 1 s instead of up to 5 min before its first notification, so the
    // test takes seconds. Routing, grouping and templates are as generated.
    for (const receiver of file.receivers) for (const pagerduty of receiver.pagerduty_configs ?? []) pagerduty.url = `${sink.url}/pagerduty`;
    for (const route of routes(file.route)) if (route.group_wait !== undefined) route.group_wait = '1s';
    const dir = folder('notifications-');
    const configFile = path.join(dir, 'alertmanager.yml');
    fs.writeFileSync(configFile, dump(file, { lineWidth: -1, noRefs: true, quotingType: '"' }));
    fs.mkdirSync(path.join(dir, 'data'));
    alertmanager = await startAlertmanager(configFile, path.join(dir, 'data'));
  });
  afterAll(async () => {
    await alertmanager?.stop();
    await sink.stop();
  });

  const expectEverything = (text: string, alert: RenderedRule, environment: EnvironmentSpec) => {
    const annotations = alert.annotations!;
    expect(annotations.dashboard_url?.startsWith(`${environment.grafanaUrl}/d/`)).toBe(true);
    for (const expected of [annotations.summary, annotations.description, annotations.runbook_url, annotations.dashboard_url,
      `Severity: ${alert.labels!.severity}`, `Environment: ${environment.name}`, `Cluster: ${CLUSTER}`, `Service: ${alert.labels!.service}`]) {
      expect(text).toContain(expected);
    }
  };

  it('a Slack message carries the alert\'s summary, description, severity, environment, service, runbook and absolute dashboard link', async () => {
    const warning = rule(backend, 'ReconciliationBackendDbLatencyHigh');
    expect(warning.labels?.severity).toBe('warning');
    await postAlerts(alertmanager!, [firing(production, warning)]);
    const body = await sink.waitFor(`/slack/${production.namespace}`, (posted) => texts(posted).includes(warning.alert!));
    const [attachment] = body.attachments;
    expect(attachment.title).toBe(`[FIRING:1] ${warning.alert} (production, ${CLUSTER}, reconciliation-backend)`);
    expectEverything(attachment.text, warning, production);
  });

  it('a page with one alert names it in the incident title and carries it in full in the details', async () => {
    const page = rule(collaboration, 'CollaborationApiNoReplicaAvailable');
    expect(page.labels?.severity).toBe('critical');
    await postAlerts(alertmanager!, [firing(production, page)]);
    const event = await sink.waitFor('/pagerduty', (posted) => posted.payload?.custom_details?.service === 'collaboration-api');
    expect(event.routing_key).toBe(`routing-key-${production.namespace}`);
    expect(event.payload.summary).toBe(`collaboration-api in production (${CLUSTER}): ${page.annotations!.summary}`);
    expect(event.payload.custom_details).toMatchObject({ environment: 'production', cluster: CLUSTER, severity: 'critical', num_firing: '1' });
    expectEverything(event.payload.custom_details.alerts, page, production);
  });

  it('a page with several alerts of one service is one event that counts and names them, each in full', async () => {
    const outage = ['ReconciliationBackendNoReplicaAvailable', 'ReconciliationBackendAllTargetsDown'].map((name) => rule(backend, name));
    await postAlerts(alertmanager!, outage.map((alert) => firing(production, alert)));
    const event = await sink.waitFor('/pagerduty', (posted) => posted.payload?.custom_details?.service === 'reconciliation-backend'
      && posted.payload.custom_details.num_firing === '2');
    expect(event.payload.summary).toMatch(/^reconciliation-backend in production \(eu-west-1\): 2 alerts firing: /);
    for (const alert of outage) {
      expect(event.payload.summary).toContain(alert.alert);
      expectEverything(event.payload.custom_details.alerts, alert, production);
    }
  });

  it.each([production, staging].map((environment) => [environment.name, environment] as const))(
    'the heartbeat of %s reaches its dead man\'s switch, and nowhere else', async (_name, environment) => {
      const heartbeat = rule(routingOf(environment), 'AlertRoutingHeartbeat');
      await postAlerts(alertmanager!, [{ labels: { ...heartbeat.labels, alertname: heartbeat.alert }, annotations: heartbeat.annotations }]);
      const body = await sink.waitFor(`/heartbeat/${environment.namespace}`, (posted) => posted.status === 'firing');
      expect(body.alerts.map((alert: { labels: Record<string, string> }) => alert.labels.alertname)).toEqual(['AlertRoutingHeartbeat']);
      expect(sink.received.filter((entry) => !entry.path.startsWith('/heartbeat/') && texts(entry.body).includes('AlertRoutingHeartbeat'))).toEqual([]);
    });
});
