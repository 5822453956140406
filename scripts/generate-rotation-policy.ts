import { plans } from '../main';
import { renderRotationPolicy, rotationPolicyInput } from '../lib/secrets/rotation-policy';
import { ROTATION_POLICY_DOCUMENT } from '../lib/secrets/service-secrets';
import { writeFileAtomically } from '../lib/synth/write-output';

/** Writes docs/SECRETS_ROTATION_POLICY.md from the inventories of every service main.ts deploys. */
writeFileAtomically(ROTATION_POLICY_DOCUMENT, renderRotationPolicy(rotationPolicyInput(plans)));
console.log(`wrote ${ROTATION_POLICY_DOCUMENT}`);
