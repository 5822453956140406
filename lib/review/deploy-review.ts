import { reviewScaling } from '../scaling/scaling-checks';
import { renderScalingChecksSummary, ServiceScalingReview } from '../scaling/scaling-report';
import { scalingSettingsFromManifests } from '../scaling/scaling-settings-from-manifests';
import { capacityInputsFromManifestTree, objectsByCluster } from './capacity-from-manifests';
import { buildCapacityLedger, CapacityLedger, ledgerTotal, PriceTable } from './capacity-ledger';
import { formatMoney, renderCapacityDelta } from './capacity-report';
import { diffManifests, ManifestTree, renderManifestDiff } from './manifest-diff';
import { buildPrComment, type PrCommentInput } from './pr-comment';

/** What the comment is built from: the two dist/ trees and prices, plus the preview fields it passes on as they are. */
export interface DeployReviewInput extends Pick<PrCommentInput, 'baseRef' | 'previewFiles' | 'changedPreviews' | 'previewArtifactUrl' | 'placeholders'> {
  /** dist/ of the base branch and of this branch: path relative to dist/ → YAML. */
  readonly baseTree: ManifestTree;
  readonly headTree: ManifestTree;
  readonly prices: PriceTable;
}

/** Scaling reviews of every HPA-scaled Deployment in a dist/ tree. */
export function scalingReviewsFromManifestTree(tree: ManifestTree): ServiceScalingReview[] {
  return [...objectsByCluster(tree)].flatMap(([folder, objects]) =>
    scalingSettingsFromManifests(objects).map(({ name, settings }) => ({ environment: folder, service: name, review: reviewScaling(settings) })));
}

/** "3 services in 2 environments, 3 clusters …": the one paragraph a reviewer reads first. */
export function deploymentHeadline(ledger: CapacityLedger, reviews: readonly ServiceScalingReview[]): string {
  const environments = [...new Set(ledger.lines.map((line) => line.environment))];
  const clusters = [...new Set(ledger.lines.map((line) => `${line.environment}/${line.cluster}`))];
  const services = new Set(ledger.lines.map((line) => line.service));
  const pods = (pick: 'minReplicas' | 'maxReplicas') => ledger.lines.reduce((sum, line) => sum + line[pick], 0);
  const total = ledgerTotal(ledger);
  const checks = reviews.flatMap((r) => r.review.checks);
  const failed = checks.filter((c) => !c.passed).length;
  return `**${services.size} services in ${environments.length} environments, ${clusters.length} clusters** (${clusters.join(', ')}): `
    + `${pods('minReplicas')}–${pods('maxReplicas')} pods, ${formatMoney(total.atMin.monthlyCost, ledger.prices.currency)}–`
    + `${formatMoney(total.atMax.monthlyCost, ledger.prices.currency)} a month at list price; `
    + (failed === 0 ? `all ${checks.length} scaling checks pass.` : `**${failed} of ${checks.length} scaling checks fail.**`);
}

/**
 * The whole pull-request comment from two dist/ trees. Both ledgers are read off
 * manifests the same way, so the delta shows only what the branch changed.
 */
export function buildDeployReviewComment(input: DeployReviewInput): string {
  const baseLedger = buildCapacityLedger(capacityInputsFromManifestTree(input.baseTree), input.prices);
  const headLedger = buildCapacityLedger(capacityInputsFromManifestTree(input.headTree), input.prices);
  const reviews = scalingReviewsFromManifestTree(input.headTree);
  return buildPrComment({
    baseRef: input.baseRef,
    headline: deploymentHeadline(headLedger, reviews),
    manifestDiff: renderManifestDiff(diffManifests(input.baseTree, input.headTree), `dist/ changes against ${input.baseRef}`),
    capacityDelta: renderCapacityDelta(baseLedger, headLedger),
    scalingChecks: renderScalingChecksSummary(reviews),
    previewFiles: input.previewFiles,
    changedPreviews: input.changedPreviews,
    previewArtifactUrl: input.previewArtifactUrl,
    placeholders: input.placeholders,
  });
}
