/**
 * Dashboard JSON as it is shipped and committed: keys sorted at every level, two-space
 * indent, trailing newline. Sorting makes the text independent of the order in which
 * builders (or a newer SDK) set fields, so changing one panel changes a few lines.
 */
export function dashboardJson(dashboard: object): string {
  return `${JSON.stringify(sortKeys(dashboard), null, 2)}\n`;
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, field]) => field !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return Object.fromEntries(entries.map(([key, field]) => [key, sortKeys(field)]));
  }
  return value;
}
