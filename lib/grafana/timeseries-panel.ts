import {
  LegendDisplayMode, LegendPlacement, SortOrder, TooltipDisplayMode, VizLegendOptionsBuilder, VizTooltipOptionsBuilder,
} from '@grafana/grafana-foundation-sdk/common';
import { PanelBuilder } from '@grafana/grafana-foundation-sdk/timeseries';

/**
 * A time series panel as every dashboard here draws it: the SDK's defaults hide the
 * legend and show one series per tooltip, which leaves a by-route panel unreadable.
 */
export function timeseriesPanel(): PanelBuilder {
  return new PanelBuilder()
    .legend(new VizLegendOptionsBuilder().showLegend(true).displayMode(LegendDisplayMode.List).placement(LegendPlacement.Bottom))
    .tooltip(new VizTooltipOptionsBuilder().mode(TooltipDisplayMode.Multi).sort(SortOrder.Descending));
}
