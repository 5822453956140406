import * as fs from 'fs';
import * as path from 'path';

/** The committed dist/ as a ManifestTree: every YAML file under it, by its path relative to dist/ (`production/eu-west-1/workloads/x.k8s.yaml`). */
export function committedDistTree(): Map<string, string> {
  const dist = path.resolve(__dirname, '../../dist');
  const files = (fs.readdirSync(dist, { recursive: true }) as string[])
    .map((file) => file.split(path.sep).join('/'))
    .filter((file) => file.endsWith('.yaml'))
    .sort();
  return new Map(files.map((file) => [file, fs.readFileSync(path.join(dist, file), 'utf8')]));
}
