import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { benchSynth } from '../../scripts/bench-app';

/** `npm run bench` synthesizes N copies of a service; the copies must stay a valid plan as the plan rules grow. */
describe('the bench app', () => {
  let root: string;
  beforeAll(() => { root = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-app-')); });
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  it('synthesizes three copies of the backend into its own folder', async () => {
    await benchSynth(3, root);
    expect(fs.readdirSync(path.join(root, 'dist', 'production')).filter((file) => file.startsWith('service-')).sort())
      .toEqual(['service-0.k8s.yaml', 'service-1.k8s.yaml', 'service-2.k8s.yaml']);
  });
});
