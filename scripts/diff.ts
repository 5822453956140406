/**
 * `npm run diff [-- <git revision>]`: per-object semantic diff of the working tree's
 * dist/ against dist/ at a revision (default HEAD, the last commit), as Markdown, grouped
 * by the environment/cluster pairs it touches, deletions first.
 */
import { diffManifests, renderManifestDiff } from '../lib/review/manifest-diff';
import { committedTree, workingTree } from './dist-tree';

const revision = process.argv[2] ?? 'HEAD';

process.stdout.write(renderManifestDiff(diffManifests(committedTree(revision), workingTree()), `dist/ changes against ${revision}`));
