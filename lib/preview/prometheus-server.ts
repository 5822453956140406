import { ChildProcess, spawn } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as path from 'path';
import { DEFAULT_RULE_EVALUATION_SECONDS } from './incident-scenario';

/** The replay lies in the past; without a long retention Prometheus would delete its blocks at start. */
const RETENTION = '100y';
const READY_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 10_000;

export interface PrometheusServerProps {
  /** TSDB folder holding the replay's blocks. */
  readonly storagePath: string;
  /** Folder for the configuration file and the server log; deleted should this process die. */
  readonly workDir: string;
  /** @default 'prometheus' from PATH (Debian's package installs /usr/bin/prometheus) */
  readonly binary?: string;
}

/** A local Prometheus on 127.0.0.1 serving the replay; restart it to load blocks added to its storage. */
export interface PrometheusServer {
  readonly url: string;
  restart(): Promise<void>;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.unref();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/**
 * A shell that runs a command and stops it (SIGTERM) when its stdin, a pipe from this
 * process, closes: when this process stops it, or dies, even by SIGKILL, which runs no
 * exit hook. Once the command has ended and this process is gone, it deletes the preview's
 * temporary folder. In a process group of its own, so Ctrl-C reaches only this process.
 */
const TIED_SCRIPT = [
  // A background job's stdin is /dev/null unless redirected: keep the pipe as fd 3.
  'exec 3<&0',
  '"$@" </dev/null 3<&- & child=$!',
  '(cat <&3 >/dev/null; kill $child 2>/dev/null) &',
  'exec 3<&-',
  'wait $child; status=$?',
  'kill -0 "$TIED_PARENT" 2>/dev/null || rm -rf "$TIED_CLEANUP"',
  'exit $status',
].join('\n');

/** Starts `command` tied to this process (see TIED_SCRIPT); `cleanup` is the folder deleted if this process dies. */
export function spawnTied(command: string, args: readonly string[], cleanup: string, output: 'pipe' | number = 'pipe'): ChildProcess {
  const child = spawn('sh', ['-c', TIED_SCRIPT, 'tied', command, ...args], {
    detached: true,
    stdio: ['pipe', output, output],
    // The command's own scratch (promtool's head chunks) goes into the folder deleted with it.
    env: { ...process.env, TMPDIR: cleanup, TIED_PARENT: String(process.pid), TIED_CLEANUP: cleanup },
  });
  child.unref();
  (child.stdin as unknown as { unref?: () => void }).unref?.();
  return child;
}

/** Runs `command` tied to this process to its end; rejects with its output when it fails. */
export async function runTied(command: string, args: readonly string[], cleanup: string): Promise<void> {
  const child = spawnTied(command, args, cleanup);
  let output = '';
  child.stdout?.on('data', (chunk) => { output += String(chunk); });
  child.stderr?.on('data', (chunk) => { output += String(chunk); });
  const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
  child.stdin?.end();
  if (code !== 0) throw new Error(`${command} ${args.join(' ')} failed (exit ${code}): ${output.trim()}`);
}

/** `promtool tsdb create-blocks-from openmetrics`: turns the replay file into TSDB blocks. */
export async function createBlocksFromOpenMetrics(openMetricsFile: string, outputDir: string, cleanup: string): Promise<void> {
  await runTied('promtool', ['tsdb', 'create-blocks-from', 'openmetrics', openMetricsFile, outputDir], cleanup);
}

/** Starts Prometheus without scrape targets on a free loopback port; it only serves queries over the blocks. */
export async function startPrometheus(props: PrometheusServerProps): Promise<PrometheusServer> {
  const configFile = path.join(props.workDir, 'prometheus.yml');
  const logFile = path.join(props.workDir, 'prometheus.log');
  fs.writeFileSync(configFile, `global:\n  scrape_interval: 15s\n  evaluation_interval: ${DEFAULT_RULE_EVALUATION_SECONDS}s\n`);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let child: ChildProcess | undefined;

  const start = async () => {
    const log = fs.openSync(logFile, 'a');
    child = spawnTied(props.binary ?? 'prometheus', [
      `--config.file=${configFile}`,
      `--storage.tsdb.path=${props.storagePath}`,
      `--storage.tsdb.retention.time=${RETENTION}`,
      `--web.listen-address=127.0.0.1:${port}`,
    ], props.workDir, log);
    fs.closeSync(log);
    const exited = new Promise<never>((_, reject) => child!.once('exit', (code) => reject(new Error(
      `prometheus exited (code ${code}) before it was ready; last log lines:\n${tail(logFile)}`))));
    exited.catch(() => undefined);
    await Promise.race([waitUntilReady(url), exited]);
  };

  const stop = async () => {
    const running = child;
    child = undefined;
    if (!running || running.exitCode !== null || running.signalCode !== null) return;
    const exited = new Promise((resolve) => running.once('exit', resolve));
    // Closing its stdin makes the shell stop Prometheus and wait for it.
    running.stdin?.end();
    const timer = setTimeout(() => process.kill(-running.pid!, 'SIGKILL'), STOP_TIMEOUT_MS);
    await exited;
    clearTimeout(timer);
  };

  try {
    await start();
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    url,
    stop,
    restart: async () => {
      await stop();
      await start();
    },
  };
}

async function waitUntilReady(url: string): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    try {
      if ((await fetch(`${url}/-/ready`)).ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`prometheus at ${url} was not ready after ${READY_TIMEOUT_MS / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function tail(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8').trim().split('\n').slice(-10).join('\n');
  } catch {
    return '(no log)';
  }
}
