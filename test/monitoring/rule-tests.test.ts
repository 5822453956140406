import { renderAnnotation, testRules } from '../support/rule-tests';

const groups = [{
  name: 'shop',
  rules: [{
    alert: 'ShopDown', expr: 'up{job="shop"} == 0', for: '1m',
    labels: { severity: 'warning' }, annotations: { summary: 'Shop is down', description: 'Pod {{ $labels.pod }} is down' },
  }],
}];
const inputs = [{ series: 'up{job="shop", pod="shop-1"}', values: '0x20' }];
const labels = { job: 'shop', pod: 'shop-1', severity: 'warning' };

describe('the promtool harness', () => {
  it('passes when the expected labels and annotations are what Prometheus produces', () => {
    const result = testRules(groups, [{ alert: 'ShopDown', evalTime: '3m', inputs, expected: [{ labels, annotations: { summary: 'Shop is down', description: 'Pod shop-1 is down' } }] }]);
    expect(result.status).toBe(0);
  });

  it('fails on a wrong annotation, a missing label or an alert that was expected to stay quiet', () => {
    const wrongAnnotation = testRules(groups, [{ alert: 'ShopDown', evalTime: '3m', inputs, expected: [{ labels, annotations: { summary: 'Shop is down', description: 'Pod shop-2 is down' } }] }]);
    const missingLabel = testRules(groups, [{ alert: 'ShopDown', evalTime: '3m', inputs, expected: [{ labels: { job: 'shop', pod: 'shop-1' }, annotations: { summary: 'Shop is down', description: 'Pod shop-1 is down' } }] }]);
    const notQuiet = testRules(groups, [{ alert: 'ShopDown', evalTime: '3m', inputs, expected: [] }]);
    expect([wrongAnnotation.status, missingLabel.status, notQuiet.status].every((status) => status !== 0)).toBe(true);
  });
});

describe('renderAnnotation', () => {
  it('renders the templates the rules use as Prometheus does', () => {
    expect(renderAnnotation('{{ $labels.pod }}: {{ $value | humanizePercentage }}', { pod: 'p' }, 0.012000000000000002)).toBe('p: 1.2%');
    expect(renderAnnotation('{{ $value | humanizeDuration }}', {}, 0.22)).toBe('220ms');
    expect(renderAnnotation('{{ $value }} replicas', {}, 4)).toBe('4 replicas');
  });

  it('refuses templates and values it cannot reproduce, rather than guessing', () => {
    expect(() => renderAnnotation('{{ $value | humanize }}', {}, 1)).toThrow('does not know the template');
    expect(() => renderAnnotation('{{ $value | humanizeDuration }}', {}, 90)).toThrow('only reproduced for');
    expect(() => renderAnnotation('{{ $value | humanizePercentage }}', {}, 1000)).toThrow('does not format');
  });
});
