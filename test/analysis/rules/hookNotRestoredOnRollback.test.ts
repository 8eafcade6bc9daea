// hook-not-restored-on-rollback: a chart that triggers it (at the expected place, with the expected facts), a near miss
// that stays silent, each fix applied and verified, and the real Helm's view of which objects are hooks.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyFix, chartOf, deployment, hook, object, silent, trigger } from './harness';

describe('hook-not-restored-on-rollback (H6)', () => {
  const R = 'hook-not-restored-on-rollback';
  const current = chartOf({ 'cm.yaml': object('ConfigMap', 'shared', hook('pre-install,pre-upgrade')), 'deploy.yaml': deployment('app') });

  it('fires as information', () => {
    const [f] = trigger(R, current);
    assert.equal(f.severity, 'info');
    assert.match(f.detail!, /runs only pre-\/post-rollback hooks/);
  });

  it('is silent when nothing references the hook', () => {
    silent(R, chartOf({ 'cm.yaml': object('ConfigMap', 'shared', hook('pre-install,pre-upgrade')) }));
  });

  it('fix: adds pre-rollback', () => {
    const [f] = trigger(R, current);
    silent(R, applyFix(current, f, /^Add pre-rollback/));
  });
});
