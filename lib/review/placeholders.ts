/**
 * Values in the specs that stand in for real ones (AWS's documentation account, the
 * reserved example domains): listed in docs/DEPLOYMENT.md and the PR comment; a production
 * spec that still holds one makes synth print a warning, and each environment's
 * preflight.sh fails on every one left in the specs it deploys.
 */
export interface Placeholder {
  /** Where it is written, e.g. `environments.production.alertRouting.iamRoleArn`. */
  readonly field: string;
  readonly value: string;
  /** Why it is taken for a placeholder. */
  readonly reason: string;
}

const PLACEHOLDER_PATTERNS: readonly (readonly [RegExp, string])[] = [
  [/\b123456789012\b/, "AWS's documentation account id"],
  [/(^|[.@/])example\.(com|org|net)\b|\.example\b/, 'a reserved example domain (RFC 2606)'],
  [/\b(TODO|CHANGEME|REPLACE[_-]?ME)\b/i, 'a to-do marker'],
];

/** Every string under `value` (objects and arrays walked in order) that matches a placeholder pattern. */
export function findPlaceholders(root: string, value: unknown): Placeholder[] {
  if (typeof value === 'string') {
    const match = PLACEHOLDER_PATTERNS.find(([pattern]) => pattern.test(value));
    return match ? [{ field: root, value, reason: match[1] }] : [];
  }
  if (Array.isArray(value)) return value.flatMap((item, index) => findPlaceholders(`${root}[${index}]`, item));
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, item]) => findPlaceholders(`${root}.${key}`, item));
  }
  return [];
}

/** The Markdown section listing them, for docs/DEPLOYMENT.md. */
export function renderPlaceholders(placeholders: readonly Placeholder[]): string[] {
  const lines = ['## Placeholders', ''];
  if (placeholders.length === 0) return [...lines, 'None: every value in the specs is a real one.'];
  lines.push('Replace these before the first deploy (synth warns while production holds any; `dist/<environment>/<cluster>/preflight.sh` fails on each one of its environment and the services):', '', '| field | value | why |', '|---|---|---|');
  for (const { field, value, reason } of placeholders) lines.push(`| \`${field}\` | \`${value}\` | ${reason} |`);
  lines.push('', 'Check these too, which no pattern can tell from real values: each environment\'s `dataNetworkCidr` (the VPC\'s data subnets), '
    + 'the image repositories in `services/`, the Slack channels in `alertRouting`, each public service\'s `publicPaths` (the only prefixes the internet reaches), '
    + 'and `RUNBOOK_BASE_URL` in `lib/monitoring/rule-groups.ts`.');
  return lines;
}
