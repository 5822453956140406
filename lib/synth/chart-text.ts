import * as path from 'path';
import * as jsYaml from 'js-yaml';
import type { KubernetesObject } from '../validation/schema-validation';
import { sourcesKey, VerdictCache, verdictKey } from '../validation/verdict-cache';

/**
 * The YAML text of a chart's objects, byte-identical to what `cdk8s synth` writes (a test
 * holds us to that). js-yaml does it about five times faster than cdk8s' `yaml`-based
 * writer, which dominated synth time at hundreds of charts.
 */
export function toYaml(chart: { readonly objects: readonly KubernetesObject[] }): string {
  return chart.objects.map((object) => jsYaml.dump(object, YAML_OPTIONS)).join('---\n');
}

const YAML_OPTIONS: jsYaml.DumpOptions = { noRefs: true, lineWidth: -1, quotingType: '"' };

/**
 * Renderings synth has made, kept across runs as pairs: the SHA-256 of a chart's objects
 * as JSON, and the SHA-256 of their YAML text. When the chart's file on disk is the
 * rendering of exactly the objects built now, its text is taken as it is. Dumping the
 * dashboards' JSON as YAML block text is a character-by-character scan in js-yaml: ~40 ms
 * of a 0.19 s synth, where hashing the same objects as JSON (native) is ~3 ms.
 *
 * Anything else renders afresh: changed objects, a file edited, damaged or missing on
 * disk, a damaged cache file (VerdictCache checks it), another js-yaml or a change to
 * this file (both name the cache file). The objects are JSON data (cdk8s' `toJson()`),
 * so equal JSON means equal YAML. Kept in node_modules/.cache/chart-texts
 * (`CHART_TEXTS_CACHE_DIR` moves it); the newest 10 000 pairs, as for the chart verdicts.
 */
const RENDERED = new VerdictCache(() => {
  const root = path.resolve(__dirname, '..', '..');
  const dir = process.env.CHART_TEXTS_CACHE_DIR ?? path.join(root, 'node_modules', '.cache', 'chart-texts');
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the version of the js-yaml that renders
  const { version } = require('js-yaml/package.json') as { version: string };
  return path.join(dir, `js-yaml-${version}-writer-${sourcesKey(root, ['lib/synth/chart-text.ts'])}.json`);
}, 10_000);

export interface ChartText {
  readonly text: string;
  /** False when the text on disk was already the rendering of these objects, and was taken. */
  readonly rendered: boolean;
}

/** The pairs in RENDERED as text key by objects key: the file is read and hashed only for objects rendered before. */
let textKeysByObjects: Map<string, string> | undefined;
const KEY_LENGTH = 32;

function renderedTextKeys(): Map<string, string> {
  textKeysByObjects ??= new Map([...RENDERED.all()].map((pair) => [pair.slice(0, KEY_LENGTH), pair.slice(KEY_LENGTH)]));
  return textKeysByObjects;
}

/**
 * The YAML text of `objects`: the chart file's current text (`onDisk` reads it) when it is
 * their rendering, else a fresh one.
 */
export function chartText(objects: readonly KubernetesObject[], onDisk: () => string | undefined): ChartText {
  const objectsKey = verdictKey(JSON.stringify(objects));
  const textKeys = renderedTextKeys();
  const textKey = textKeys.get(objectsKey);
  if (textKey !== undefined) {
    const current = onDisk();
    if (current !== undefined && verdictKey(current) === textKey) return { text: current, rendered: false };
  }
  const text = toYaml({ objects });
  const renderedKey = verdictKey(text);
  RENDERED.add(objectsKey + renderedKey);
  textKeys.set(objectsKey, renderedKey);
  return { text, rendered: true };
}

/** Forgets the renderings this process read or learned, so the next use reads the cache file again (tests). */
export function forgetChartTexts(): void {
  RENDERED.forget();
  textKeysByObjects = undefined;
}
