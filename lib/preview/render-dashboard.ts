import { Resvg } from '@resvg/resvg-js';
import type { RenderedDashboard } from './preview-run';
import { dashboardSpec, PREVIEW_FONT } from './dashboard-spec';

/** Vega draws the spec to SVG headlessly (no browser, no canvas). */
export async function renderDashboardSvg(dashboard: RenderedDashboard): Promise<string> {
  // vega is an ES module; a dynamic import keeps this file loadable from CommonJS.
  const vega = await import('vega');
  const view = new vega.View(vega.parse(dashboardSpec(dashboard)), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** resvg rasterizes the SVG with the system fonts (Debian: fonts-dejavu-core). */
export async function renderDashboardPng(dashboard: RenderedDashboard): Promise<Buffer> {
  const svg = await renderDashboardSvg(dashboard);
  const png = new Resvg(svg, { font: { loadSystemFonts: true, defaultFontFamily: PREVIEW_FONT }, background: '#ffffff' }).render();
  return png.asPng();
}
