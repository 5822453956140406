import { offsetLabel, PHASE_BOUNDARIES } from './alert-timeline';
import type { PanelResult } from './panel-queries';
import { formatExpression, thresholdColour, thresholdSteps } from './panel-style';
import type { RenderedDashboard } from './preview-run';
import { REPLAY_STEP_SECONDS } from './incident-scenario';

/* eslint-disable @typescript-eslint/no-explicit-any -- Vega specs are JSON; vega's own types are too loose to help here */
type VegaSpec = Record<string, any>;

export const PREVIEW_FONT = 'DejaVu Sans';
/** Grafana's grid: 24 columns, 30 px per row unit. */
const WIDTH = 1600;
const COLUMN = WIDTH / 24;
const ROW = 30;
const GAP = 6;
const TITLE_HEIGHT = 36;
const ALERT_ROW = 14;
const FIRING = '#F2495C';
const PENDING = '#FF9830';
const RESOLVED = '#73BF69';
const PHASE_FILLS = ['#f4f5f5', '#e9eef7'];
const DEPLOY = '#3274D9';
const STATE_ON = '#F2495C';

const ms = (seconds: number) => seconds * 1000;

interface Box { x: number; y: number; width: number; height: number }

/** The time axis shared by the alert strip and every time panel: the whole replay. */
const timeScale = (width: number) => ({
  name: 'time', type: 'time', range: [0, width],
  domain: [ms(PHASE_BOUNDARIES[0].start), ms(PHASE_BOUNDARIES[PHASE_BOUNDARIES.length - 1].end)],
});

/** Vertical rules where alerts start firing (red) and resolve (green), drawn over a time panel. */
function alertRules(dashboard: RenderedDashboard, height: number): VegaSpec[] {
  const marks = dashboard.episodes.flatMap((episode) => [
    ...(episode.firingAt ? [{ time: episode.firingAt, colour: FIRING }] : []),
    ...(episode.resolvedAt ? [{ time: episode.resolvedAt, colour: RESOLVED }] : []),
  ]);
  const unique = [...new Map(marks.map((mark) => [`${mark.time}/${mark.colour}`, mark])).values()];
  return unique.map((mark) => ({
    type: 'rule', encode: { enter: {
      x: { scale: 'time', value: ms(mark.time) }, y: { value: 0 }, y2: { value: height },
      stroke: { value: mark.colour }, strokeOpacity: { value: 0.6 }, strokeDash: { value: [2, 2] },
    } },
  }));
}

/** Grafana's annotation markers: a blue line at each deploy, labelled at the top. */
function markerRules(result: PanelResult, height: number): VegaSpec[] {
  return (result.markers ?? []).flatMap((time) => [
    { type: 'rule', description: `deploy marker ${time}`, encode: { enter: {
      x: { scale: 'time', value: ms(time) }, y: { value: 0 }, y2: { value: height },
      stroke: { value: DEPLOY }, strokeWidth: { value: 1.5 }, strokeDash: { value: [4, 2] },
    } } },
    { type: 'text', encode: { enter: {
      x: { scale: 'time', value: ms(time) }, dx: { value: 3 }, y: { value: 8 }, fontSize: { value: 9 }, fill: { value: DEPLOY }, text: { value: 'deploy' },
    } } },
  ]);
}

/** One row per series, filled where its value is non-zero (Grafana's state timeline of reasons). */
function stateTimeline(result: PanelResult, data: string, box: Box, dashboard: RenderedDashboard): VegaSpec {
  const plot = { width: box.width - 360, height: box.height - 50 };
  return {
    type: 'group', encode: { enter: { x: { value: 340 }, y: { value: 26 }, width: { value: plot.width }, height: { value: plot.height } } },
    scales: [
      timeScale(plot.width),
      { name: 'row', type: 'band', range: [0, plot.height], padding: 0.15, domain: { data, field: 'series', sort: true } },
    ],
    axes: [
      { orient: 'bottom', scale: 'time', format: '%H:%M', tickCount: 8, labelFontSize: 9 },
      { orient: 'left', scale: 'row', labelFontSize: 9, labelLimit: 330 },
    ],
    marks: [
      { type: 'rect', from: { data }, encode: { enter: {
        x: { scale: 'time', field: 'time' }, x2: { scale: 'time', signal: `datum.time + ${ms(REPLAY_STEP_SECONDS)}` },
        y: { scale: 'row', field: 'series' }, height: { scale: 'row', band: 1 },
        fill: { value: STATE_ON }, opacity: { signal: 'datum.value > 0 ? 1 : 0' },
      } } },
      ...alertRules(dashboard, plot.height),
      ...markerRules(result, plot.height),
    ],
  };
}

