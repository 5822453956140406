import { DELIVERY_DEFAULTS, resolveDeliverySettings } from '../../lib/delivery/delivery-settings';
import { findPlaceholders } from '../../lib/review/placeholders';
import type { DeliverySpec } from '../../lib/specs/delivery-spec';

const PLACEHOLDER_URL = 'https://git.example.com/platform/reconciliation-deploy.git';
const spec: DeliverySpec = { repository: { url: PLACEHOLDER_URL } };

describe('delivery settings', () => {
  it('applies every default once: branch main, dist/, argocd and flux-system', () => {
    const settings = resolveDeliverySettings(spec);
    expect(settings.repository).toEqual({ url: PLACEHOLDER_URL, branch: 'main', distPath: 'dist' });
    expect(settings.argoCd).toEqual(DELIVERY_DEFAULTS.argoCd);
    expect(settings.argoCd.namespace).toBe('argocd');
    expect(settings.flux).toEqual(DELIVERY_DEFAULTS.flux);
    expect(settings.flux.namespace).toBe('flux-system');
    expect(settings.flux.credentialsSecret).toBeUndefined();
  });

  it('keeps the values a spec gives, and the default of a field given as undefined', () => {
    const settings = resolveDeliverySettings({
      repository: { url: PLACEHOLDER_URL, branch: 'release', distPath: 'deploy/dist' },
      argoCd: { namespace: 'gitops', retryLimit: undefined },
      flux: { credentialsSecret: 'deploy-key', workloadsTimeout: '20m' },
    });
    expect(settings.repository).toEqual({ url: PLACEHOLDER_URL, branch: 'release', distPath: 'deploy/dist' });
    expect(settings.argoCd).toEqual({ ...DELIVERY_DEFAULTS.argoCd, namespace: 'gitops' });
    expect(settings.flux).toEqual({ ...DELIVERY_DEFAULTS.flux, credentialsSecret: 'deploy-key', workloadsTimeout: '20m' });
  });

  it.each([
    [{ repository: { url: 'git.example.com/platform/deploy' } }, /^delivery\.repository\.url \("git\.example\.com\/platform\/deploy"\) must be an https:\/\/, ssh:\/\/ or git@ URL/],
    [{ repository: { url: PLACEHOLDER_URL, distPath: './dist/' } }, /^delivery\.repository\.distPath \("\.\/dist\/"\) must be a relative folder/],
    [{ repository: { url: PLACEHOLDER_URL, distPath: 'dist/../secrets' } }, /^delivery\.repository\.distPath .* must be a relative folder/],
    [{ repository: { url: PLACEHOLDER_URL }, argoCd: { retryBackoffFactor: 1.5 } }, /^delivery\.argoCd\.retryBackoffFactor \(1\.5\) must be a whole number >= 1/],
    [{ repository: { url: PLACEHOLDER_URL }, argoCd: { retryBackoff: '1d' } }, /^delivery\.argoCd\.retryBackoff \("1d"\) must be a Go duration/],
    [{ repository: { url: PLACEHOLDER_URL }, flux: { namespace: 'Flux_System' } }, /^delivery\.flux\.namespace \("Flux_System"\) must be a DNS-1123 label/],
    [{ repository: { url: PLACEHOLDER_URL }, flux: { interval: 'often' } }, /^delivery\.flux\.interval \("often"\) must be a Go duration/],
  ] as [DeliverySpec, RegExp][])('refuses %j, naming the field, the value and the rule', (given, message) => {
    expect(() => resolveDeliverySettings(given)).toThrow(message);
  });

  it('refuses a misspelt field instead of ignoring it', () => {
    const misspelt = { repository: { url: PLACEHOLDER_URL, brnach: 'release' } } as unknown as DeliverySpec;
    expect(() => resolveDeliverySettings(misspelt)).toThrow(/^delivery\.repository\.brnach .* is not a known field; did you mean "branch"/);
  });

  it('flags the example repository URL as a placeholder', () => {
    expect(findPlaceholders('delivery', spec)).toEqual([
      { field: 'delivery.repository.url', value: PLACEHOLDER_URL, reason: 'a reserved example domain (RFC 2606)' },
    ]);
  });
});
