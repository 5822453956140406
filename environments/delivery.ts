import type { DeliverySpec } from '../lib/specs/delivery-spec';

/** Where Argo CD or Flux read dist/ from: every merge to the branch is a deploy (docs/DELIVERY.md). */
export const delivery: DeliverySpec = {
  // Placeholder: the repository this project is pushed to, as the engines clone it.
  repository: { url: 'https://git.example.com/platform/reconciliation-deploy.git' },
};
