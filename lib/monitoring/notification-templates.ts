/**
 * What a notification says, as Alertmanager Go templates (text/template with
 * Alertmanager's data: `.Status`, `.Alerts`, `.CommonLabels`…). Every alert of this
 * project carries `severity`, `environment`, `service` labels and `summary`,
 * `description`, `runbook_url` and (service alerts) an absolute `dashboard_url`
 * annotation, so the on-call reads what fired, where, and what to open next without
 * opening Alertmanager.
 *
 * A Slack message is one group per alert name, cluster and service (GROUP_BY); a page is
 * one group per cluster and service (PAGE_GROUP_BY), so it may hold several alerts: every
 * template lists each alert of the group, and says how many there are. The cluster is
 * named wherever the alerts carry one (a Prometheus with the `cluster` external label).
 */

/** One block per alert of the group; `strong` wraps the summary (Slack's `*bold*`, nothing for PagerDuty). */
function alertBlocks(strong: string): string {
  return [
    '{{ range .Alerts }}',
    `${strong}{{ .Annotations.summary }}${strong}{{ if eq .Status "resolved" }} (resolved){{ end }}\n`,
    '{{ .Annotations.description }}\n',
    'Severity: {{ .Labels.severity }} | Environment: {{ .Labels.environment }}{{ with .Labels.cluster }} | Cluster: {{ . }}{{ end }} | Service: {{ .Labels.service }}\n',
    'Runbook: {{ .Annotations.runbook_url }}\n',
    '{{ if .Annotations.dashboard_url }}Dashboard: {{ .Annotations.dashboard_url }}\n{{ end }}',
    '\n',
    '{{ end }}',
  ].join('');
}

/** `[FIRING:2] ReconciliationBackendDbLatencyHigh (production, eu-west-1, reconciliation-backend)`; no cluster where alerts carry none. */
export const SLACK_TITLE = '[{{ .Status | toUpper }}{{ if eq .Status "firing" }}:{{ .Alerts.Firing | len }}{{ end }}] '
  + '{{ .CommonLabels.alertname }} ({{ .CommonLabels.environment }}, {{ with .CommonLabels.cluster }}{{ . }}, {{ end }}{{ .CommonLabels.service }})';

export const SLACK_TEXT = alertBlocks('*');

/**
 * The incident's title in PagerDuty (at most 1024 characters): the one alert's summary,
 * or how many alerts fire and their names.
 */
export const PAGERDUTY_DESCRIPTION = [
  '{{ .CommonLabels.service }} in {{ .CommonLabels.environment }}{{ with .CommonLabels.cluster }} ({{ . }}){{ end }}: ',
  '{{ if eq (len .Alerts.Firing) 1 }}{{ (index .Alerts.Firing 0).Annotations.summary }}',
  '{{ else if .Alerts.Firing }}{{ len .Alerts.Firing }} alerts firing: ',
  '{{ range $index, $alert := .Alerts.Firing }}{{ if $index }}, {{ end }}{{ $alert.Labels.alertname }}{{ end }}',
  '{{ else }}resolved{{ end }}',
].join('');

/** The incident's custom details, key by key; `alerts` holds every alert in full. */
export const PAGERDUTY_DETAILS: Readonly<Record<string, string>> = {
  environment: '{{ .CommonLabels.environment }}',
  cluster: '{{ .CommonLabels.cluster }}',
  service: '{{ .CommonLabels.service }}',
  severity: '{{ .CommonLabels.severity }}',
  num_firing: '{{ .Alerts.Firing | len }}',
  num_resolved: '{{ .Alerts.Resolved | len }}',
  alerts: alertBlocks(''),
};
