// pre-install-only-hook-referenced: a chart that triggers it (at the expected place, with the expected facts), a near miss
// that stays silent, each fix applied and verified, and the real Helm's view of which objects are hooks.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyFix, assertAgreesWithHelm, chartOf, deployment, hook, lineOf, object, silent, trigger } from './harness';

describe('pre-install-only-hook-referenced (H5)', () => {
  const R = 'pre-install-only-hook-referenced';
  const current = chartOf({ 'cm.yaml': object('ConfigMap', 'shared', hook('pre-install')), 'deploy.yaml': deployment('app') });

  it('fires on the hook annotation', () => {
    const [f] = trigger(R, current);
    assert.equal(f.location.range.start.line, lineOf(current['templates/cm.yaml'], '"helm.sh/hook"'));
    assert.match(f.detail!, /upgrades never recreate or update it/);
  });

  it('is silent with pre-upgrade, or under Argo CD (PreSync on every sync)', () => {
    silent(R, { ...current, 'templates/cm.yaml': object('ConfigMap', 'shared', hook('pre-install,pre-upgrade')) });
    silent(R, { ...current, 'templates/cm.yaml': object('ConfigMap', 'shared', hook('pre-install', { 'argocd.argoproj.io/hook': 'PreSync' })) });
  });

  it('fix: adds pre-upgrade', () => {
    const [f] = trigger(R, current);
    const fixed = applyFix(current, f, /^Add pre-upgrade/);
    assert.match(fixed['templates/cm.yaml'], /"helm.sh\/hook": "pre-install,pre-upgrade"/);
    silent(R, fixed);
  });

  it('new since the base ref: an error that existing releases break', () => {
    const base = chartOf({ 'deploy.yaml': deployment('app') });
    const [f] = trigger(R, current, base);
    assert.equal(f.severity, 'error');
    assert.equal(f.message, 'Existing releases never get ConfigMap shared (new pre-install-only hook): pods cannot start');
    assert.match(f.detail!, /Releases installed before it never ran it/);
    assert.match(f.detail!, /Pods of Deployment app will fail to mount volume "v"/);
    assertAgreesWithHelm(current);
  });

  it('near miss: already a pre-install hook at the base ref keeps the warning', () => {
    const [f] = trigger(R, current, current);
    assert.equal(f.severity, 'warning');
    assert.equal(f.message, 'helm upgrade never updates ConfigMap shared (pre-install only)');
  });
});