function timeseries(result: PanelResult, data: string, box: Box, dashboard: RenderedDashboard): VegaSpec {
  const { panel } = result;
  const unit = panel.fieldConfig?.defaults?.unit;
  const thresholds = panel.fieldConfig?.defaults?.custom?.thresholdsStyle?.mode ?? 'off';
  const steps = thresholds === 'off' ? [] : thresholdSteps(panel).filter((step) => step.value !== undefined);
  const values = result.targets.flatMap((target) => target.series.flatMap((series) => series.points.map(([, value]) => value)))
    .filter(Number.isFinite);
  const domain = [...values, ...steps.map((step) => step.value!), ...(panel.fieldConfig?.defaults?.min !== undefined ? [panel.fieldConfig.defaults.min] : [])];
  const plot = { width: box.width - 80, height: box.height - 70 };
  return {
    type: 'group', encode: { enter: { x: { value: 60 }, y: { value: 26 }, width: { value: plot.width }, height: { value: plot.height } } },
    scales: [
      timeScale(plot.width),
      { name: 'y', type: 'linear', range: [plot.height, 0], nice: true, zero: false,
        domain: domain.length ? [Math.min(...domain), Math.max(...domain, Math.min(...domain) + 1e-9)] : [0, 1] },
      { name: 'colour', type: 'ordinal', range: 'category', domain: { data, field: 'series' } },
    ],
    axes: [
      { orient: 'bottom', scale: 'time', format: '%H:%M', tickCount: 8, labelFontSize: 9 },
      { orient: 'left', scale: 'y', tickCount: 5, grid: true, gridOpacity: 0.3, labelFontSize: 9,
        encode: { labels: { update: { text: { signal: formatExpression('datum.value', unit) } } } } },
    ],
    legends: [{ stroke: 'colour', orient: 'bottom', direction: 'horizontal', columns: 3, labelFontSize: 9, symbolType: 'stroke', labelLimit: 300 }],
    marks: [
      ...steps.map((step) => ({
        type: 'rule', description: `threshold ${step.value}`, encode: { enter: {
          x: { value: 0 }, x2: { value: plot.width }, y: { scale: 'y', value: step.value },
          stroke: { value: step.colour }, strokeDash: { value: [6, 4] }, strokeWidth: { value: 1.5 },
        } },
      })),
      { type: 'group', from: { facet: { name: `${data}_series`, data, groupby: 'series' } }, marks: [{
        type: 'line', from: { data: `${data}_series` }, encode: { enter: {
          x: { scale: 'time', field: 'time' }, y: { scale: 'y', field: 'value' },
          stroke: { scale: 'colour', field: 'series' }, strokeWidth: { value: 1.5 },
          defined: { signal: 'isFinite(datum.value)' },
        } },
      }] },
      ...alertRules(dashboard, plot.height),
      ...markerRules(result, plot.height),
    ],
  };
}

