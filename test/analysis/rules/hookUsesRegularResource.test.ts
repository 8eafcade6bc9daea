// hook-uses-regular-resource: a chart that triggers it (at the expected place, with the expected facts), a near miss
// that stays silent, each fix applied and verified, and the real Helm's view of which objects are hooks.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze, applyFix, assertAgreesWithHelm, chartOf, hook, job, lineOf, object, only, silent, trigger } from './harness';

describe('hook-uses-regular-resource (H4)', () => {
  const R = 'hook-uses-regular-resource';
  const current = chartOf({
    'cm.yaml': object('ConfigMap', 'shared'),
    'job.yaml': job('migrate', hook('pre-install,pre-upgrade', { 'helm.sh/hook-weight': '0' })),
  });

  it('fires on the hook\'s reference', () => {
    const [f] = trigger(R, current);
    assert.equal(f.severity, 'warning');
    assert.equal(f.location.path, 'templates/job.yaml');
    assert.equal(f.location.range.start.line, lineOf(current['templates/job.yaml'], 'name: shared'));
    assert.match(f.detail!, /on the first helm install it does not exist yet/);
    assert.match(f.detail!, /previous revision's content/);
    assertAgreesWithHelm(current);
  });

  it('under Flux says what a failed install leads to; silent when the HelmRelease disables both events', () => {
    assert.match(trigger(R, current, undefined, 1, { deployer: 'flux' })[0].detail!, /The install then fails; Flux leaves the failed install as it is \(install\.remediation\.retries is 0\)/);
    const retry = trigger(R, current, undefined, 1, { deployer: 'flux', flux: { install: { strategy: { name: 'RetryOnFailure' } } } })[0];
    assert.match(retry.detail!, /retries it as a helm upgrade .*pre-upgrade hooks, not pre-install ones/);
    assert.doesNotMatch(trigger(R, current)[0].detail!, /Flux/);
    silent(R, current, undefined, { deployer: 'flux', flux: { install: { disableHooks: true }, upgrade: { disableHooks: true } } });
  });

  it('is silent for post-install hooks and regular workloads', () => {
    silent(R, { ...current, 'templates/job.yaml': job('migrate', hook('post-install')) });
    silent(R, { ...current, 'templates/job.yaml': job('migrate', '') });
  });

  it('fix: gives the hook its own copy that runs first', () => {
    const [f] = trigger(R, current);
    const fixed = applyFix(current, f, /^Give the hook its own copy of ConfigMap$/);
    const all = analyze(fixed);
    assert.deepEqual(only(all, R), []);
    assert.deepEqual(only(all, 'hook-order-dependency'), []);
    assert.match(fixed['templates/cm.yaml'], /---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: shared-hook\n  annotations:\n    "helm.sh\/hook": "pre-install,pre-upgrade"\n    "helm.sh\/hook-weight": "-1"/);
    assertAgreesWithHelm(fixed);
  });
});
