import * as path from 'path';
import { workingTree } from '../../scripts/dist-tree';

/** The committed dist/ as a ManifestTree, read the way `npm run diff` reads it (`production/eu-west-1/workloads/x.k8s.yaml` → YAML). */
export function committedDistTree(): Map<string, string> {
  return workingTree(path.resolve(__dirname, '../..'));
}
