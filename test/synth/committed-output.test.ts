import * as fs from 'fs';
import * as path from 'path';
import { chartFiles } from '../../lib/synth/synthesize';
import { synthesizedPlanCharts } from '../support/deployments';

/**
 * The committed dist/ and dashboards/ files are the snapshots of the synthesized charts:
 * one golden copy, reviewed as the pull request's diff. A failure here means the code
 * changed what synth writes: run `npm run synth`, read the diff, commit it.
 */
const root = path.resolve(__dirname, '..', '..');
const committed = (file: string) => {
  const absolute = path.join(root, file);
  return fs.existsSync(absolute) ? fs.readFileSync(absolute, 'utf8') : `(${file} is not committed)`;
};

describe('committed output', () => {
  for (const chart of synthesizedPlanCharts()) {
    for (const file of [...chartFiles('dist', chart), ...chart.files]) {
      it(`${file.path} is what synth writes`, () => {
        expect(file.content).toBe(committed(file.path));
      });
    }
  }
});
