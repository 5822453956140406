/** `npm run summary`: rewrites docs/DEPLOYMENT.md from the current specs (synth does this too). */
import { deploymentSummaryFile } from '../lib/review/deployment-summary';
import { synthesizeCharts } from '../lib/synth/synthesize';
import { writeFileAtomically } from '../lib/synth/write-output';
import { plans } from '../main';

const file = deploymentSummaryFile(synthesizeCharts(plans));
writeFileAtomically(file.path, file.content);
console.log(`wrote ${file.path}`);
