import * as z from 'zod/mini';
import type { SpecOf } from './shapes';

/**
 * How a GitOps engine reaches the rendered manifests: the repository that holds `dist/`,
 * and the settings of each engine. A team runs Argo CD or Flux; both read the same
 * `dist/<environment>/<cluster>/` folders (lib/delivery/).
 */

const REPOSITORY = z.strictObject({
  /**
   * The Git repository holding `dist/`, as the engines clone it (HTTPS or SSH). No default:
   * `https://git.example.com/…` stands in until the real one is known (a placeholder, flagged
   * like the others in docs/DEPLOYMENT.md).
   */
  url: z.string(),
  /** Branch the engines follow; every merge to it is a deploy. @default "main" */
  branch: z.optional(z.string()),
  /** Folder of the rendered manifests inside the repository, without leading `./` or trailing `/`. @default "dist" */
  distPath: z.optional(z.string()),
});

const ARGO_CD = z.strictObject({
  /** Namespace Argo CD runs in, which holds the AppProjects and ApplicationSets. @default "argocd" */
  namespace: z.optional(z.string()),
  /** Sync attempts after a failed one, before Argo CD gives up until the next change. @default 5 */
  retryLimit: z.optional(z.number()),
  /** Wait before the first retry (Go duration). @default "10s" */
  retryBackoff: z.optional(z.string()),
  /** Each wait is the previous one times this. @default 2 */
  retryBackoffFactor: z.optional(z.number()),
  /** Longest wait between two attempts (Go duration). @default "5m" */
  retryBackoffMax: z.optional(z.string()),
});

const FLUX = z.strictObject({
  /** Namespace each cluster's Flux runs in, which holds its GitRepository and Kustomizations. @default "flux-system" */
  namespace: z.optional(z.string()),
  /** Name of the GitRepository. @default "reconciliation-platform" */
  sourceName: z.optional(z.string()),
  /** Secret in the Flux namespace with the repository's credentials. @default none (a repository readable without) */
  credentialsSecret: z.optional(z.string()),
  /** How often Flux fetches the branch. @default "1m" */
  sourceInterval: z.optional(z.string()),
  /** How often each Kustomization re-applies its folder, correcting drift. @default "10m" */
  interval: z.optional(z.string()),
  /** Wait before retrying a failed apply or health check. @default "2m" */
  retryInterval: z.optional(z.string()),
  /** How long the foundation (Namespace, ServiceAccounts, secrets synced by ESO) may take to be ready. @default "5m" */
  foundationTimeout: z.optional(z.string()),
  /** How long the workloads may take to roll out and be ready. @default "15m" */
  workloadsTimeout: z.optional(z.string()),
});

export const DELIVERY_SPEC = z.strictObject({
  repository: REPOSITORY,
  argoCd: z.optional(ARGO_CD),
  flux: z.optional(FLUX),
});

export type DeliverySpec = SpecOf<typeof DELIVERY_SPEC>;
export type RepositorySpec = SpecOf<typeof REPOSITORY>;
export type ArgoCdSpec = SpecOf<typeof ARGO_CD>;
export type FluxSpec = SpecOf<typeof FLUX>;
