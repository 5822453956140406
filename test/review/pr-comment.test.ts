import { production } from '../../environments/production';
import { FARGATE_LIST_PRICE } from '../../environments/prices';
import { buildDeployReviewComment } from '../../lib/review/deploy-review';
import { buildPrComment, MAX_COMMENT_CHARS, PR_COMMENT_MARKER, renderPreviewLine } from '../../lib/review/pr-comment';
import { deploymentTarget } from '../../lib/review/deployment-target';
import { clusterFolders } from '../support/deployments';
import { committedDistTree } from '../support/dist-tree';
import { deploymentPlan, ENVIRONMENTS, SERVICES, specPlaceholders } from '../../main';

const SECTIONS = {
  headline: '**headline**',
  manifestDiff: '### dist/ changes\n\n- **changed** x',
  capacityDelta: '### Capacity and cost\n\nrows',
  scalingChecks: '### Scaling checks\n\nrows',
  previewFiles: ['preview/staging/backend-overview.png', 'preview/production/backend-overview.png'],
  previewArtifactUrl: 'https://github.example/o/r/actions/runs/7',
  baseRef: 'origin/main',
};

describe('pull-request comment', () => {
  it('starts with the hidden marker CI looks for, then headline, previews, diff, capacity and scaling in that order', () => {
    const comment = buildPrComment(SECTIONS);
    expect(comment.startsWith(`${PR_COMMENT_MARKER}\n## Deployment review\n\n**headline**\n`)).toBe(true);
    const order = ['**headline**', 'Dashboard previews:', '### dist/ changes', '### Capacity and cost', '### Scaling checks'].map((s) => comment.indexOf(s));
    expect(order.every((position, i) => position >= 0 && (i === 0 || position > order[i - 1]))).toBe(true);
  });

  it('lists the preview images per environment and links the workflow run holding them', () => {
    expect(renderPreviewLine(SECTIONS.previewFiles, SECTIONS.previewArtifactUrl)).toBe(
      'Dashboard previews: 2 images in the `dashboard-previews` artifact of [this workflow run](https://github.example/o/r/actions/runs/7) '
      + '(production: backend-overview; staging: backend-overview).');
    expect(renderPreviewLine([])).toBe('Dashboard previews: none were generated in this run.');
  });

  it('names the previews of the dashboards the change touches, first', () => {
    const line = renderPreviewLine(SECTIONS.previewFiles, undefined, ['preview/production/backend-overview.png', 'preview/production/gone.png']);
    expect(line).toContain('Dashboards this change touches, to look at first: `production/backend-overview`.');
    expect(line).not.toContain('gone');
  });

  it('cuts a diff too long for GitHub, keeps the other sections whole and says how to see all of it', () => {
    const longDiff = `### dist/ changes\n\n${Array.from({ length: 5000 }, (_, i) => `- **changed** object-${i}`).join('\n')}`;
    const comment = buildPrComment({ ...SECTIONS, manifestDiff: longDiff });
    expect(comment.length).toBeLessThanOrEqual(MAX_COMMENT_CHARS);
    expect(comment).toContain(`… the diff is ${longDiff.length} characters and was cut here; run \`npm run diff -- origin/main\` for all of it.`);
    expect(comment).toContain('### Capacity and cost\n\nrows');
    expect(comment).toContain('### Scaling checks\n\nrows');
    expect(comment).not.toMatch(/object-\d*\n…/); // cut at a line end, not inside one
  });

  it('lists every placeholder left in the specs, field and value, after the scaling checks, and says when there are none', () => {
    const placeholders = specPlaceholders();
    expect(placeholders.length).toBeGreaterThan(0);
    const comment = buildPrComment({ ...SECTIONS, placeholders });
    expect(comment.indexOf(`### Placeholders (${placeholders.length})`)).toBeGreaterThan(comment.indexOf('### Scaling checks'));
    for (const { field, value } of placeholders) expect(comment).toContain(`| \`${field}\` | \`${value}\` |`);
    expect(comment).toContain('| `environments.production.grafanaUrl` | `https://grafana.reconciliation-platform.example.com` |');
    expect(buildPrComment(SECTIONS)).toContain('### Placeholders\n\nNone: every value in the specs is a real one.');
  });

  it('built from two dist/ trees shows the changed HPA in the diff, the cost delta and the scaling checks', () => {
    const base = committedDistTree();
    const head = new Map(base);
    const file = 'production/eu-west-1/workloads/reconciliation-backend.k8s.yaml';
    head.set(file, base.get(file)!.replace('maxReplicas: 10', 'maxReplicas: 12'));
    const comment = buildDeployReviewComment({ baseRef: 'origin/main', baseTree: base, headTree: head, prices: FARGATE_LIST_PRICE, previewFiles: [] });
    expect(comment.startsWith(PR_COMMENT_MARKER)).toBe(true);
    // The committed dist/ is main.ts's plan: the headline counts its services, environments, clusters and minimum pods.
    const headline = /\*\*(\d+) services in (\d+) environments, (\d+) clusters\*\* \(([a-z0-9/, -]+)\): (\d+)–(\d+) pods, \$[\d.]+–\$[\d.]+ a month at list price; all (\d+) scaling checks pass\./.exec(comment);
    expect(headline).not.toBeNull();
    const [, services, environments, clusterCount, names, minPods, maxPods, checks] = headline!;
    const deployments = deploymentPlan().deployments;
    const folders = clusterFolders();
    expect([Number(services), Number(environments), Number(clusterCount)]).toEqual([SERVICES.length, ENVIRONMENTS.length, folders.length]);
    expect(names.split(', ')).toEqual([...folders].sort());
    expect(Number(minPods)).toBe(deployments.reduce((sum, deployment) => sum + deployment.workload.autoscaling.minReplicas, 0));
    expect(Number(maxPods)).toBeGreaterThan(Number(minPods));
    expect(Number(checks)).toBeGreaterThanOrEqual(deployments.length);
    expect(comment).toContain('Touches: production/eu-west-1\n');
    expect(comment).toContain('#### production/eu-west-1: 0 added, 1 changed\n\n- **changed** HorizontalPodAutoscaler.autoscaling reconciliation-platform/reconciliation-backend\n'
      + '  - `spec.maxReplicas`: 10 → 12\n');
    // Two more pods of 0.2 cores / 0.25 GiB: 730 × (0.4 × 0.04048 + 0.5 × 0.004445) = 13.442585.
    expect(comment).toContain('| production/eu-west-1/reconciliation-backend | 0.2 CPU / 0.25 GiB × 2–10 | 0.2 CPU / 0.25 GiB × 2–12 | +0.4 | +0.5 | +$13.44 |');
    expect(comment).toContain('| production/eu-west-1 | reconciliation-backend | 6/6 | – |');
    expect(comment).toContain('metric lag 15 s (assumed)');
  });
  it('names the environment and cluster pairs a change touches, and groups the diff by them', () => {
    const isBackendInProduction = (file: string) => file.startsWith('production/') && file.endsWith('/reconciliation-backend.k8s.yaml');
    const base = committedDistTree();
    const head = new Map([...base].map(([file, text]) => [file, isBackendInProduction(file) ? text.replace('maxReplicas: 10', 'maxReplicas: 12') : text]));
    const clusters = [...new Set([...base.keys()].filter(isBackendInProduction).map(deploymentTarget))].sort();
    expect(clusters).toEqual(production.clusters.map((cluster) => `production/${cluster.name}`));
    const comment = buildDeployReviewComment({ baseRef: 'origin/main', baseTree: base, headTree: head, prices: FARGATE_LIST_PRICE, previewFiles: [] });
    expect(comment).toContain(`Touches: ${clusters.join(', ')}\n`);
    for (const cluster of clusters) {
      expect(cluster).toMatch(/^production\/[a-z0-9-]+$/);
      expect(comment).toContain(`#### ${cluster}: 0 added, 1 changed\n\n- **changed** HorizontalPodAutoscaler.autoscaling reconciliation-platform/reconciliation-backend\n`
        + '  - `spec.maxReplicas`: 10 → 12\n');
    }
    expect(comment).not.toContain('#### staging');
  });
});
