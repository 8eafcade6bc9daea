// The deployer (Helm or Argo CD, detected or set) and the hook order every consumer takes from the view.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeChart } from '../../../server/src/analysis/analyze';
import { explainHook } from '../../../server/src/analysis/explain';
import { hookLenses } from '../../../server/src/analysis/navigation';
import { buildPlan } from '../../../server/src/analysis/plan';
import { analyze, annotations, chartOf, deployment, hook, job, object, only } from '../rules/harness';

describe('Argo CD (H16)', () => {
  it('orders hooks by wave, then kind, then name: the name-order finding of Helm does not apply', () => {
    // Helm: equal weights run by name, so aa-job runs before the ConfigMap it reads. Argo CD: kind first (ConfigMap
    // before Job), so the same chart is fine there.
    const chart = chartOf({
      'cm.yaml': object('ConfigMap', 'zz-config', hook('pre-install')),
      'job.yaml': job('aa-job', hook('pre-install'), 'zz-config'),
    });
    assert.equal(only(analyze(chart), 'hook-order-dependency').length, 1);
    assert.deepEqual(only(analyze(chart, undefined, { deployer: 'argocd' }), 'hook-order-dependency'), []);
  });

  it('is detected from argocd.argoproj.io annotations and explains the PreSync mapping for H1', () => {
    const base = chartOf({ 'cm.yaml': object('ConfigMap', 'shared', annotations({ 'argocd.argoproj.io/sync-wave': '0' })), 'deploy.yaml': deployment('app') });
    const current = chartOf({ 'cm.yaml': object('ConfigMap', 'shared', hook('pre-install,pre-upgrade', { 'argocd.argoproj.io/sync-wave': '0' })), 'deploy.yaml': deployment('app') });
    const [f] = only(analyze(current, base), 'hook-deletes-referenced-resource');
    assert.match(f.detail!, /Under Argo CD the hook runs as PreSync/);
  });
});

describe('one execution order for every consumer', () => {
  // Two weight-0 pre-install hooks: Helm runs aa-job first (by name), Argo CD the ConfigMap first (by kind).
  const files = (argo: boolean) =>
    chartOf({
      'cm.yaml': object('ConfigMap', 'zz-config', hook('pre-install', argo ? { 'argocd.argoproj.io/hook': 'PreSync' } : {})),
      'job.yaml': job('aa-job', hook('pre-install'), 'zz-config'),
    });
  const result = (argo: boolean) => analyzeChart({ chart: { files: new Map(Object.entries(files(argo))) }, render: { releaseName: 'rel', namespace: 'ns' } });
  const lensOf = (argo: boolean, name: string) => hookLenses(result(argo)).find((l) => l.title.includes(` ${name}:`))!.title;
  const planOrder = (argo: boolean) => {
    const step = buildPlan(result(argo), 't').operations.find((o) => o.name === 'install')!.steps[0];
    assert.equal(step.type, 'hooks');
    return step.type === 'hooks' ? step.hooks.map((h) => h.name) : [];
  };

  it('under Argo CD: the rule, the code lens and the plan all put the ConfigMap first', () => {
    assert.equal(result(true).deployer, 'argocd');
    assert.deepEqual(only(result(true).findings, 'hook-order-dependency'), []);
    assert.match(lensOf(true, 'zz-config'), /pre-install 1\/2/);
    assert.match(lensOf(true, 'aa-job'), /pre-install 2\/2/);
    assert.deepEqual(planOrder(true), ['zz-config', 'aa-job']);
    assert.equal(buildPlan(result(true), 't').deployer, 'argocd');
  });

  it('under Helm: all three put the Job first, and the rule warns', () => {
    assert.equal(result(false).deployer, 'helm');
    assert.equal(only(result(false).findings, 'hook-order-dependency').length, 1);
    assert.match(lensOf(false, 'aa-job'), /pre-install 1\/2/);
    assert.deepEqual(planOrder(false), ['aa-job', 'zz-config']);
  });

  it('the hover on the hook states the same position', () => {
    const r = result(true);
    const cm = r.current.hooks.find((h) => h.name === 'zz-config')!;
    assert.match(explainHook(r.current, cm)!, /1st of 2 pre-install hooks \(by sync wave, then kind, then name\)/);
  });
});
