import * as fs from 'fs';
import * as path from 'path';

/**
 * lib/specs/ holds the types that only describe data: it may import zod, itself and
 * lib/validation (the checks), never a generator, a construct or a review module.
 */
describe('lib/specs imports nothing above it', () => {
  const root = path.join(__dirname, '../..');
  const specs = path.join(root, 'lib/specs');
  const allowed = [specs, path.join(root, 'lib/validation')];
  const files = fs.readdirSync(specs).filter((file) => file.endsWith('.ts'));

  it('has files to check', () => {
    expect(files.length).toBeGreaterThan(0);
  });

  it.each(files)('%s imports only zod, lib/specs and lib/validation', (file) => {
    const source = fs.readFileSync(path.join(specs, file), 'utf8');
    const imports = [...source.matchAll(/(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]|require\(['"]([^'"]+)['"]\)/g)].map((match) => match[1] ?? match[2]);
    const outside = imports.filter((target) => (target.startsWith('.')
      ? !allowed.some((folder) => path.resolve(specs, target).startsWith(`${folder}`))
      : !target.startsWith('zod')));
    expect(outside).toEqual([]);
  });
});
