/** dist/ as a ManifestTree (path relative to dist/ → YAML), from the working tree or from a git revision. */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { DELIVERY_LAYERS, layerFile } from '../lib/delivery/delivery-order';

export const DIST = 'dist';

function git(args: string[]): string {
  return execFileSync('git', args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
}

/** Files under `folder` ending in `extension` at `revision`, keyed by their path inside `folder`. */
export function committedFiles(revision: string, folder: string, extension: string): Map<string, string> {
  const files = git(['ls-tree', '-r', '--name-only', revision, '--', folder]).split('\n').filter((f) => f.endsWith(extension));
  return new Map(files.map((file) => [path.posix.relative(folder, file), git(['show', `${revision}:${file}`])]));
}

export function committedTree(revision: string): Map<string, string> {
  return committedFiles(revision, DIST, '.yaml');
}

/** Files under `dir` ending in `extension`, paths relative to `root`, sorted. */
export function listFiles(dir: string, extension: string, root = dir): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) return listFiles(full, extension, root);
      return entry.name.endsWith(extension) ? [path.relative(root, full)] : [];
    })
    .sort();
}

/** dist/ of the project at `root` as it is on disk, keyed by `/`-separated paths inside it. */
export function workingTree(root = '.'): Map<string, string> {
  const dist = path.join(root, DIST);
  return new Map(listFiles(dist, '.yaml').map((file) => [file.split(path.sep).join('/'), fs.readFileSync(path.join(dist, file), 'utf8')]));
}

/**
 * One cluster-folder chart as synth wrote it under `<root>/dist/`: its ChartPlan file
 * (`production/eu-west-1/x.k8s.yaml`) is written as one file per delivery layer
 * (`…/foundation/x.k8s.yaml`, `…/workloads/x.k8s.yaml`); their YAML joined in layer order.
 */
export function chartManifest(root: string, chartFile: string): { readonly path: string; readonly text: string } {
  const files = DELIVERY_LAYERS.map((layer) => path.join(root, DIST, layerFile(chartFile, layer))).filter((file) => fs.existsSync(file));
  const shown = `${DIST}/${path.posix.dirname(chartFile)}/{${DELIVERY_LAYERS.join(',')}}/${path.posix.basename(chartFile)}`;
  if (files.length === 0) throw new Error(`${shown} does not exist: run npm run synth first`);
  return { path: shown, text: files.map((file) => fs.readFileSync(file, 'utf8')).join('---\n') };
}
