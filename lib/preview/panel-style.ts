import type { PanelJson } from './panel-queries';

/** Grafana's named colours (its default theme), so a threshold reads the same in the preview. */
const GRAFANA_COLOURS: Readonly<Record<string, string>> = {
  'green': '#73BF69', 'red': '#F2495C', 'orange': '#FF9830', 'yellow': '#FADE2A', 'blue': '#5794F2',
  'purple': '#B877D9', 'dark-red': '#C4162A', 'dark-green': '#37872D', 'dark-orange': '#FA6400',
  'dark-yellow': '#E0B400', 'text': '#464C54', 'transparent': 'rgba(0,0,0,0)',
};
const NO_THRESHOLD_COLOUR = GRAFANA_COLOURS.green;

export function grafanaColour(name: string): string {
  return GRAFANA_COLOURS[name] ?? name;
}

export interface ThresholdStep {
  readonly colour: string;
  /** undefined for the base step (Grafana's `value: null`). */
  readonly value?: number;
}

/** The panel's absolute threshold steps, base first, colours as CSS. */
export function thresholdSteps(panel: PanelJson): ThresholdStep[] {
  const steps = panel.fieldConfig?.defaults?.thresholds?.steps ?? [];
  return steps.map((step) => ({ colour: grafanaColour(step.color), ...(step.value === null ? {} : { value: step.value }) }));
}

/** The colour Grafana gives a value: the highest step it reaches. */
export function thresholdColour(panel: PanelJson, value: number): string {
  let colour = NO_THRESHOLD_COLOUR;
  for (const step of thresholdSteps(panel)) {
    if (step.value === undefined || value >= step.value) colour = step.colour;
  }
  return colour;
}

/** How a unit is printed: a d3-format specifier (Vega's `format`) and a suffix. */
export interface UnitFormat {
  readonly specifier: string;
  readonly suffix: string;
}

const SI = '.3~s';
const UNIT_FORMATS: Readonly<Record<string, UnitFormat>> = {
  s: { specifier: SI, suffix: 's' },
  percentunit: { specifier: '.3~%', suffix: '' },
  percent: { specifier: '.3~f', suffix: '%' },
  reqps: { specifier: SI, suffix: ' req/s' },
  ops: { specifier: SI, suffix: ' ops/s' },
  bytes: { specifier: SI, suffix: 'B' },
  short: { specifier: SI, suffix: '' },
};

/** Grafana units the dashboards use; `suffix:<text>` appends the text. Unknown units print as plain numbers. */
export function unitFormat(unit: string | undefined): UnitFormat {
  if (unit?.startsWith('suffix:')) return { specifier: SI, suffix: unit.slice('suffix:'.length) };
  return UNIT_FORMATS[unit ?? 'short'] ?? UNIT_FORMATS.short;
}

/** A Vega expression printing `valueExpr` in the unit. */
export function formatExpression(valueExpr: string, unit: string | undefined): string {
  const { specifier, suffix } = unitFormat(unit);
  return `format(${valueExpr}, ${JSON.stringify(specifier)}) + ${JSON.stringify(suffix)}`;
}
