import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { production } from '../../environments/production';
import { DELIVERY_LAYERS } from '../../lib/delivery/delivery-order';
import { benchSynth } from '../../scripts/bench-app';

/** `npm run bench` synthesizes N copies of a service; the copies must stay a valid plan as the plan rules grow. */
describe('the bench app', () => {
  let root: string;
  beforeAll(() => { root = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-app-')); });
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  it('synthesizes three copies of the backend into its own folder, in production\'s first cluster only', async () => {
    await benchSynth(3, root);
    const [first, ...others] = production.clusters;
    for (const layer of DELIVERY_LAYERS) {
      const folder = path.join('dist', 'production', first.name, layer);
      expect({ folder, files: fs.readdirSync(path.join(root, folder)).filter((file) => file.startsWith('service-')).sort() })
        .toEqual({ folder, files: ['service-0.k8s.yaml', 'service-1.k8s.yaml', 'service-2.k8s.yaml'] });
    }
    // One cluster, so N services stay N charts however many clusters production gains.
    for (const cluster of others) expect(fs.existsSync(path.join(root, 'dist', 'production', cluster.name))).toBe(false);
  });
});
