import * as jsYaml from 'js-yaml';

/**
 * The `alertmanager.yml` the Prometheus Operator generates from AlertmanagerConfig
 * objects, so that tests can run the real `amtool` and Alertmanager on what a cluster
 * would run. It follows the operator's merge (pkg/alertmanager/amcfg.go, v0.93):
 *
 * - the base configuration is the operator's default: a top route and receiver `null`;
 * - objects are taken in `<namespace>/<name>` order; each one's route becomes a child
 *   of the top route, before any existing child, with `namespace="<ns>"` appended to
 *   its matchers and `continue: true` (so one object cannot swallow another's alerts);
 * - receiver names (and the route receivers that point at them) become
 *   `<namespace>/<name>/<receiver>`;
 * - inhibit rules get `namespace="<ns>"` on both sides, so they act within the namespace;
 * - SecretKeySelectors are resolved from the object's namespace, here by `resolveSecret`.
 *
 * Only the fields this project emits are rendered; anything else fails loudly rather
 * than disappearing from the rendered file.
 */

/** The subset of the AlertmanagerConfig (monitoring.coreos.com/v1alpha1) wire format read here. */
export interface AlertmanagerConfigObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata?: { readonly name?: string; readonly namespace?: string };
  readonly spec?: Readonly<Record<string, unknown>>;
}

/** A key of a Secret in the object's namespace. */
export interface SecretKeyReference {
  readonly namespace: string;
  readonly name: string;
  readonly key: string;
}

/** Returns the value of a Secret key; the operator reads it from the cluster. */
export type SecretResolver = (reference: SecretKeyReference) => string;

export interface AlertmanagerRoute {
  receiver?: string;
  group_by?: string[];
  group_wait?: string;
  group_interval?: string;
  repeat_interval?: string;
  matchers?: string[];
  continue?: boolean;
  routes?: AlertmanagerRoute[];
}

export interface AlertmanagerInhibitRule {
  source_matchers?: string[];
  target_matchers?: string[];
  equal?: string[];
}

export interface AlertmanagerReceiver {
  name: string;
  pagerduty_configs?: Record<string, unknown>[];
  slack_configs?: Record<string, unknown>[];
  webhook_configs?: Record<string, unknown>[];
}

/** The merged `alertmanager.yml`, in Alertmanager's own field names. */
export interface AlertmanagerFile {
  route: AlertmanagerRoute;
  receivers: AlertmanagerReceiver[];
  inhibit_rules?: AlertmanagerInhibitRule[];
}

/** The operator's default when no base configuration is given. */
const NULL_RECEIVER = 'null';

/** Merges the AlertmanagerConfig objects (in any order) into one Alertmanager configuration. */
export function mergeAlertmanagerConfigs(objects: readonly AlertmanagerConfigObject[], resolveSecret: SecretResolver): AlertmanagerFile {
  const merged: AlertmanagerFile = { route: { receiver: NULL_RECEIVER }, receivers: [{ name: NULL_RECEIVER }], inhibit_rules: [] };
  const children: AlertmanagerRoute[] = [];
  const keyed = objects.map((object) => ({ key: objectKey(object), object }));
  keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  for (const { key, object } of keyed) {
    const namespace = object.metadata!.namespace!;
    const prefix = `${key}/`;
    const spec = object.spec ?? {};
    refuseUnknown(key, 'spec', spec, ['route', 'receivers', 'inhibitRules']);
    const namespaceMatcher = matcherString('namespace', '=', namespace);
    for (const [index, rule] of (records(spec.inhibitRules)).entries()) {
      refuseUnknown(key, `spec.inhibitRules[${index}]`, rule, ['sourceMatch', 'targetMatch', 'equal']);
      const source = matchers(rule.sourceMatch);
      const target = matchers(rule.targetMatch);
      merged.inhibit_rules!.push({
        source_matchers: source.includes(namespaceMatcher) ? source : [...source, namespaceMatcher],
        target_matchers: target.includes(namespaceMatcher) ? target : [...target, namespaceMatcher],
        ...(rule.equal !== undefined ? { equal: [...(rule.equal as string[])] } : {}),
      });
    }
    // As the operator: an object without a route contributes its inhibit rules only.
    if (spec.route === undefined) continue;
    const route = convertRoute(key, 'spec.route', spec.route as Record<string, unknown>, prefix);
    children.push({ ...route, matchers: [...(route.matchers ?? []), namespaceMatcher], continue: true });
    for (const [index, receiver] of records(spec.receivers).entries()) {
      merged.receivers.push(convertReceiver(key, `spec.receivers[${index}]`, receiver, prefix, (selector) =>
        resolveSecret({ namespace, ...secretKeySelector(key, selector) })));
    }
  }
  merged.route.routes = children;
  if (merged.inhibit_rules!.length === 0) delete merged.inhibit_rules;
  return merged;
}

/** The merged configuration as the YAML file Alertmanager reads. */
export function renderAlertmanagerYaml(objects: readonly AlertmanagerConfigObject[], resolveSecret: SecretResolver): string {
  return jsYaml.dump(mergeAlertmanagerConfigs(objects, resolveSecret), { lineWidth: -1, noRefs: true, quotingType: '"' });
}

