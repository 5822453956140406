/**
 * Dashboard JSON as it is shipped and committed: keys sorted at every level, two-space
 * indent, trailing newline. Sorting makes the text independent of the order in which
 * builders (or a newer SDK) set fields, so changing one panel changes a few lines.
 */
export function dashboardJson(dashboard: object): string {
  return `${JSON.stringify(sortKeys(dashboard), null, 2)}\n`;
}

// A plain loop: this runs over every field of every dashboard, hundreds of times at scale.
function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  const record = value as Record<string, unknown>;
  const sorted: Record<string, unknown> = {};
  for (const key of Object.keys(record).sort()) {
    const field = record[key];
    if (field !== undefined) sorted[key] = sortKeys(field);
  }
  return sorted;
}
