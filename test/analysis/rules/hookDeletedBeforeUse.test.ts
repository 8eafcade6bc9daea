// hook-deleted-before-use: a chart that triggers it (at the expected place, with the expected facts), a near miss
// that stays silent, each fix applied and verified, and the real Helm's view of which objects are hooks.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyFix, assertAgreesWithHelm, chartOf, deployment, hook, lineOf, object, silent, trigger } from './harness';

describe('hook-deleted-before-use (H3)', () => {
  const R = 'hook-deleted-before-use';
  const current = chartOf({
    'cm.yaml': object('ConfigMap', 'shared', hook('pre-install,pre-upgrade', { 'helm.sh/hook-delete-policy': 'before-hook-creation,hook-succeeded' })),
    'deploy.yaml': deployment('app'),
  });

  it('fires on the delete policy, related to the workload', () => {
    const [f] = trigger(R, current);
    assert.equal(f.severity, 'error');
    assert.equal(f.location.range.start.line, lineOf(current['templates/cm.yaml'], 'hook-delete-policy'));
    assert.match(f.detail!, /Helm 4 deletes it as soon as the hooks of its event succeed/);
    assert.match(f.detail!, /also deletes it when a later hook of the same event fails/);
    assert.match(f.detail!, /Pods of Deployment app will fail to mount volume "v"/);
    assert.equal(f.related[0].path, 'templates/deploy.yaml');
    assertAgreesWithHelm(current);
  });

  it('says what each deployer does', () => {
    const [h3] = trigger(R, current, undefined, 1, { deployer: 'helm3' });
    assert.match(h3.detail!, /Helm 3 deletes it as soon as/);
    assert.doesNotMatch(h3.detail!, /later hook of the same event fails/);
    const [argo] = trigger(R, current, undefined, 1, { deployer: 'argocd' });
    assert.match(argo.detail!, /Argo CD runs it in the PreSync phase and deletes it once it succeeds/);
    const post = { ...current, 'templates/cm.yaml': object('ConfigMap', 'shared', hook('post-install', { 'helm.sh/hook-delete-policy': 'hook-succeeded' })) };
    const [p] = trigger(R, post);
    assert.match(p.message, /deleted after its hook runs \(hook-succeeded\)/);
    assertAgreesWithHelm(current, 4);
  });

  it('is silent without hook-succeeded, and for optional references', () => {
    silent(R, { ...current, 'templates/cm.yaml': object('ConfigMap', 'shared', hook('pre-install')) });
    silent(R, { ...current, 'templates/deploy.yaml': deployment('app', 'volumes:\n  - name: v\n    configMap:\n      name: shared\n      optional: true') });
  });

  it('fixes: keep it regular, or drop hook-succeeded', () => {
    const [f] = trigger(R, current);
    silent(R, applyFix(current, f, /^Keep it regular: remove the hook annotations/));
    const kept = applyFix(current, f, /^Set delete policy to before-hook-creation/);
    assert.match(kept['templates/cm.yaml'], /"helm.sh\/hook-delete-policy": "before-hook-creation"/);
    silent(R, kept);
  });
});
