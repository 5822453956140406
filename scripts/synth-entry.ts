/**
 * What `npm run synth` runs, from the cached bundle (scripts/synth.js): main.ts's plan
 * and documents, written by runSynth exactly as `node main.ts` would.
 */
import { deploymentPlan, documents } from '../main';
import { runSynth } from '../lib/synth/run-synth';

export function synth(): Promise<void> {
  // `cdk8s synth` passes its output folder in CDK8S_OUTDIR; unset means dist/, empty is refused.
  return runSynth({ charts: () => deploymentPlan().charts, outdir: process.env.CDK8S_OUTDIR, documents });
}
