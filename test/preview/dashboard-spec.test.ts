import { unexpectedAlertOutcomes } from '../../lib/preview/alert-timeline';
import { dashboardSpec } from '../../lib/preview/dashboard-spec';
import { INCIDENT_PHASES, REPLAY_ANCHOR_SECONDS } from '../../lib/preview/incident-scenario';
import type { PanelJson, PanelResult } from '../../lib/preview/panel-queries';
import { grafanaColour } from '../../lib/preview/panel-style';
import type { RenderedDashboard } from '../../lib/preview/preview-run';
import { renderDashboardSvg } from '../../lib/preview/render-dashboard';

const at = (minutes: number) => REPLAY_ANCHOR_SECONDS + minutes * 60;
const points = (value: number) => [0, 1, 2].map((minute) => [at(minute), value] as const);

function dashboardWith(panel: PanelJson, value: number): RenderedDashboard {
  const result: PanelResult = { panel, targets: [{ refId: 'A', expr: 'x', legend: 'p95', series: [{ name: 'p95', points: points(value) }] }] };
  return { environment: 'production', service: 'svc', stem: 'svc-db', dashboard: { title: 'svc: DB', panels: [panel] }, panels: [result], episodes: [] };
}

function latencyPanel(type: 'stat' | 'timeseries', orangeFrom: number): PanelJson {
  return {
    type, title: 'DB query duration', gridPos: { x: 0, y: 0, w: 12, h: 6 }, targets: [{ refId: 'A', expr: 'x' }],
    fieldConfig: { defaults: { unit: 's', custom: { thresholdsStyle: { mode: 'dashed' } },
      thresholds: { mode: 'absolute', steps: [{ color: 'green', value: null }, { color: 'orange', value: orangeFrom }] } } },
  };
}

/** Every mark in the spec whose description starts with `prefix`, wherever it is nested. */
function marksDescribed(spec: unknown, prefix: string): Record<string, any>[] { // eslint-disable-line @typescript-eslint/no-explicit-any
  if (Array.isArray(spec)) return spec.flatMap((item) => marksDescribed(item, prefix));
  if (spec === null || typeof spec !== 'object') return [];
  const mark = spec as Record<string, unknown>;
  const own = typeof mark.description === 'string' && mark.description.startsWith(prefix) ? [mark] : [];
  return [...own, ...Object.values(mark).flatMap((value) => marksDescribed(value, prefix))];
}

describe('dashboard rendering', () => {
  it('colours a stat by the dashboard threshold: 150 ms is green below a 200 ms threshold, orange above a 100 ms one', async () => {
    const fill = (orangeFrom: number) => marksDescribed(dashboardSpec(dashboardWith(latencyPanel('stat', orangeFrom), 0.15)), 'stat p95')[0].encode.enter.fill.value;
    expect(fill(0.2)).toBe(grafanaColour('green'));
    expect(fill(0.1)).toBe(grafanaColour('orange'));
    const svg = await renderDashboardSvg(dashboardWith(latencyPanel('stat', 0.1), 0.15));
    expect(svg).toContain(`fill="${grafanaColour('orange')}"`);
    expect(svg).toContain('150ms');
  });

  it('draws a time series threshold as a dashed line at the threshold value in its colour', async () => {
    const [rule] = marksDescribed(dashboardSpec(dashboardWith(latencyPanel('timeseries', 0.2), 0.15)), 'threshold');
    expect(rule.description).toBe('threshold 0.2');
    expect(rule.encode.enter.stroke.value).toBe(grafanaColour('orange'));
    const svg = await renderDashboardSvg(dashboardWith({ ...latencyPanel('timeseries', 0.2), fieldConfig: {
      defaults: { unit: 's', custom: { thresholdsStyle: { mode: 'dashed' } }, thresholds: { steps: [{ color: 'green', value: null }, { color: 'red', value: 0.2 }] } } } }, 0.15));
    expect(svg).toContain(`stroke="${grafanaColour('red')}"`);
    expect(svg).not.toContain(`stroke="${grafanaColour('orange')}"`);
  });
});

describe('alert expectations', () => {
  const phase = (name: string) => INCIDENT_PHASES.find((candidate) => candidate.name === name)!;
  const firingIn = (alert: string, name: string) => {
    const firingAt = REPLAY_ANCHOR_SECONDS + phase(name).startOffset + 600;
    return { alert, severity: 'warning', instance: '', pendingAt: firingAt - 300, firingAt };
  };

  it('accepts an expected alert firing in its phase', () => {
    expect(unexpectedAlertOutcomes('production/svc', ['SvcTargetDown'], [firingIn('SvcTargetDown', 'crash-loop')])).toEqual([]);
  });

  it('reports an expected alert that did not fire in its phase', () => {
    expect(unexpectedAlertOutcomes('production/svc', ['SvcTargetDown'], [firingIn('SvcTargetDown', 'recovery')])).toEqual([
      'production/svc: expected SvcTargetDown to fire during the crash-loop phase, but it did not',
      expect.stringMatching(/^production\/svc: SvcTargetDown fired during the recovery phase, which the scenario does not expect/),
    ]);
  });

  it('reports an alert the scenario does not expect at all', () => {
    expect(unexpectedAlertOutcomes('staging/svc', ['SvcMetricsAbsent'], [firingIn('SvcMetricsAbsent', 'healthy')])).toEqual([
      expect.stringMatching(/^staging\/svc: SvcMetricsAbsent fired during the healthy phase, which the scenario does not expect/),
    ]);
  });
});
