import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { stringify } from 'yaml';
import type { RenderedRuleGroup } from '../../lib/monitoring/rules';
import { runPromtool, PromtoolResult } from '../support/promtool';

/** One `tests:` entry of a promtool rule test file, as promtool documents it. */
export interface PromtoolRuleTest {
  readonly name: string;
  readonly interval: string;
  readonly input_series: readonly { readonly series: string; readonly values: string }[];
  readonly alert_rule_test?: readonly {
    readonly eval_time: string;
    readonly alertname: string;
    readonly exp_alerts: readonly { readonly exp_labels: Record<string, string>; readonly exp_annotations?: Record<string, string> }[];
  }[];
  readonly promql_expr_test?: readonly {
    readonly expr: string;
    readonly eval_time: string;
    readonly exp_samples: readonly { readonly labels: string; readonly value: number }[];
  }[];
}

/** Writes the groups and the tests into a fresh folder and runs `promtool <command> rules` on them there. */
function inTempDir(run: (dir: string) => PromtoolResult): PromtoolResult {
  const dir = mkdtempSync(join(tmpdir(), 'slo-rules-'));
  try {
    return run(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function promtoolCheckRules(groups: readonly RenderedRuleGroup[]): PromtoolResult {
  return inTempDir((dir) => {
    writeFileSync(join(dir, 'rules.yaml'), stringify({ groups }));
    return runPromtool(['check', 'rules', 'rules.yaml'], dir);
  });
}

export function promtoolTestRules(groups: readonly RenderedRuleGroup[], tests: readonly PromtoolRuleTest[], evaluationInterval = '1m'): PromtoolResult {
  return inTempDir((dir) => {
    writeFileSync(join(dir, 'rules.yaml'), stringify({ groups }));
    writeFileSync(join(dir, 'tests.yaml'), stringify({ rule_files: ['rules.yaml'], evaluation_interval: evaluationInterval, tests }));
    return runPromtool(['test', 'rules', 'tests.yaml'], dir);
  });
}
