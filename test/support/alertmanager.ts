import { ChildProcess, execFileSync, spawn, spawnSync } from 'child_process';
import * as net from 'net';

/**
 * Finds amtool and the Alertmanager server (Debian's `prometheus-alertmanager`
 * package names the server `prometheus-alertmanager`, upstream `alertmanager`),
 * installing the package when running as root; otherwise fails with the exact
 * command to run. Never skips.
 */
function ensureTool(candidates: readonly string[]): string {
  const lookup = () => {
    for (const name of candidates) {
      const found = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
      if (found.status === 0) return found.stdout.trim();
    }
    return undefined;
  };
  const found = lookup();
  if (found) return found;
  if (typeof process.getuid === 'function' && process.getuid() === 0) {
    execFileSync('sh', ['-c', 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends prometheus-alertmanager'], {
      stdio: 'ignore',
      timeout: 600_000,
    });
    const again = lookup();
    if (again) return again;
  }
  throw new Error(`${candidates[0]} is required by these tests: install it with \`sudo apt-get install -y prometheus-alertmanager\` (Debian/Ubuntu)`);
}

export const ensureAmtool = () => ensureTool(['amtool']);
export const ensureAlertmanager = () => ensureTool(['alertmanager', 'prometheus-alertmanager']);

export interface ToolResult {
  readonly status: number;
  /** What amtool printed as its answer. */
  readonly stdout: string;
  /** stdout and stderr, for failure messages. */
  readonly output: string;
}

/** Runs amtool with the given arguments; returns its exit status and output. */
export function runAmtool(args: readonly string[]): ToolResult {
  const result = spawnSync(ensureAmtool(), [...args], { encoding: 'utf8', timeout: 60_000 });
  return { status: result.status ?? -1, stdout: result.stdout ?? '', output: `${result.stdout ?? ''}${result.stderr ?? ''}` };
}

/** Labels as amtool's positional `name=value` arguments. */
export const labelArgs = (labels: Readonly<Record<string, string>>) => Object.entries(labels).map(([name, value]) => `${name}=${value}`);

/**
 * The receivers `amtool config routes test` picks for an alert with these labels.
 * amtool prints them comma-separated on one line.
 */
