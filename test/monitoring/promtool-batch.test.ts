import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { RuleTestBatch, testRuleFiles, type RuleTestFile } from '../support/promtool';

/** The promtool harness runs many rule test files in one call and gives each its own verdict. */
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'promtool-batch-'));
const previous = { dir: process.env.PROMTOOL_RESULTS_CACHE_DIR, switch: process.env.PROMTOOL_RESULTS_CACHE };
beforeEach(() => {
  process.env.PROMTOOL_RESULTS_CACHE_DIR = fs.mkdtempSync(path.join(scratch, 'cache-'));
  delete process.env.PROMTOOL_RESULTS_CACHE;
});
afterAll(() => {
  process.env.PROMTOOL_RESULTS_CACHE_DIR = previous.dir;
  if (previous.switch === undefined) delete process.env.PROMTOOL_RESULTS_CACHE;
  else process.env.PROMTOOL_RESULTS_CACHE = previous.switch;
  fs.rmSync(scratch, { recursive: true, force: true });
});

const groups = [{ name: 'shop', rules: [{ alert: 'ShopDown', expr: 'up{job="shop"} == 0', for: '1m' }] }];
/** A file expecting ShopDown to fire (`fires`) or stay silent, on a target that is down. */
function file(fires: boolean): RuleTestFile {
  return {
    groups,
    evaluationInterval: '15s',
    tests: [{
      interval: '15s',
      input_series: [{ series: 'up{job="shop"}', values: '0x20' }],
      alert_rule_test: [{ eval_time: '3m', alertname: 'ShopDown', exp_alerts: fires ? [{ exp_labels: { job: 'shop' } }] : [] }],
    }],
  };
}

describe('rule test files run in one promtool call', () => {
  it('gives each file its own verdict and its own failure text', () => {
    const [first, second, third] = testRuleFiles([file(true), file(false), file(true)]);
    expect(first).toMatchObject({ status: 0 });
    expect(first.output).toContain('SUCCESS');
    expect(second.status).toBe(1);
    expect(second.output).toContain('alertname: ShopDown');
    expect(second.output).not.toContain('SUCCESS');
    expect(third.status).toBe(0);
  });

  it('remembers verdicts by content and ignores a damaged entry', () => {
    const cacheDir = process.env.PROMTOOL_RESULTS_CACHE_DIR!;
    const [failing] = testRuleFiles([file(false)]);
    const [entry] = fs.readdirSync(cacheDir);
    expect(testRuleFiles([file(false)])).toEqual([failing]);
    // An entry claiming success without the checksum to match is not believed.
    const damaged = JSON.parse(fs.readFileSync(path.join(cacheDir, entry), 'utf8'));
    fs.writeFileSync(path.join(cacheDir, entry), JSON.stringify({ ...damaged, status: 0 }));
    expect(testRuleFiles([file(false)])[0].status).toBe(1);
  });

  it('with PROMTOOL_RESULTS_CACHE=off, runs every file and keeps no verdict', () => {
    process.env.PROMTOOL_RESULTS_CACHE = 'off';
    expect(testRuleFiles([file(true), file(false)]).map((result) => result.status)).toEqual([0, 1]);
    expect(fs.readdirSync(process.env.PROMTOOL_RESULTS_CACHE_DIR!)).toEqual([]);
    // A verdict kept while the cache was on is not used while it is off.
    delete process.env.PROMTOOL_RESULTS_CACHE;
    testRuleFiles([file(false)]);
    const [entry] = fs.readdirSync(process.env.PROMTOOL_RESULTS_CACHE_DIR!);
    const kept = path.join(process.env.PROMTOOL_RESULTS_CACHE_DIR!, entry);
    const result = { status: 0, output: 'SUCCESS (planted)' };
    fs.writeFileSync(kept, JSON.stringify({ ...result, checksum: createHash('sha256').update(JSON.stringify(result)).digest('hex') }));
    expect(testRuleFiles([file(false)])[0]).toEqual(result);
    process.env.PROMTOOL_RESULTS_CACHE = 'off';
    expect(testRuleFiles([file(false)])[0].status).toBe(1);
  });

  it('runs a batch once, when the first result is asked for, and fails only the test whose file could not be built', () => {
    const batch = new RuleTestBatch();
    const passing = batch.add(() => file(true));
    const broken = batch.add(() => { throw new Error('no alert Missing in shop'); });
    const failing = batch.add(() => file(false));
    expect(() => broken()).toThrow('no alert Missing in shop');
    expect(passing().status).toBe(0);
    expect(failing().status).toBe(1);
  });
});
