import type { Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { check } from '../validation/errors';
import { MAX_DASHBOARD_UID_LENGTH } from './service-dashboard';

/** Label the kube-prometheus-stack Grafana sidecar watches for (`sidecar.dashboards.label`/`labelValue`). */
export const DASHBOARD_LABEL = { grafana_dashboard: '1' } as const;
/** Annotation the sidecar reads the folder from (`sidecar.dashboards.folderAnnotation`). */
export const FOLDER_ANNOTATION = 'grafana_folder';
export const DEFAULT_DASHBOARD_FOLDER = 'Reconciliation Platform';
/**
 * `kubectl apply` keeps a copy of the object in an annotation limited to 256 KiB, so a
 * larger dashboard would only deploy with server-side apply.
 */
export const MAX_DASHBOARD_JSON_BYTES = 256 * 1024 - 16 * 1024;

/** Folder, relative to the repository root, that synth writes dashboard JSON to for import by hand. */
export const DASHBOARD_FILES_DIR = 'dashboards';

/** `dashboards/<environment>/<service>-<dashboard>.json`: readable where a long uid is cut and hashed. */
export function dashboardFilePath(environment: string, service: string, slug: string): string {
  return `${DASHBOARD_FILES_DIR}/${environment}/${service}-${slug}.json`;
}

export interface DashboardConfigMapProps {
  /** A built dashboard; its uid names the ConfigMap and its data key. */
  readonly dashboard: Dashboard;
  /** Grafana folder the sidecar files the dashboard under. @default DEFAULT_DASHBOARD_FOLDER */
  readonly folder?: string;
  /** Further labels, e.g. the workload's. @default none */
  readonly labels?: Readonly<Record<string, string>>;
}

/**
 * Ships one Grafana dashboard as a ConfigMap the Grafana sidecar of kube-prometheus-stack
 * loads: labelled `grafana_dashboard: "1"`, foldered by annotation, data key `<uid>.json`
 * holding pretty-printed JSON with sorted keys.
 */
export class DashboardConfigMap extends Construct {
  public readonly configMap: kplus.ConfigMap;
  public readonly uid: string;
  public readonly title: string;
  /** The file name inside the ConfigMap, `<uid>.json`. */
  public readonly key: string;
  public readonly json: string;
  /** What `json` is the text of: the dashboard with its keys sorted, for checks that read it. */
  public readonly sorted: unknown;

  constructor(scope: Construct, id: string, props: DashboardConfigMapProps) {
    super(scope, id);
    const { dashboard } = props;
    const uid = dashboard.uid ?? '';
    check(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(uid) && uid.length <= MAX_DASHBOARD_UID_LENGTH, 'dashboard.uid', uid,
      `must be 1–${MAX_DASHBOARD_UID_LENGTH} lowercase letters, digits and dashes, so Grafana keeps it and it can name the ConfigMap`);
    check(Boolean(dashboard.title?.trim()), 'dashboard.title', dashboard.title, 'must not be empty');
    const folder = props.folder ?? DEFAULT_DASHBOARD_FOLDER;
    check(folder.trim().length > 0 && !folder.includes('/'), 'folder', folder, 'must be a non-empty folder name without "/"');

    this.uid = uid;
    this.title = dashboard.title!;
    this.key = `${uid}.json`;
    this.sorted = sortKeys(dashboard);
    this.json = sortedJson(this.sorted);
    const bytes = Buffer.byteLength(this.json, 'utf8');
    check(bytes <= MAX_DASHBOARD_JSON_BYTES, `dashboard ${uid}`, `${bytes} bytes`,
      `must stay under ${MAX_DASHBOARD_JSON_BYTES} bytes of JSON so kubectl apply can record it; split the dashboard`);

    this.configMap = new kplus.ConfigMap(this, 'Resource', {
      metadata: {
        // A uid is at most 40 characters, so the name stays a DNS-1123 label.
        name: `${uid}-dashboard`,
        labels: { ...props.labels, 'app.kubernetes.io/component': 'dashboard', ...DASHBOARD_LABEL },
        annotations: { [FOLDER_ANNOTATION]: folder },
      },
      data: { [this.key]: this.json },
    });
  }
}

/**
 * Dashboard JSON as it is shipped and committed: keys sorted at every level, two-space
 * indent, trailing newline. Sorting makes the text independent of the order in which
 * builders (or a newer SDK) set fields, so changing one panel changes a few lines.
 */
export function dashboardJson(dashboard: object): string {
  return sortedJson(sortKeys(dashboard));
}

const sortedJson = (sorted: unknown) => `${JSON.stringify(sorted, null, 2)}\n`;

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