export function routedReceivers(configFile: string, labels: Readonly<Record<string, string>>): string[] {
  const result = runAmtool(['config', 'routes', 'test', `--config.file=${configFile}`, ...labelArgs(labels)]);
  if (result.status !== 0) throw new Error(`amtool config routes test failed (${result.status}):\n${result.output}`);
  // stdout only: amtool warns on stderr that --config.file overrides --alertmanager.url.
  return result.stdout.trim().split(',').map((name) => name.trim()).sort();
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export interface RunningAlertmanager {
  /** e.g. `http://127.0.0.1:40123` */
  readonly url: string;
  /** Stops the server and waits for it to exit. */
  stop(): Promise<void>;
}

const READY_TIMEOUT_MS = 20_000;

/**
 * Starts a single Alertmanager (clustering off) on 127.0.0.1 with the given
 * configuration, its data in `storageDir`; resolves once it answers `/-/ready`.
 */
export async function startAlertmanager(configFile: string, storageDir: string): Promise<RunningAlertmanager> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const server: ChildProcess = spawn(ensureAlertmanager(), [
    `--config.file=${configFile}`,
    `--storage.path=${storageDir}`,
    `--web.listen-address=127.0.0.1:${port}`,
    '--cluster.listen-address=',
  ], { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  server.stderr!.on('data', (chunk: Buffer) => { log += chunk.toString(); });
  const exited = new Promise<void>((resolve) => server.once('exit', () => resolve()));
  const stop = async () => {
    if (server.exitCode === null && server.signalCode === null) server.kill('SIGTERM');
    await exited;
  };
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`alertmanager exited with ${server.exitCode}:\n${log}`);
    try {
      if ((await fetch(`${url}/-/ready`)).ok) return { url, stop };
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await stop();
  throw new Error(`alertmanager did not become ready on ${url} within ${READY_TIMEOUT_MS} ms:\n${log}`);
}

/** The label that numbers the alerts `receiversOfEach` posts, to find each in the groups. */
const PROBE_LABEL = 'routing_probe';

/**
 * The receivers a real Alertmanager with this configuration routes each alert to, in order:
 * one server started for the whole list instead of an `amtool config routes test` process
 * per alert. Every alert is posted in one request with a last, numbered sentinel; the
 * dispatcher routes alerts one at a time in the order posted, so once the sentinel shows in
 * the alert groups every earlier alert is in all the groups its routes put it in.
 */
export async function receiversOfEach(configFile: string, storageDir: string, alerts: readonly Readonly<Record<string, string>>[]): Promise<string[][]> {
  const alertmanager = await startAlertmanager(configFile, storageDir);
  try {
    const sentinel = String(alerts.length);
    const posted = await fetch(`${alertmanager.url}/api/v2/alerts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([...alerts.map((labels, index) => ({ ...labels, [PROBE_LABEL]: String(index) })), { alertname: 'RoutingSentinel', [PROBE_LABEL]: sentinel }]
        .map((labels) => ({ labels }))),
    });
    if (!posted.ok) throw new Error(`Alertmanager refused the alerts (${posted.status}): ${await posted.text()}`);
    const deadline = Date.now() + READY_TIMEOUT_MS;
    for (;;) {
      const receivers = new Map<string, string[]>();
      for (const group of await alertGroups(alertmanager)) {
        for (const alert of group.alerts) receivers.set(alert.labels[PROBE_LABEL], [...receivers.get(alert.labels[PROBE_LABEL]) ?? [], group.receiver.name]);
      }
      if (receivers.has(sentinel)) return alerts.map((_, index) => [...receivers.get(String(index)) ?? []].sort());
      if (Date.now() > deadline) throw new Error(`Alertmanager on ${alertmanager.url} did not group the ${alerts.length} alerts within ${READY_TIMEOUT_MS} ms`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  } finally {
    await alertmanager.stop();
  }
}

/** An alert group as Alertmanager's API v2 returns it. */
export interface AlertGroup {
  readonly receiver: { readonly name: string };
  readonly labels: Readonly<Record<string, string>>;
  readonly alerts: readonly AlertmanagerAlert[];
}

/** The alert groups Alertmanager holds now, of the alerts matching `filter` (e.g. `service="x"`) when given. */
export async function alertGroups(alertmanager: RunningAlertmanager, filter?: string): Promise<AlertGroup[]> {
  const query = filter === undefined ? '' : `?filter=${encodeURIComponent(filter)}`;
  return (await (await fetch(`${alertmanager.url}/api/v2/alerts/groups${query}`)).json()) as AlertGroup[];
}

/** The receiver's groups of a service's alerts, once they hold `alerts` alerts (after 10 s, what they hold then). */
export async function receiverGroups(alertmanager: RunningAlertmanager, receiver: string, service: string, alerts: number): Promise<AlertGroup[]> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const held = (await alertGroups(alertmanager, `service="${service}"`)).filter((group) => group.receiver.name === receiver);
    if (held.flatMap((group) => group.alerts).length >= alerts || Date.now() > deadline) return held;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** `amtool alert add`: fires an alert with these labels at a running Alertmanager. */
export function addAlert(alertmanager: RunningAlertmanager, labels: Readonly<Record<string, string>>): void {
  const result = runAmtool(['alert', 'add', `--alertmanager.url=${alertmanager.url}`, ...labelArgs(labels)]);
  if (result.status !== 0) throw new Error(`amtool alert add failed (${result.status}):\n${result.output}`);
}

/** An alert as Alertmanager's API v2 (and `amtool -o json`) returns it. */
export interface AlertmanagerAlert {
  readonly fingerprint: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly status: { readonly state: string; readonly inhibitedBy: readonly string[] };
}

/** `amtool alert query`: the active alerts, or with `inhibited` only the inhibited ones. */
export function queryAlerts(alertmanager: RunningAlertmanager, options: { readonly inhibited: boolean }): AlertmanagerAlert[] {
  const args = ['-o', 'json', 'alert', 'query', `--alertmanager.url=${alertmanager.url}`, ...(options.inhibited ? ['--inhibited'] : [])];
  const result = runAmtool(args);
  if (result.status !== 0) throw new Error(`amtool alert query failed (${result.status}):\n${result.output}`);
  return JSON.parse(result.stdout) as AlertmanagerAlert[];
}
