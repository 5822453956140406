import * as fs from 'fs';
import * as path from 'path';

/** The committed dist/ as a ManifestTree: `<environment>/<file>` → YAML. */
export function committedDistTree(): Map<string, string> {
  const dist = path.resolve(__dirname, '../../dist');
  const tree = new Map<string, string>();
  const environments = fs.readdirSync(dist, { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => entry.name);
  for (const environment of environments.sort()) {
    for (const file of fs.readdirSync(path.join(dist, environment)).filter((name) => name.endsWith('.yaml')).sort()) {
      tree.set(`${environment}/${file}`, fs.readFileSync(path.join(dist, environment, file), 'utf8'));
    }
  }
  return tree;
}