/** One coloured tile per series: its last value, coloured by the panel's thresholds (Grafana's colorMode background). */
function stat(result: PanelResult, box: Box): VegaSpec {
  const unit = result.panel.fieldConfig?.defaults?.unit;
  const tiles = result.targets.flatMap((target) => target.series.map((series) => {
    const last = [...series.points].reverse().find(([, value]) => Number.isFinite(value))?.[1];
    return { name: series.name, value: last };
  }));
  const width = (box.width - 16) / Math.max(1, tiles.length);
  return {
    type: 'group', encode: { enter: { x: { value: 8 }, y: { value: 26 } } },
    marks: tiles.flatMap((tile, index) => [
      { type: 'rect', description: `stat ${tile.name}`, encode: { enter: {
        x: { value: index * width }, width: { value: width - 4 }, y: { value: 0 }, height: { value: box.height - 34 },
        fill: { value: tile.value === undefined ? '#cccccc' : thresholdColour(result.panel, tile.value) }, cornerRadius: { value: 3 },
      } } },
      { type: 'text', encode: { enter: {
        x: { value: index * width + (width - 4) / 2 }, y: { value: (box.height - 34) / 2 }, align: { value: 'center' },
        baseline: { value: 'middle' }, fontSize: { value: 22 }, fontWeight: { value: 'bold' }, fill: { value: '#ffffff' },
        text: tile.value === undefined ? { value: 'No data' } : { signal: formatExpression(String(tile.value), unit) },
      } } },
      { type: 'text', encode: { enter: {
        x: { value: index * width + (width - 4) / 2 }, y: { value: 14 }, align: { value: 'center' },
        fontSize: { value: 10 }, fill: { value: '#ffffff' }, text: { value: tile.name }, limit: { value: width - 10 },
      } } },
    ]),
  };
}

/** Buckets over time, darker where more observations fell (Grafana heatmap of `sum by (le) (rate(..._bucket))`). */
function heatmap(result: PanelResult, data: string, box: Box, dashboard: RenderedDashboard): VegaSpec {
  const plot = { width: box.width - 80, height: box.height - 50 };
  return {
    type: 'group', encode: { enter: { x: { value: 60 }, y: { value: 26 }, width: { value: plot.width }, height: { value: plot.height } } },
    scales: [
      timeScale(plot.width),
      { name: 'bucket', type: 'band', range: [plot.height, 0], domain: { data, field: 'series', sort: { field: 'order', op: 'min' } } },
      { name: 'density', type: 'linear', range: { scheme: 'oranges' }, domain: { data, field: 'value' }, zero: true },
    ],
    axes: [
      { orient: 'bottom', scale: 'time', format: '%H:%M', tickCount: 8, labelFontSize: 9 },
      { orient: 'left', scale: 'bucket', labelFontSize: 9, title: 'le', titleFontSize: 9 },
    ],
    marks: [
      { type: 'rect', from: { data }, encode: { enter: {
        x: { scale: 'time', field: 'time' }, x2: { scale: 'time', signal: `datum.time + ${ms(REPLAY_STEP_SECONDS)}` },
        y: { scale: 'bucket', field: 'series' }, height: { scale: 'bucket', band: 1 },
        fill: { scale: 'density', field: 'value' },
      } } },
      ...alertRules(dashboard, plot.height),
      ...markerRules(result, plot.height),
    ],
  };
}

/** Phases as bands and each alert's pending (orange) and firing (red) stretch, across the full width. */
function alertStrip(dashboard: RenderedDashboard, names: readonly string[]): VegaSpec {
  const width = WIDTH - 260;
  const height = 18 + names.length * ALERT_ROW;
  const end = PHASE_BOUNDARIES[PHASE_BOUNDARIES.length - 1].end;
  const bar = (from: number, to: number, row: number, colour: string) => ({ type: 'rect', encode: { enter: {
    x: { scale: 'time', value: ms(from) }, x2: { scale: 'time', value: ms(to) },
    y: { value: 18 + row * ALERT_ROW + 2 }, height: { value: ALERT_ROW - 4 }, fill: { value: colour },
  } } });
  return {
    type: 'group', encode: { enter: { x: { value: 250 }, y: { value: TITLE_HEIGHT }, width: { value: width }, height: { value: height } } },
    scales: [timeScale(width)],
    marks: [
      ...PHASE_BOUNDARIES.flatMap((phase, index) => [
        { type: 'rect', encode: { enter: { x: { scale: 'time', value: ms(phase.start) }, x2: { scale: 'time', value: ms(phase.end) },
          y: { value: 0 }, height: { value: height }, fill: { value: PHASE_FILLS[index % 2] } } } },
        { type: 'text', encode: { enter: { x: { scale: 'time', value: ms(phase.start) + 30_000 }, y: { value: 12 }, fontSize: { value: 10 },
          fill: { value: '#555' }, text: { value: `${phase.name} (${offsetLabel(phase.start)})` } } } },
      ]),
      ...names.flatMap((name, row) => [
        { type: 'text', encode: { enter: { x: { value: -6 }, y: { value: 18 + row * ALERT_ROW + ALERT_ROW / 2 }, align: { value: 'right' },
          baseline: { value: 'middle' }, fontSize: { value: 9 }, text: { value: name } } } },
        ...dashboard.episodes.filter((episode) => episode.alert === name).flatMap((episode) => [
          bar(episode.pendingAt, episode.firingAt ?? episode.resolvedAt ?? end, row, PENDING),
          ...(episode.firingAt ? [bar(episode.firingAt, episode.resolvedAt ?? end, row, FIRING)] : []),
        ]),
      ]),
    ],
  };
}

