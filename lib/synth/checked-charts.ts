import * as path from 'path';
import { checkPromqlSyntax, promqlParserVersion } from '../validation/promql-syntax';
import { schemaModelsKey } from '../validation/schema-models';
import { type KubernetesObject, validateAgainstSchemas } from '../validation/schema-validation';
import { sourcesKey, VerdictCache } from '../validation/verdict-cache';

/**
 * The charts whose exact text passed both output checks (the Kubernetes and CRD schemas,
 * and PromQL syntax), by the SHA-256 of that text, which the output transaction computes
 * for the manifest anyway. A chart whose text is unchanged since it passed is not checked
 * again: at 500 services the checks cost as much as building the charts, and loading the
 * models and their RE2 engine ~60 ms of every synth. Any change to a chart's text checks
 * it whole. Kept across runs in node_modules/.cache/chart-verdicts (`CHART_VERDICTS_CACHE_DIR`
 * moves it), one file per version of the schema models, of the PromQL parser and of the
 * checks' own code, so a new or changed check sees every chart again; the newest 10 000
 * verdicts are kept (a 350 KB file), more than any plan here has charts.
 */
const PASSED = new VerdictCache(() => {
  const root = path.resolve(__dirname, '..', '..');
  const dir = process.env.CHART_VERDICTS_CACHE_DIR ?? path.join(root, 'node_modules', '.cache', 'chart-verdicts');
  return path.join(dir, `schema-models-${schemaModelsKey()}-lezer-promql-${promqlParserVersion()}-checks-${sourcesKey(root, CHECK_SOURCES)}.json`);
}, 10_000);

/** The code of the checks themselves, so that changing a check invalidates what it passed. */
const CHECK_SOURCES = ['lib/synth/checked-charts.ts', 'lib/validation/promql-syntax.ts', 'lib/validation/schema-validation.ts', 'lib/validation/schema-models.ts'];

/**
 * Problems of one chart (empty when it passes), checked only when its text, whose
 * SHA-256 is `textDigest`, has not passed before. Says whether it was checked.
 */
export async function checkChart(file: string, objects: readonly KubernetesObject[], textDigest: string): Promise<{ problems: string[]; checked: boolean }> {
  // Half the digest is plenty to tell chart texts apart, and keeps the file small.
  const key = textDigest.slice(0, 32);
  if (PASSED.has(key)) return { problems: [], checked: false };
  const problems = [...await validateAgainstSchemas(file, objects), ...await checkPromqlSyntax(file, objects)];
  if (problems.length === 0) PASSED.add(key);
  return { problems, checked: true };
}

/** Forgets the verdicts this process read or learned, so the next check reads the cache file again (tests). */
export function forgetCheckedCharts(): void {
  PASSED.forget();
}
