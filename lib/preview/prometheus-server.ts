import { ChildProcess, execFile, spawn } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as path from 'path';
import { promisify } from 'util';
import { DEFAULT_RULE_EVALUATION_SECONDS } from './incident-scenario';

const run = promisify(execFile);

/** The replay lies in the past; without a long retention Prometheus would delete its blocks at start. */
const RETENTION = '100y';
const READY_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 10_000;

export interface PrometheusServerProps {
  /** TSDB folder holding the replay's blocks. */
  readonly storagePath: string;
  /** Folder for the configuration file and the server log. */
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

/** `promtool tsdb create-blocks-from openmetrics`: turns the replay file into TSDB blocks. */
export async function createBlocksFromOpenMetrics(openMetricsFile: string, outputDir: string): Promise<void> {
  await run('promtool', ['tsdb', 'create-blocks-from', 'openmetrics', openMetricsFile, outputDir], { maxBuffer: 64 * 1024 * 1024 });
}

/** Starts Prometheus without scrape targets on a free loopback port; it only serves queries over the blocks. */
export async function startPrometheus(props: PrometheusServerProps): Promise<PrometheusServer> {
  const configFile = path.join(props.workDir, 'prometheus.yml');
  const logFile = path.join(props.workDir, 'prometheus.log');
  fs.writeFileSync(configFile, `global:\n  scrape_interval: 15s\n  evaluation_interval: ${DEFAULT_RULE_EVALUATION_SECONDS}s\n`);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let child: ChildProcess | undefined;
  const killOnExit = () => child?.kill('SIGKILL');

  const start = async () => {
    const log = fs.openSync(logFile, 'a');
    child = spawn(props.binary ?? 'prometheus', [
      `--config.file=${configFile}`,
      `--storage.tsdb.path=${props.storagePath}`,
      `--storage.tsdb.retention.time=${RETENTION}`,
      `--web.listen-address=127.0.0.1:${port}`,
    ], { stdio: ['ignore', log, log] });
    fs.closeSync(log);
    process.once('exit', killOnExit);
    const exited = new Promise<never>((_, reject) => child!.once('exit', (code) => reject(new Error(
      `prometheus exited (code ${code}) before it was ready; last log lines:\n${tail(logFile)}`))));
    exited.catch(() => undefined);
    await Promise.race([waitUntilReady(url), exited]);
  };

  const stop = async () => {
    const running = child;
    child = undefined;
    process.removeListener('exit', killOnExit);
    if (!running || running.exitCode !== null || running.signalCode !== null) return;
    const exited = new Promise((resolve) => running.once('exit', resolve));
    running.kill('SIGTERM');
    const timer = setTimeout(() => running.kill('SIGKILL'), STOP_TIMEOUT_MS);
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
