import { production } from '../../environments/production';
import { validateSecretsSpec } from '../../lib/secrets/secret-inventory';
import type { SecretInventoryEntry, ServiceSecretsSpec, ServiceSpec } from '../../lib/specs/service-spec';
import { reconciliationBackend } from '../../services/reconciliation-backend';
import { planOf, synthesizeCharts } from '../support/deployments';

const JWT: SecretInventoryEntry = {
  envVar: 'JWT_SECRET', remoteKey: 'reconciliation/jwt-secret', property: 'value', rotationPeriodDays: 90, owner: 'Security', rotation: 'automated', lastRotated: '2026-11-01',
};
const DB: SecretInventoryEntry = {
  envVar: 'DATABASE_PASSWORD', remoteKey: 'reconciliation/database-password', rotationPeriodDays: 180, owner: 'DevOps', rotation: 'manual', lastRotated: '2026-11-01',
};

function validate(inventory: readonly SecretInventoryEntry[], targetSecretName?: string): () => void {
  const spec: ServiceSecretsSpec = { inventory, ...(targetSecretName !== undefined ? { targetSecretName } : {}) };
  return () => validateSecretsSpec('services.example.secrets', spec);
}

/** Synthesizes the backend in production with its inventory replaced. */
function synthBackendWith(inventory: readonly SecretInventoryEntry[]): () => void {
  const service: ServiceSpec = { ...reconciliationBackend, secrets: { ...reconciliationBackend.secrets!, inventory } };
  return () => synthesizeCharts(planOf([production], [service]).charts);
}

describe('secret inventory validation', () => {
  it('accepts the seed inventories of every service', () => {
    expect(validate(reconciliationBackend.secrets!.inventory, 'reconciliation-secrets')).not.toThrow();
    expect(validate([JWT, DB])).not.toThrow();
  });

  it.each([
    ['a leading digit', '1PASSWORD'],
    ['a dash', 'JWT-SECRET'],
    ['a space', 'JWT SECRET'],
    ['nothing', ''],
  ])('rejects an env var name with %s', (_case, envVar) => {
    expect(validate([JWT, { ...DB, envVar }])).toThrow(
      `services.example.secrets.inventory[1].envVar (${JSON.stringify(envVar)}) must be a valid environment variable name ([A-Za-z_][A-Za-z0-9_]*)`);
  });

  it('rejects two secrets with the same env var name, naming both positions', () => {
    expect(validate([JWT, DB, { ...DB, remoteKey: 'reconciliation/other' }])).toThrow(
      'services.example.secrets.inventory[2].envVar ("DATABASE_PASSWORD") duplicates services.example.secrets.inventory[1].envVar');
  });

  it('rejects two secrets reading the same remote key and property', () => {
    expect(validate([JWT, DB, { ...DB, envVar: 'DB_PASSWORD' }])).toThrow(
      'services.example.secrets.inventory[2].remoteKey ("reconciliation/database-password") duplicates services.example.secrets.inventory[1]');
    expect(validate([JWT, { ...JWT, envVar: 'JWT_SECRET_COPY' }])).toThrow(
      'inventory[1].remoteKey ("reconciliation/jwt-secret (property value)") duplicates services.example.secrets.inventory[0]');
  });

  it('accepts two properties of one remote secret as two secrets', () => {
    expect(validate([JWT, { ...JWT, envVar: 'JWT_PREVIOUS_SECRET', property: 'previous' }])).not.toThrow();
  });

  it.each([0, -90, 1.5])('rejects a rotation period of %p days', (rotationPeriodDays) => {
    expect(validate([{ ...JWT, rotationPeriodDays }])).toThrow(
      `services.example.secrets.inventory[0].rotationPeriodDays (${rotationPeriodDays}) must be a whole number of days greater than zero`);
  });

  it('rejects a remote key Secrets Manager would not accept, and an empty property', () => {
    expect(validate([{ ...DB, remoteKey: 'reconciliation/database password' }])).toThrow(
      'inventory[0].remoteKey ("reconciliation/database password") must be an AWS Secrets Manager secret name');
    expect(validate([{ ...JWT, property: '' }])).toThrow('inventory[0].property ("") must name a JSON property');
  });

  it('rejects an empty inventory and a target Secret name Kubernetes would refuse', () => {
    expect(validate([])).toThrow('services.example.secrets.inventory ([]) must list at least one secret');
    expect(validate([JWT], 'Reconciliation_Secrets')).toThrow('services.example.secrets.targetSecretName ("Reconciliation_Secrets") must be a DNS-1123 subdomain');
  });

  it('fails synth of the service with the service named in the message', () => {
    expect(synthBackendWith([JWT, { ...DB, envVar: 'JWT_SECRET' }])).toThrow(
      'services.reconciliation-backend.secrets.inventory[1].envVar ("JWT_SECRET") duplicates');
    expect(synthBackendWith([{ ...JWT, rotationPeriodDays: 0 }])).toThrow(
      'services.reconciliation-backend.secrets.inventory[0].rotationPeriodDays (0) must be a whole number of days greater than zero');
  });
});