function objectKey(object: AlertmanagerConfigObject): string {
  const where = `${object.kind}/${object.metadata?.name ?? '<unnamed>'}`;
  if (object.apiVersion !== 'monitoring.coreos.com/v1alpha1' || object.kind !== 'AlertmanagerConfig') {
    throw new Error(`${where}: only monitoring.coreos.com/v1alpha1 AlertmanagerConfig objects can be merged, not ${object.apiVersion}`);
  }
  if (!object.metadata?.namespace || !object.metadata.name) throw new Error(`${where}: needs metadata.name and metadata.namespace to be merged`);
  return `${object.metadata.namespace}/${object.metadata.name}`;
}

const ROUTE_FIELDS = ['receiver', 'groupBy', 'groupWait', 'groupInterval', 'repeatInterval', 'matchers', 'continue', 'routes'];

function convertRoute(key: string, at: string, route: Record<string, unknown>, prefix: string): AlertmanagerRoute {
  refuseUnknown(key, at, route, ROUTE_FIELDS);
  const out: AlertmanagerRoute = {};
  if (typeof route.receiver === 'string' && route.receiver !== '') out.receiver = prefix + route.receiver;
  if (route.groupBy !== undefined) out.group_by = [...(route.groupBy as string[])];
  if (route.groupWait !== undefined) out.group_wait = route.groupWait as string;
  if (route.groupInterval !== undefined) out.group_interval = route.groupInterval as string;
  if (route.repeatInterval !== undefined) out.repeat_interval = route.repeatInterval as string;
  if (route.matchers !== undefined) out.matchers = matchers(route.matchers);
  if (route.continue !== undefined) out.continue = route.continue as boolean;
  const routes = records(route.routes);
  if (routes.length > 0) out.routes = routes.map((child, index) => convertRoute(key, `${at}.routes[${index}]`, child, prefix));
  return out;
}

type SecretSelector = (selector: unknown) => string;

function convertReceiver(key: string, at: string, receiver: Record<string, unknown>, prefix: string, secret: SecretSelector): AlertmanagerReceiver {
  refuseUnknown(key, at, receiver, ['name', 'pagerdutyConfigs', 'slackConfigs', 'webhookConfigs']);
  const out: AlertmanagerReceiver = { name: prefix + String(receiver.name) };
  const pagerduty = records(receiver.pagerdutyConfigs);
  if (pagerduty.length > 0) {
    out.pagerduty_configs = pagerduty.map((config, index) => {
      refuseUnknown(key, `${at}.pagerdutyConfigs[${index}]`, config, ['routingKey', 'sendResolved', 'description', 'details']);
      return {
        ...sendResolved(config),
        routing_key: secret(config.routingKey),
        ...(config.description !== undefined ? { description: config.description } : {}),
        // The operator turns the list of key/value pairs into Alertmanager's map.
        ...(config.details !== undefined ? { details: Object.fromEntries(records(config.details).map((pair) => [pair.key, pair.value])) } : {}),
      };
    });
  }
  const slack = records(receiver.slackConfigs);
  if (slack.length > 0) {
    out.slack_configs = slack.map((config, index) => {
      refuseUnknown(key, `${at}.slackConfigs[${index}]`, config, ['apiURL', 'channel', 'sendResolved', 'title', 'text']);
      return {
        ...sendResolved(config),
        api_url: secret(config.apiURL),
        ...(config.channel !== undefined ? { channel: config.channel } : {}),
        ...(config.title !== undefined ? { title: config.title } : {}),
        ...(config.text !== undefined ? { text: config.text } : {}),
      };
    });
  }
  const webhook = records(receiver.webhookConfigs);
  if (webhook.length > 0) {
    out.webhook_configs = webhook.map((config, index) => {
      refuseUnknown(key, `${at}.webhookConfigs[${index}]`, config, ['urlSecret', 'sendResolved']);
      return { ...sendResolved(config), url: secret(config.urlSecret) };
    });
  }
  return out;
}

function sendResolved(config: Record<string, unknown>): Record<string, unknown> {
  return config.sendResolved === undefined ? {} : { send_resolved: config.sendResolved };
}

function secretKeySelector(key: string, selector: unknown): { name: string; key: string } {
  const value = selector as { name?: unknown; key?: unknown } | undefined;
  if (typeof value?.name !== 'string' || typeof value.key !== 'string') {
    throw new Error(`${key}: a SecretKeySelector needs a name and a key, got ${JSON.stringify(selector)}`);
  }
  return { name: value.name, key: value.key };
}

/** v1alpha1 matchers to Alertmanager's `name="value"` strings, as the operator writes them. */
function matchers(list: unknown): string[] {
  return records(list).map((matcher) => {
    const op = (matcher.matchType as string | undefined) || (matcher.regex === true ? '=~' : '=');
    return matcherString(String(matcher.name), op, String(matcher.value ?? ''));
  });
}

function matcherString(name: string, op: string, value: string): string {
  // Escaped the way the operator escapes them: backslash, line feed, double quote.
  const escaped = value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
  return `${name}${op}"${escaped}"`;
}

function records(value: unknown): Record<string, unknown>[] {
  return Array.isArray(value) ? (value as Record<string, unknown>[]) : [];
}

function refuseUnknown(key: string, at: string, value: Readonly<Record<string, unknown>>, known: readonly string[]): void {
  const unknown = Object.keys(value).filter((field) => !known.includes(field));
  if (unknown.length > 0) {
    throw new Error(`${key}: ${at}.${unknown.join(', ')} is not rendered by test/support/alertmanager-merge.ts; add it there first`);
  }
}
