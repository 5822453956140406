/**
 * `npm run review -- <base-ref> [<preview-artifact-url>]`: the pull-request comment
 * (deployment headline, semantic diff of dist/, capacity and cost delta, scaling
 * checks, dashboard previews, placeholders left in the specs) as Markdown on stdout. Reads dist/ of the working tree
 * and of <base-ref>, and the images `npm run preview` left in preview/.
 */
import * as fs from 'fs';
import * as path from 'path';
import { DASHBOARD_FILES_DIR } from '../lib/grafana/dashboard-config-map';
import { FARGATE_LIST_PRICE } from '../environments/prices';
import { buildDeployReviewComment } from '../lib/review/deploy-review';
import { specPlaceholders } from '../main';
import { committedFiles, committedTree, listFiles, workingTree } from './dist-tree';

const PREVIEW_DIR = 'preview';
const [baseRef, previewArtifactUrl] = process.argv.slice(2);
if (!baseRef) {
  console.error('usage: npm run review -- <base-ref> [<preview-artifact-url>]');
  process.exit(2);
}

/** `preview/<env>/<stem>.png` of every dashboard JSON that differs from the base (or is new). */
function changedPreviews(): string[] {
  const base = committedFiles(baseRef, DASHBOARD_FILES_DIR, '.json');
  return listFiles(DASHBOARD_FILES_DIR, '.json')
    .map((file) => file.split(path.sep).join('/'))
    .filter((file) => base.get(file) !== fs.readFileSync(path.join(DASHBOARD_FILES_DIR, file), 'utf8'))
    .map((file) => `${PREVIEW_DIR}/${file.replace(/\.json$/, '.png')}`);
}

process.stdout.write(buildDeployReviewComment({
  baseRef,
  baseTree: committedTree(baseRef),
  headTree: workingTree(),
  prices: FARGATE_LIST_PRICE,
  previewFiles: listFiles(PREVIEW_DIR, '.png').map((file) => path.posix.join(PREVIEW_DIR, file.split(path.sep).join('/'))),
  previewArtifactUrl,
  changedPreviews: changedPreviews(),
  placeholders: specPlaceholders(),
}));
