import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { forgetValidObjects, KubernetesObject, validateAgainstSchemas } from '../../lib/validation/schema-validation';
import { saveVerdicts, VerdictCache } from '../../lib/validation/verdict-cache';

const deployment = (replicas: unknown): KubernetesObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web' },
  spec: { replicas, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'web:1.0.0' }] } } },
});

describe('schema verdicts kept across runs', () => {
  let cacheDir: string;
  beforeEach(() => {
    cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'schema-verdicts-'));
    process.env.SCHEMA_VERDICTS_CACHE_DIR = cacheDir;
    forgetValidObjects();
  });
  afterEach(() => {
    delete process.env.SCHEMA_VERDICTS_CACHE_DIR;
    forgetValidObjects();
    fs.rmSync(cacheDir, { recursive: true, force: true });
  });
  const cacheFile = () => path.join(cacheDir, fs.readdirSync(cacheDir)[0]);
  const cached = () => JSON.parse(fs.readFileSync(cacheFile(), 'utf8')) as { checksum: string; keys: string[] };

  it('records valid objects under the models\' version, with a checksum, and never an invalid one', async () => {
    expect(await validateAgainstSchemas('f', [deployment(2)])).toEqual([]);
    expect(await validateAgainstSchemas('f', [deployment('two')])).toEqual([expect.stringContaining('/spec/replicas')]);
    saveVerdicts();
    expect(fs.readdirSync(cacheDir)).toEqual([expect.stringMatching(/^schema-models-[0-9a-f]{16}\.json$/)]);
    expect(cached().keys).toHaveLength(1);
    expect(cached().checksum).toMatch(/^[0-9a-f]{64}$/);
    forgetValidObjects();
    expect(await validateAgainstSchemas('f', [deployment('two')])).toHaveLength(1);
    expect(await validateAgainstSchemas('f', [deployment(2)])).toEqual([]);
  });

  it('checks an object again once anything in it changed', async () => {
    expect(await validateAgainstSchemas('f', [deployment(2)])).toEqual([]);
    saveVerdicts();
    forgetValidObjects();
    const edited = deployment(2) as unknown as { spec: { template: { spec: { containers: { ports?: unknown }[] } } } };
    edited.spec.template.spec.containers[0].ports = [{ containerPort: 'http' }];
    expect(await validateAgainstSchemas('f', [edited as unknown as KubernetesObject])).toEqual([expect.stringContaining('containerPort')]);
  });

  it('ignores a damaged cache file and rewrites it', async () => {
    expect(await validateAgainstSchemas('f', [deployment(2)])).toEqual([]);
    saveVerdicts();
    fs.writeFileSync(cacheFile(), fs.readFileSync(cacheFile(), 'utf8').replace(/"checksum":"./, '"checksum":"z'));
    forgetValidObjects();
    expect(await validateAgainstSchemas('f', [deployment(3)])).toEqual([]);
    saveVerdicts();
    expect(cached().checksum).toMatch(/^[0-9a-f]{64}$/);
    expect(cached().keys).toHaveLength(1);
    fs.writeFileSync(cacheFile(), '{"checksum":');
    forgetValidObjects();
    expect(await validateAgainstSchemas('f', [deployment(2)])).toEqual([]);
  });
});

describe('VerdictCache', () => {
  it('keeps the newest keys up to its capacity, and leaves no temporary file', () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'verdict-cache-'));
    try {
      const file = path.join(folder, 'verdicts.json');
      const cache = new VerdictCache(() => file, 3);
      for (const key of ['a', 'b', 'c', 'd', 'e']) cache.add(key);
      cache.save();
      expect(fs.readdirSync(folder)).toEqual(['verdicts.json']);
      const reread = new VerdictCache(() => file, 3);
      expect(['a', 'b', 'c', 'd', 'e'].filter((key) => reread.has(key))).toEqual(['c', 'd', 'e']);
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });

  it('writes nothing when it learned nothing, and survives a folder it cannot write', () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'verdict-cache-'));
    try {
      const cache = new VerdictCache(() => path.join(folder, 'verdicts.json'));
      cache.save();
      expect(fs.readdirSync(folder)).toEqual([]);
      fs.writeFileSync(path.join(folder, 'not-a-folder'), '');
      const blocked = new VerdictCache(() => path.join(folder, 'not-a-folder', 'verdicts.json'));
      blocked.add('a');
      expect(() => blocked.save()).not.toThrow();
      expect(fs.readdirSync(folder)).toEqual(['not-a-folder']);
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });
});
