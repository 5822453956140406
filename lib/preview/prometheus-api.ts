/** The two Prometheus HTTP API calls the preview makes; errors carry Prometheus's own message. */

export interface RangeSeries {
  readonly labels: Readonly<Record<string, string>>;
  /** [unix seconds, value]; NaN where PromQL gave NaN. */
  readonly points: readonly (readonly [number, number])[];
}

export interface RangeWindow {
  readonly start: number;
  readonly end: number;
  readonly step: number;
}

async function call<T>(url: string, form: Record<string, string>, method: 'GET' | 'POST' = 'POST'): Promise<T> {
  const parameters = new URLSearchParams(form).toString();
  const response = method === 'GET' ? await fetch(`${url}?${parameters}`) : await fetch(url, {
    method,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: parameters,
  });
  const body = await response.json() as { status: string; error?: string; data?: T };
  if (body.status !== 'success') throw new Error(body.error ?? `HTTP ${response.status}`);
  return body.data as T;
}

export async function queryRange(baseUrl: string, expr: string, window: RangeWindow): Promise<RangeSeries[]> {
  const data = await call<{ resultType: string; result: { metric: Record<string, string>; values: [number, string][] }[] }>(
    `${baseUrl}/api/v1/query_range`, { query: expr, start: String(window.start), end: String(window.end), step: String(window.step) });
  return data.result.map(({ metric, values }) => ({
    labels: metric,
    points: values.map(([time, value]) => [time, Number(value)] as const),
  }));
}

export async function labelValues(baseUrl: string, label: string, selector: string, window: RangeWindow): Promise<string[]> {
  return call<string[]>(`${baseUrl}/api/v1/label/${encodeURIComponent(label)}/values`,
    { 'match[]': selector, start: String(window.start), end: String(window.end) }, 'GET');
}
