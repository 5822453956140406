import { Chart } from 'cdk8s';
import { ServiceMonitoring, ServiceMonitoringProps } from '../../lib/monitoring/service-monitoring';
import { durationSeconds } from '../../lib/monitoring/prometheus-duration';
import { validateAgainstSchemas, KubernetesObject } from '../../lib/validation/schema-validation';
import { testApp } from '../support/charts';

const props: ServiceMonitoringProps = {
  name: 'reconciliation-backend',
  namespace: 'reconciliation-platform',
  serviceSelector: { 'app.kubernetes.io/name': 'reconciliation-backend' },
  path: '/api/metrics',
  monitoringSelector: { release: 'kube-prometheus-stack' },
};

function synth(overrides: Partial<ServiceMonitoringProps> = {}): KubernetesObject {
  const chart = new Chart(testApp(), 'test');
  new ServiceMonitoring(chart, 'Monitoring', { ...props, ...overrides });
  const [object] = chart.toJson() as KubernetesObject[];
  return object;
}

describe('ServiceMonitoring', () => {
  it('scrapes the named metrics port of the service\'s Service, in its namespace only, every 15 s with a 10 s timeout', () => {
    expect(synth()).toEqual({
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'ServiceMonitor',
      metadata: { name: 'reconciliation-backend', namespace: 'reconciliation-platform', labels: { release: 'kube-prometheus-stack' } },
      spec: {
        selector: { matchLabels: { 'app.kubernetes.io/name': 'reconciliation-backend' } },
        namespaceSelector: { matchNames: ['reconciliation-platform'] },
        endpoints: [{ port: 'metrics', path: '/api/metrics', interval: '15s', scrapeTimeout: '10s' }],
      },
    });
  });

  it('carries the configurable monitoring selector label, which wins over other labels of the same name', () => {
    const object = synth({ monitoringSelector: { prometheus: 'platform' }, labels: { prometheus: 'other', team: 'recon' } });
    expect((object.metadata as { labels: Record<string, string> }).labels).toEqual({ prometheus: 'platform', team: 'recon' });
  });

  it('passes the ServiceMonitor schema', async () => {
    expect(await validateAgainstSchemas('test', [synth()])).toEqual([]);
  });

  it.each([
    [{ scrapeTimeout: '20s' }, 'scrapeTimeout ("20s") must be greater than zero and at most interval (15s)'],
    [{ scrapeTimeout: '0s' }, 'scrapeTimeout ("0s") must be greater than zero'],
    [{ interval: '0s' }, 'interval ("0s") must be greater than zero'],
    [{ interval: 'often' }, 'interval ("often") must be a Prometheus duration'],
    [{ path: 'metrics' }, 'path ("metrics") must be an absolute HTTP path'],
    [{ serviceSelector: {} }, 'serviceSelector ({}) must name at least one label'],
    [{ monitoringSelector: {} }, 'monitoringSelector ({}) must name at least one label'],
    [{ namespace: 'Bad_NS' }, 'namespace ("Bad_NS") must be a DNS-1123 label'],
  ] as [Partial<ServiceMonitoringProps>, string][])('rejects %j: %s', (overrides, message) => {
    expect(() => synth(overrides)).toThrow(message);
  });
});

describe('durationSeconds', () => {
  it('adds up compound Prometheus durations', () => {
    expect(durationSeconds('d', '1h30m')).toBe(5400);
    expect(durationSeconds('d', '500ms')).toBe(0.5);
    expect(durationSeconds('d', '2w')).toBe(1209600);
  });

  it('names the field when the value is not a duration', () => {
    expect(() => durationSeconds('groups[0].rules[1].for', '5 minutes')).toThrow('groups[0].rules[1].for ("5 minutes") must be a Prometheus duration');
  });
});
