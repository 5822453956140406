import type { KubernetesObject } from './schema-validation';

/**
 * Every PromQL expression synth writes, in rules and in dashboard panels, parsed with
 * Prometheus's own grammar (`@prometheus-io/lezer-promql`, the one its web UI uses)
 * before anything is written: a typo fails synth naming the rule or panel, instead of
 * a rule Prometheus refuses to load or a panel that shows "parse error".
 */

export type PromqlParser = (typeof import('@prometheus-io/lezer-promql', { with: { 'resolution-mode': 'import' } }))['parser'];

let parserPromise: Promise<PromqlParser> | undefined;
/** The parser is an ES module: loaded once, natively, on first use. */
export function loadPromqlParser(): Promise<PromqlParser> {
  parserPromise ??= import('@prometheus-io/lezer-promql').then((module) => module.parser);
  return parserPromise;
}

/** Grafana's built-in interval variables, replaced by a duration so ranges parse; other `$variables` sit inside label values. */
const GRAFANA_DURATIONS = /\$\{?(__rate_interval|__interval|__range)\}?/g;

/** Offsets of syntax errors in `expr` (empty when it parses). */
export function syntaxErrorOffsets(parser: PromqlParser, expr: string): number[] {
  const offsets: number[] = [];
  parser.parse(expr).iterate({ enter: (node) => { if (node.type.isError) offsets.push(node.from); } });
  return offsets;
}

/** A comment, a string literal closed on its line (a backtick one may span lines), or a quote that opens none. */
const COMMENT_OR_STRING = /#[^\n]*|(["'])(?:\\[\s\S]|(?!\1)[^\\\n])*\1|`[^`]*`|["'`]/g;

/**
 * `expr` with the text inside each string literal replaced by as many `x`: the grammar
 * accepts any text there (any escape, no newline in quoted strings), so two expressions
 * of the same shape parse alike, at the same offsets. Undefined when a string is not
 * closed on its line (then only the expression itself says how it parses).
 */
export function syntaxShape(expr: string): string | undefined {
  let open = false;
  const shape = expr.replace(COMMENT_OR_STRING, (token) => {
    if (token.startsWith('#')) return token;
    if (token.length > 1) return `${token[0]}${'x'.repeat(token.length - 2)}${token[0]}`;
    open = true;
    return token;
  });
  return open ? undefined : shape;
}

/**
 * The first syntax error offset of `expr`, or undefined when it parses. Verdicts are
 * kept by shape: services differ mostly in label values, so at hundreds of charts most
 * expressions are parsed once.
 */
const verdictsByShape = new Map<string, number | undefined>();
function firstSyntaxError(parser: PromqlParser, expr: string): number | undefined {
  const shape = syntaxShape(expr);
  if (shape !== undefined && verdictsByShape.has(shape)) return verdictsByShape.get(shape);
  const [offset] = syntaxErrorOffsets(parser, shape ?? expr);
  if (shape !== undefined) verdictsByShape.set(shape, offset);
  return offset;
}

/**
 * One message per expression that does not parse, naming where it is:
 * `production/x.k8s.yaml: PrometheusRule/x group x.http rule XHttpErrorRateHigh: does not parse as PromQL at 12: <expr>`.
 * `parsed` maps a dashboard ConfigMap's JSON text to the object it is the text of, where the caller has it.
 */
export async function checkPromqlSyntax(source: string, objects: readonly KubernetesObject[], parsed?: ReadonlyMap<string, unknown>): Promise<string[]> {
  const located = expressions(objects, parsed);
  if (located.length === 0) return [];
  const parser = await loadPromqlParser();
  const problems: string[] = [];
  for (const { where, expr } of located) {
    const text = expr.replace(GRAFANA_DURATIONS, '5m');
    const offset = text.trim() === '' ? 0 : firstSyntaxError(parser, text);
    if (offset !== undefined) problems.push(`${source}: ${where}: does not parse as PromQL at ${offset}: ${expr}`);
  }
  return problems;
}

interface LocatedExpression {
  readonly where: string;
  readonly expr: string;
}

/* eslint-disable @typescript-eslint/no-explicit-any -- reading synthesized manifests */
function expressions(objects: readonly KubernetesObject[], parsed: ReadonlyMap<string, unknown> = new Map()): LocatedExpression[] {
  const found: LocatedExpression[] = [];
  for (const object of objects) {
    const name = `${object.kind}/${object.metadata?.name}`;
    if (object.kind === 'PrometheusRule') {
      for (const group of (object as any).spec?.groups ?? []) {
        for (const rule of group.rules ?? []) {
          found.push({ where: `${name} group ${group.name} rule ${rule.alert ?? rule.record}`, expr: String(rule.expr) });
        }
      }
    }
    if (object.kind === 'ConfigMap' && object.metadata && (object as any).metadata.labels?.grafana_dashboard) {
      for (const [key, json] of Object.entries((object as any).data ?? {})) {
        for (const panel of panelsOf(parsed.get(String(json)) ?? JSON.parse(String(json)))) {
          for (const target of panel.targets ?? []) {
            if (typeof target.expr === 'string') found.push({ where: `${name} ${key} panel "${panel.title}" query ${target.refId}`, expr: target.expr });
          }
        }
      }
    }
  }
  return found;
}

function panelsOf(dashboard: any): any[] {
  return (dashboard.panels ?? []).flatMap((panel: any) => [panel, ...(panel.panels ?? [])]);
}
