import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { openMetricsText, replayFamilies, writeOpenMetrics } from '../../lib/preview/openmetrics-writer';
import { REPLAY_ANCHOR_SECONDS, REPLAY_DURATION_SECONDS } from '../../lib/preview/incident-scenario';
import { createBlocksFromOpenMetrics } from '../../lib/preview/prometheus-server';
import { familyName } from '../../lib/preview/replay-target';
import { ensurePromtool } from '../support/promtool';
import { backendInProduction } from './preview-fixture';

describe('the replayed incident', () => {
  const target = backendInProduction([]).target;
  let tempDir: string;

  beforeAll(() => {
    ensurePromtool();
    tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'preview-replay-'));
  });
  afterAll(() => fs.rmSync(tempDir, { recursive: true, force: true }));

  it('writes identical OpenMetrics text when generated twice', () => {
    const first = openMetricsText(replayFamilies([target]));
    const second = openMetricsText(replayFamilies([target]));
    expect(second === first).toBe(true);
    expect(first.endsWith('# EOF\n')).toBe(true);
  });

  it('covers the catalog with the ServiceMonitor labels, histograms with the catalog buckets, over the whole replay', () => {
    const text = openMetricsText(replayFamilies([target]));
    const declared = [...text.matchAll(/^# TYPE (\S+) (\S+)$/gm)].map((m) => `${m[1]} ${m[2]}`);
    expect(declared).toEqual(expect.arrayContaining(target.metrics.map((metric) => `${familyName(metric)} ${metric.type}`)));
    const buckets = [...text.matchAll(/^reconciliation_db_query_duration_seconds_bucket\{(?:[^}]*,)?le="([^"]+)"[^}]*\} \S+ 1704067200$/gm)].map((m) => m[1]);
    expect(new Set(buckets)).toEqual(new Set(['0.001', '0.005', '0.01', '0.05', '0.1', '0.5', '1', '2', '+Inf']));
    expect(/^up\{[^}]*job="reconciliation-backend"[^}]*namespace="reconciliation-platform"[^}]*pod="reconciliation-backend-[a-z0-9]+-[a-z0-9]+"[^}]*\} 1 1704067200$/m.test(text)).toBe(true);
    expect(text.includes(` ${REPLAY_ANCHOR_SECONDS + REPLAY_DURATION_SECONDS}\n`)).toBe(true);
  });

  it('stores the same series values in the TSDB when loaded twice', async () => {
    const dumps = await Promise.all(['a', 'b'].map(async (name) => {
      const file = path.join(tempDir, `${name}.om`);
      const blocks = path.join(tempDir, `${name}-tsdb`);
      writeOpenMetrics(file, replayFamilies([target]));
      await createBlocksFromOpenMetrics(file, blocks, tempDir);
      fs.mkdirSync(path.join(blocks, 'wal')); // promtool tsdb dump opens the folder as a database
      const dump = execFileSync('promtool', ['tsdb', 'dump', '--match={__name__=~"reconciliation_http_requests_total|up"}', blocks],
        { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
      return dump.split('\n').sort().join('\n');
    }));
    expect(dumps[0].length).toBeGreaterThan(0);
    expect(dumps[1] === dumps[0]).toBe(true);
  });
});