type Row = { series: string; order: number; time: number; value: number | null };

/** Grafana's `format: heatmap`: cumulative `le` buckets become per-bucket counts. */
function perBucket(rows: readonly Row[]): Row[] {
  const sorted = [...rows].sort((a, b) => a.time - b.time || a.order - b.order);
  return sorted.map((row, index) => {
    const below = index > 0 && sorted[index - 1].time === row.time ? sorted[index - 1].value ?? 0 : 0;
    return { ...row, value: row.value === null ? null : Math.max(0, row.value - below) };
  });
}

/** The Vega spec of a whole dashboard: title, alert strip, then every panel at its gridPos. */
export function dashboardSpec(dashboard: RenderedDashboard): VegaSpec {
  const alertNames = [...new Set(dashboard.episodes.map((episode) => episode.alert))];
  const top = TITLE_HEIGHT + 18 + alertNames.length * ALERT_ROW + 12;
  const data: VegaSpec[] = [];
  const panels = dashboard.panels.map((result, index) => {
    const { x, y, w, h } = result.panel.gridPos;
    const box = { x: x * COLUMN, y: top + y * ROW, width: w * COLUMN - GAP, height: h * ROW - GAP };
    const name = `panel${index}`;
    const rows = result.targets.flatMap((target) => target.series.flatMap((series) => series.points.map(([time, value]) => ({
      series: series.name, order: Number(series.name === '+Inf' ? Infinity : series.name), time: ms(time), value: Number.isFinite(value) ? value : null,
    }))));
    data.push({ name, values: result.panel.type === 'heatmap' ? perBucket(rows) : rows });
    const body = result.panel.type === 'stat' ? stat(result, box)
      : result.panel.type === 'heatmap' ? heatmap(result, name, box, dashboard)
        : result.panel.type === 'state-timeline' ? stateTimeline(result, name, box, dashboard)
          : timeseries(result, name, box, dashboard);
    return {
      type: 'group', name: `panel ${result.panel.title}`,
      encode: { enter: { x: { value: box.x }, y: { value: box.y }, width: { value: box.width }, height: { value: box.height },
        fill: { value: '#ffffff' }, stroke: { value: '#d8d9da' }, cornerRadius: { value: 2 } } },
      marks: [
        { type: 'text', encode: { enter: { x: { value: 8 }, y: { value: 16 }, fontSize: { value: 12 }, fontWeight: { value: 'bold' },
          text: { value: result.panel.title }, limit: { value: box.width - 16 } } } },
        body,
      ],
    };
  });
  const height = top + Math.max(0, ...dashboard.panels.map(({ panel }) => (panel.gridPos.y + panel.gridPos.h) * ROW)) + GAP;
  return {
    $schema: 'https://vega.github.io/schema/vega/v5.json',
    width: WIDTH, height, padding: 8, background: '#f4f5f5',
    config: { text: { font: PREVIEW_FONT }, axis: { labelFont: PREVIEW_FONT, titleFont: PREVIEW_FONT }, legend: { labelFont: PREVIEW_FONT } },
    data,
    marks: [
      { type: 'text', encode: { enter: { x: { value: 0 }, y: { value: 22 }, fontSize: { value: 18 }, fontWeight: { value: 'bold' },
        text: { value: `${dashboard.dashboard.title} — replayed incident` } } } },
      alertStrip(dashboard, alertNames),
      ...panels,
    ],
  };
}
