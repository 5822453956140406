/**
 * `npm run diff [-- <git revision>]`: per-object semantic diff of the working tree's
 * dist/ against dist/ at a revision (default HEAD, the last commit), as Markdown.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { diffManifests, renderManifestDiff } from '../lib/review/manifest-diff';

const DIST = 'dist';
const revision = process.argv[2] ?? 'HEAD';

function git(args: string[]): string {
  return execFileSync('git', args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
}

function committedTree(): Map<string, string> {
  const files = git(['ls-tree', '-r', '--name-only', revision, '--', DIST]).split('\n').filter((f) => f.endsWith('.yaml'));
  return new Map(files.map((file) => [path.relative(DIST, file), git(['show', `${revision}:${file}`])]));
}

function workingTree(dir = DIST): Map<string, string> {
  const files = new Map<string, string>();
  if (!fs.existsSync(dir)) return files;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) for (const [file, text] of workingTree(full)) files.set(file, text);
    else if (entry.name.endsWith('.yaml')) files.set(path.relative(DIST, full), fs.readFileSync(full, 'utf8'));
  }
  return files;
}

process.stdout.write(renderManifestDiff(diffManifests(committedTree(), workingTree()), `dist/ changes against ${revision}`));
