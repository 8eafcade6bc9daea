// hook-delete-policy-invalid: a chart that triggers it (at the expected place, with the expected facts), a near miss
// that stays silent, each fix applied and verified, and the real Helm's view of which objects are hooks.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyFix, assertAgreesWithHelm, chartOf, hook, job, object, silent, trigger } from './harness';

describe('hook-delete-policy-invalid (H8)', () => {
  const R = 'hook-delete-policy-invalid';
  const withPolicy = (p: string) => chartOf({ 'job.yaml': job('j', hook('pre-install', { 'helm.sh/hook-delete-policy': p })) });

  it('errors on an unknown policy, with did-you-mean, and fixes it', () => {
    const current = withPolicy('hook-succeded');
    const [f] = trigger(R, current);
    assert.equal(f.severity, 'error');
    assert.match(f.detail!, /"hook-succeded": did you mean "hook-succeeded"\?/);
    assert.match(f.detail!, /default \(before-hook-creation\) no longer applies/);
    silent(R, applyFix(current, f, /^Set delete policy to before-hook-creation,hook-succeeded/));
  });

  it('errors on an empty value', () => {
    const [f] = trigger(R, withPolicy('hook-succeeded,'));
    assert.match(f.detail!, /an empty value/);
  });

  it('warns when before-hook-creation is missing, and adds it (Helm 3: AlreadyExists)', () => {
    const current = withPolicy('hook-failed');
    const [f] = trigger(R, current, undefined, 1, { deployer: 'helm3' });
    assert.equal(f.severity, 'warning');
    assert.match(f.message, /The next run of hook Job j fails with AlreadyExists/);
    silent(R, applyFix(current, f, /^Add before-hook-creation/), undefined, { deployer: 'helm3' });
    assertAgreesWithHelm(current);
  });

  it('Helm 4 under server-side apply: a surviving Job is patched, so it is skipped or fails', () => {
    const current = withPolicy('hook-failed');
    const [f] = trigger(R, current);
    assert.match(f.message, /is skipped or fails \(Helm 4, server-side apply\)/);
    assert.match(f.detail!, /does not run again; changed, the patch fails with "field is immutable"/);
    assert.match(trigger(R, current, undefined, 1, { applyMode: 'client-side' })[0].message, /fails with AlreadyExists/);
    assertAgreesWithHelm(current, 4);
  });

  it('Helm 4 on upgrade: depends on how the release was last applied', () => {
    const upgrade = chartOf({ 'job.yaml': job('j', hook('pre-upgrade', { 'helm.sh/hook-delete-policy': 'hook-failed' })) });
    const [f] = trigger(R, upgrade);
    assert.match(f.message, /fails or is skipped \(as the release was last applied\)/);
    assert.match(f.detail!, /installed by Helm 3 or with --server-side=false/);
  });

  it('Helm 4 under server-side apply: a surviving ConfigMap is updated in place (near miss)', () => {
    const cm = chartOf({ 'cm.yaml': object('ConfigMap', 'c', hook('pre-install', { 'helm.sh/hook-delete-policy': 'hook-failed' })) });
    silent(R, cm);
    trigger(R, cm, undefined, 1, { deployer: 'helm3' });
    trigger(R, cm, undefined, 1, { deployer: 'helm4', applyMode: 'client-side' });
  });

  it('is silent for valid lists with before-hook-creation, and without the annotation', () => {
    silent(R, withPolicy('before-hook-creation,hook-succeeded'));
    silent(R, chartOf({ 'job.yaml': job('j', hook('pre-install')) }));
  });
});
