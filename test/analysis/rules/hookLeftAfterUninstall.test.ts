// hook-left-after-uninstall: a chart that triggers it (at the expected place, with the expected facts), a near miss
// that stays silent, each fix applied and verified, and the real Helm's view of which objects are hooks.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze, applyFix, chartOf, hook, job, object, only, silent, trigger } from './harness';

describe('hook-left-after-uninstall (H7)', () => {
  const R = 'hook-left-after-uninstall';
  const current = chartOf({ 'secret.yaml': object('Secret', 'creds', hook('pre-install'), 'stringData:\n  p: x\n') });

  it('warns for a Secret, informs for a ConfigMap', () => {
    const [f] = trigger(R, current);
    assert.equal(f.severity, 'warning');
    assert.match(f.detail!, /with its credentials/);
    const [g] = trigger(R, chartOf({ 'cm.yaml': object('ConfigMap', 'c', hook('pre-install')) }));
    assert.equal(g.severity, 'info');
  });

  it('is silent for Jobs, hook-succeeded and resource-policy keep', () => {
    silent(R, chartOf({ 'job.yaml': job('j', hook('pre-install')) }));
    silent(R, chartOf({ 'cm.yaml': object('ConfigMap', 'c', hook('pre-install', { 'helm.sh/hook-delete-policy': 'hook-succeeded' })) }));
    silent(R, chartOf({ 'cm.yaml': object('ConfigMap', 'c', hook('pre-install', { 'helm.sh/resource-policy': 'keep' })) }));
  });

  it('fix: deletes it once its hooks succeed', () => {
    const [f] = trigger(R, current);
    const fixed = applyFix(current, f, /^Delete it once its hooks succeed/);
    assert.match(fixed['templates/secret.yaml'], /"helm.sh\/hook-delete-policy": "before-hook-creation,hook-succeeded"/);
    silent(R, fixed);
  });
});

describe('hook-left-after-uninstall: configured severity', () => {
  const chart = chartOf({
    'cm.yaml': object('ConfigMap', 'left-cm', hook('pre-install')),
    'secret.yaml': object('Secret', 'left-secret', hook('pre-install'), 'stringData:\n  k: v\n'),
  });
  const severities = (setting?: 'error' | 'warning' | 'info' | 'hint') =>
    Object.fromEntries(
      only(analyze(chart, undefined, setting ? { rules: { 'hook-left-after-uninstall': setting } } : {}), 'hook-left-after-uninstall').map((f) => [
        f.resource!.kind,
        f.severity,
      ]),
    );

  it('the Secret stays one step above the ConfigMap at every configured level', () => {
    assert.deepEqual(severities(), { ConfigMap: 'info', Secret: 'warning' });
    assert.deepEqual(severities('error'), { ConfigMap: 'error', Secret: 'error' });
    assert.deepEqual(severities('warning'), { ConfigMap: 'warning', Secret: 'error' });
    assert.deepEqual(severities('hint'), { ConfigMap: 'hint', Secret: 'info' });
  });
});
