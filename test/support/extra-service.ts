import { EXTRA_SERVICE } from './plan-following';

// Jest's setup for the `plan + billing-worker` project: the test plan (deployments.ts) adds the fourth service.
process.env.TEST_EXTRA_SERVICE = EXTRA_SERVICE;
