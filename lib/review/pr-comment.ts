import type { Placeholder } from './placeholders';

/**
 * The one pull-request comment of a deployment review. CI finds its previous copy by
 * the marker and edits it, so each push updates the same comment instead of adding one.
 */
export const PR_COMMENT_MARKER = '<!-- deploy-review -->';

/** GitHub refuses comments over 65,536 characters; keep clear of it. */
export const MAX_COMMENT_CHARS = 60_000;

/** Name of the workflow artifact holding preview/<environment>/<dashboard>.png. */
export const PREVIEW_ARTIFACT_NAME = 'dashboard-previews';

export interface PrCommentInput {
  readonly headline: string;
  /** Rendered sections, Markdown; the diff is the one shortened if the comment runs long. */
  readonly manifestDiff: string;
  readonly capacityDelta: string;
  readonly scalingChecks: string;
  /** Preview image paths, e.g. `preview/production/reconciliation-backend-overview.png`. */
  readonly previewFiles: readonly string[];
  /** The previews whose dashboard JSON this change touches (`preview/<env>/<stem>.png`). @default none */
  readonly changedPreviews?: readonly string[];
  /** Link to the workflow run whose artifacts hold the previews. @default no link */
  readonly previewArtifactUrl?: string;
  /** Placeholder values still in the specs; each environment's preflight.sh refuses to pass while any remain. @default none */
  readonly placeholders?: readonly Placeholder[];
  /** Base revision, named in the hint for reading the full diff. */
  readonly baseRef: string;
}

export function renderPreviewLine(files: readonly string[], artifactUrl?: string, changed: readonly string[] = []): string {
  if (files.length === 0) return 'Dashboard previews: none were generated in this run.';
  const touched = changed.filter((file) => files.includes(file));
  if (touched.length > 0) {
    return `${renderPreviewLine(files, artifactUrl)}\n\nDashboards this change touches, to look at first: `
      + `${touched.map((file) => `\`${file.replace(/^preview\//, '').replace(/\.png$/, '')}\``).join(', ')}.`;
  }
  const byEnvironment = new Map<string, string[]>();
  for (const file of [...files].sort()) {
    const [environment, image] = file.replace(/^preview\//, '').split('/');
    byEnvironment.set(environment, [...(byEnvironment.get(environment) ?? []), image?.replace(/\.png$/, '') ?? environment]);
  }
  const listing = [...byEnvironment].map(([environment, images]) => `${environment}: ${images.join(', ')}`).join('; ');
  const where = artifactUrl ? `the \`${PREVIEW_ARTIFACT_NAME}\` artifact of [this workflow run](${artifactUrl})` : `the \`${PREVIEW_ARTIFACT_NAME}\` artifact`;
  return `Dashboard previews: ${files.length} images in ${where} (${listing}).`;
}

/** The placeholders section: a reviewer sees what still blocks a deploy before merging. */
export function renderPlaceholderSection(placeholders: readonly Placeholder[]): string {
  if (placeholders.length === 0) return '### Placeholders\n\nNone: every value in the specs is a real one.';
  return [
    `### Placeholders (${placeholders.length})`,
    '',
    'Still in the specs; `preflight.sh` of the environment fails on each until it is replaced:',
    '',
    '| field | value | why |',
    '|---|---|---|',
    ...placeholders.map(({ field, value, reason }) => `| \`${field}\` | \`${value.replace(/\|/g, '\\|')}\` | ${reason} |`),
  ].join('\n');
}

/** Assembles the comment; shortens the dist/ diff, never the other sections, to fit MAX_COMMENT_CHARS. */
export function buildPrComment(input: PrCommentInput): string {
  const head = [PR_COMMENT_MARKER, '## Deployment review', '', input.headline, '', renderPreviewLine(input.previewFiles, input.previewArtifactUrl, input.changedPreviews), ''].join('\n');
  const tail = ['', input.capacityDelta.trimEnd(), '', input.scalingChecks.trimEnd(), '',
    renderPlaceholderSection(input.placeholders ?? []), ''].join('\n');
  const budget = MAX_COMMENT_CHARS - head.length - tail.length;
  let diff = input.manifestDiff.trimEnd();
  if (diff.length > budget) {
    const note = `\n\n… the diff is ${diff.length} characters and was cut here; run \`npm run diff -- ${input.baseRef}\` for all of it.`;
    const cut = diff.slice(0, Math.max(0, budget - note.length));
    diff = `${cut.slice(0, Math.max(0, cut.lastIndexOf('\n')))}${note}`;
  }
  return `${head}\n${diff}\n${tail}`;
}
