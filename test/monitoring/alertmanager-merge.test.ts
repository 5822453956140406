import { AlertmanagerConfigObject, mergeAlertmanagerConfigs, SecretKeyReference } from '../support/alertmanager-merge';

function amConfig(namespace: string, name: string, spec: Record<string, unknown>): AlertmanagerConfigObject {
  return { apiVersion: 'monitoring.coreos.com/v1alpha1', kind: 'AlertmanagerConfig', metadata: { namespace, name }, spec };
}

const slackReceiver = { name: 'chat', slackConfigs: [{ apiURL: { name: 'creds', key: 'url' }, channel: '#a' }] };
const chatRoute = { receiver: 'chat', matchers: [{ name: 'team', value: 'a', matchType: '=' }] };
const resolved: SecretKeyReference[] = [];
const resolve = (reference: SecretKeyReference) => {
  resolved.push(reference);
  return `https://hooks.example/${reference.namespace}/${reference.name}/${reference.key}`;
};

describe('mergeAlertmanagerConfigs, as the operator merges AlertmanagerConfigs', () => {
  it('starts from the operator\'s default: a top route to the null receiver', () => {
    expect(mergeAlertmanagerConfigs([], resolve)).toEqual({ route: { receiver: 'null', routes: [] }, receivers: [{ name: 'null' }] });
  });

  it('makes each object\'s route a child of the top route, in namespace/name order, scoped to its namespace, continuing', () => {
    const merged = mergeAlertmanagerConfigs([amConfig('b', 'x', { route: chatRoute, receivers: [slackReceiver] }),
      amConfig('a', 'y', { route: chatRoute, receivers: [slackReceiver] })], resolve);
    expect(merged.route.routes).toEqual([
      { receiver: 'a/y/chat', matchers: ['team="a"', 'namespace="a"'], continue: true },
      { receiver: 'b/x/chat', matchers: ['team="a"', 'namespace="b"'], continue: true },
    ]);
    expect(merged.receivers.map((receiver) => receiver.name)).toEqual(['null', 'a/y/chat', 'b/x/chat']);
  });

  it('prefixes the receivers of nested routes and keeps their timing', () => {
    const route = { receiver: 'chat', groupBy: ['alertname'], groupWait: '1m', routes: [{ receiver: 'chat', repeatInterval: '1h', continue: false }] };
    const merged = mergeAlertmanagerConfigs([amConfig('ns', 'cfg', { route, receivers: [slackReceiver] })], resolve);
    expect(merged.route.routes![0]).toEqual({
      receiver: 'ns/cfg/chat', group_by: ['alertname'], group_wait: '1m',
      routes: [{ receiver: 'ns/cfg/chat', repeat_interval: '1h', continue: false }],
      matchers: ['namespace="ns"'], continue: true,
    });
  });

  it('resolves SecretKeySelectors in the object\'s namespace', () => {
    resolved.length = 0;
    const pagerduty = { name: 'page', pagerdutyConfigs: [{ routingKey: { name: 'creds', key: 'key' }, sendResolved: true }] };
    const merged = mergeAlertmanagerConfigs([amConfig('ns', 'cfg', { route: chatRoute, receivers: [pagerduty, slackReceiver] })], resolve);
    expect(resolved).toEqual([{ namespace: 'ns', name: 'creds', key: 'key' }, { namespace: 'ns', name: 'creds', key: 'url' }]);
    expect(merged.receivers[1]).toEqual({ name: 'ns/cfg/page', pagerduty_configs: [{ send_resolved: true, routing_key: 'https://hooks.example/ns/creds/key' }] });
    expect(merged.receivers[2].slack_configs).toEqual([{ api_url: 'https://hooks.example/ns/creds/url', channel: '#a' }]);
  });

  it('renders notification templates, PagerDuty details as a map, and webhook URLs from Secrets', () => {
    const receivers = [
      { name: 'page', pagerdutyConfigs: [{ routingKey: { name: 'creds', key: 'key' }, description: '{{ .CommonLabels.service }}', details: [{ key: 'env', value: '{{ .CommonLabels.environment }}' }] }] },
      { name: 'chat', slackConfigs: [{ apiURL: { name: 'creds', key: 'url' }, title: 'T {{ .Status }}', text: 'X {{ range .Alerts }}.{{ end }}' }] },
      { name: 'beat', webhookConfigs: [{ urlSecret: { name: 'creds', key: 'ping' }, sendResolved: false }] },
    ];
    const merged = mergeAlertmanagerConfigs([amConfig('ns', 'cfg', { route: chatRoute, receivers })], resolve);
    expect(merged.receivers.slice(1)).toEqual([
      { name: 'ns/cfg/page', pagerduty_configs: [{ routing_key: 'https://hooks.example/ns/creds/key', description: '{{ .CommonLabels.service }}', details: { env: '{{ .CommonLabels.environment }}' } }] },
      { name: 'ns/cfg/chat', slack_configs: [{ api_url: 'https://hooks.example/ns/creds/url', title: 'T {{ .Status }}', text: 'X {{ range .Alerts }}.{{ end }}' }] },
      { name: 'ns/cfg/beat', webhook_configs: [{ send_resolved: false, url: 'https://hooks.example/ns/creds/ping' }] },
    ]);
  });

  it('scopes inhibit rules to the namespace on both sides, once, even for an object without a route', () => {
    const rule = {
      sourceMatch: [{ name: 'severity', value: 'critical', matchType: '=' }, { name: 'namespace', value: 'ns', matchType: '=' }],
      targetMatch: [{ name: 'alertname', value: 'A.*', regex: true }],
      equal: ['service'],
    };
    const merged = mergeAlertmanagerConfigs([amConfig('ns', 'rules-only', { inhibitRules: [rule], receivers: [slackReceiver] })], resolve);
    expect(merged.inhibit_rules).toEqual([{
      source_matchers: ['severity="critical"', 'namespace="ns"'],
      target_matchers: ['alertname=~"A.*"', 'namespace="ns"'],
      equal: ['service'],
    }]);
    // As the operator: without a route, the object's receivers are not added.
    expect(merged.route.routes).toEqual([]);
    expect(merged.receivers).toEqual([{ name: 'null' }]);
  });

  it('escapes matcher values the way the operator does', () => {
    const route = { receiver: 'chat', matchers: [{ name: 'summary', value: 'say "hi"\\\n', matchType: '=' }] };
    const merged = mergeAlertmanagerConfigs([amConfig('ns', 'cfg', { route, receivers: [slackReceiver] })], resolve);
    expect(merged.route.routes![0].matchers![0]).toBe('summary="say \\"hi\\"\\\\\\n"');
  });

  it('fails on what it does not render rather than dropping it', () => {
    expect(() => mergeAlertmanagerConfigs([amConfig('ns', 'cfg', { route: chatRoute, muteTimeIntervals: [] })], resolve))
      .toThrow('ns/cfg: spec.muteTimeIntervals is not rendered by test/support/alertmanager-merge.ts');
    expect(() => mergeAlertmanagerConfigs([amConfig('ns', 'cfg', { route: chatRoute, receivers: [{ name: 'mail', emailConfigs: [] }] })], resolve))
      .toThrow('ns/cfg: spec.receivers[0].emailConfigs is not rendered');
    expect(() => mergeAlertmanagerConfigs([amConfig('ns', 'cfg', { route: { ...chatRoute, muteTimeIntervals: ['night'] } })], resolve))
      .toThrow('ns/cfg: spec.route.muteTimeIntervals is not rendered');
    const unresolvable = { name: 'chat', slackConfigs: [{ apiURL: 'https://literal.example' }] };
    expect(() => mergeAlertmanagerConfigs([amConfig('ns', 'cfg', { route: chatRoute, receivers: [unresolvable] })], resolve))
      .toThrow('ns/cfg: a SecretKeySelector needs a name and a key, got "https://literal.example"');
  });

  it('merges only namespaced AlertmanagerConfig objects', () => {
    expect(() => mergeAlertmanagerConfigs([{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x', namespace: 'ns' } }], resolve))
      .toThrow('ConfigMap/x: only monitoring.coreos.com/v1alpha1 AlertmanagerConfig objects can be merged, not v1');
    expect(() => mergeAlertmanagerConfigs([{ ...amConfig('ns', 'x', {}), metadata: { name: 'x' } }], resolve))
      .toThrow('AlertmanagerConfig/x: needs metadata.name and metadata.namespace to be merged');
  });
});
