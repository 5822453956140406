import * as fs from 'fs';
import * as yaml from 'js-yaml';
import * as path from 'path';
import { DEFAULT_RULE_EVALUATION_SECONDS } from './incident-scenario';
import { type PrometheusServer, runTied } from './prometheus-server';

/** A rule as a PrometheusRule object carries it. */
export interface PreviewRule {
  readonly record?: string;
  readonly alert?: string;
  readonly expr: string;
  readonly for?: string;
  readonly labels?: Readonly<Record<string, string>>;
}

export interface PreviewRuleGroup {
  readonly name: string;
  readonly interval?: string;
  readonly rules: readonly PreviewRule[];
}

export interface BackfillWindow {
  /** Unix seconds. */
  readonly start: number;
  readonly end: number;
}

const refersTo = (expr: string, record: string) =>
  new RegExp(`(^|[^a-zA-Z0-9_:])${record.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^a-zA-Z0-9_:])`).test(expr);

/**
 * Recording rules in the order promtool can backfill them: promtool evaluates against
 * the server, so a rule reading another rule's series (the SLO period ratio reads the
 * 5m ratio) must wait until those series are loaded. Level n reads only levels < n.
 */
export function recordingRuleLevels(groups: readonly PreviewRuleGroup[]): PreviewRuleGroup[][] {
  const recording = groups.flatMap((group) => group.rules.filter((rule) => rule.record).map((rule) => ({ group, rule })));
  const records = new Set(recording.map(({ rule }) => rule.record!));
  const levelOf = new Map<string, number>();
  const level = (record: string, seen: string[]): number => {
    if (seen.includes(record)) throw new Error(`recording rule ${record} depends on itself through ${seen.join(' -> ')}`);
    const known = levelOf.get(record);
    if (known !== undefined) return known;
    const depths = recording.filter(({ rule }) => rule.record === record)
      .flatMap(({ rule }) => [...records].filter((other) => other !== record && refersTo(rule.expr, other)))
      .map((dependency) => level(dependency, [...seen, record]) + 1);
    const result = Math.max(0, ...depths);
    levelOf.set(record, result);
    return result;
  };
  const levels: PreviewRuleGroup[][] = [];
  for (const { group, rule } of recording) {
    const depth = level(rule.record!, []);
    levels[depth] ??= [];
    let target = levels[depth].find((candidate) => candidate.name === group.name);
    if (!target) {
      target = { name: group.name, ...(group.interval ? { interval: group.interval } : {}), rules: [] };
      levels[depth].push(target);
    }
    (target.rules as PreviewRule[]).push({ record: rule.record, expr: rule.expr, ...(rule.labels ? { labels: rule.labels } : {}) });
  }
  return levels;
}

/**
 * Backfills the recording rules over the replay, level by level: promtool writes blocks
 * from the server's answers, the blocks move into its storage, the server restarts to
 * load them.
 */
export async function backfillRecordingRules(
  server: PrometheusServer, groups: readonly PreviewRuleGroup[], window: BackfillWindow, storagePath: string, workDir: string,
): Promise<void> {
  const levels = recordingRuleLevels(groups);
  for (const [depth, level] of levels.entries()) {
    const rulesFile = path.join(workDir, `rules-level-${depth}.yml`);
    const outputDir = path.join(workDir, `rule-blocks-${depth}`);
    fs.writeFileSync(rulesFile, yaml.dump({ groups: level.map(({ name, interval, rules }) => ({ name, ...(interval ? { interval } : {}), rules })) }, { noRefs: true, lineWidth: -1 }));
    try {
      await runTied('promtool', ['tsdb', 'create-blocks-from', 'rules',
        `--start=${window.start}`, `--end=${window.end}`, `--url=${server.url}`, `--output-dir=${outputDir}`,
        `--eval-interval=${DEFAULT_RULE_EVALUATION_SECONDS}s`, '--quiet', rulesFile], workDir);
    } catch (error) {
      throw new Error(`promtool could not backfill ${rulesFile}: ${(error as Error).message}`);
    }
    if (fs.existsSync(outputDir)) {
      for (const block of fs.readdirSync(outputDir)) fs.renameSync(path.join(outputDir, block), path.join(storagePath, block));
      fs.rmSync(outputDir, { recursive: true, force: true });
    }
    await server.restart();
  }
}
