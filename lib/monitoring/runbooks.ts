/**
 * Where `runbook_url` annotations point: one Markdown file per concern under
 * docs/runbooks/, one heading per alert. A placeholder until the repository's real
 * address is known (docs/DEPLOYMENT.md lists it with the other placeholders).
 */
export const RUNBOOK_BASE_URL = 'https://github.com/reconciliation-platform/deploy/blob/main/docs/runbooks';

/** Full URL of the runbook section of an alert: `<base>/<file>.md#<anchor>`. */
export function runbookUrl(file: string, alertSuffix: string): string {
  return `${RUNBOOK_BASE_URL}/${file}.md#${alertSuffix.toLowerCase()}`;
}
