// hook-delete-policy-invalid: a chart that triggers it (at the expected place, with the expected facts), a near miss
// that stays silent, each fix applied and verified, and the real Helm's view of which objects are hooks.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyFix, chartOf, hook, job, silent, trigger } from './harness';

describe('hook-delete-policy-invalid (H8)', () => {
  const R = 'hook-delete-policy-invalid';
  const withPolicy = (p: string) => chartOf({ 'job.yaml': job('j', hook('pre-install', { 'helm.sh/hook-delete-policy': p })) });

  it('errors on an unknown policy, with did-you-mean, and fixes it', () => {
    const current = withPolicy('hook-succeded');
    const [f] = trigger(R, current);
    assert.equal(f.severity, 'error');
    assert.match(f.detail!, /"hook-succeded": did you mean "hook-succeeded"\?/);
    assert.match(f.detail!, /default \(before-hook-creation\) no longer applies/);
    silent(R, applyFix(current, f, /^Change the delete policy to before-hook-creation,hook-succeeded/));
  });

  it('errors on an empty value', () => {
    const [f] = trigger(R, withPolicy('hook-succeeded,'));
    assert.match(f.detail!, /an empty value/);
  });

  it('warns when before-hook-creation is missing, and adds it', () => {
    const current = withPolicy('hook-failed');
    const [f] = trigger(R, current);
    assert.equal(f.severity, 'warning');
    assert.match(f.detail!, /AlreadyExists/);
    silent(R, applyFix(current, f, /^Add before-hook-creation/));
  });

  it('is silent for valid lists with before-hook-creation, and without the annotation', () => {
    silent(R, withPolicy('before-hook-creation,hook-succeeded'));
    silent(R, chartOf({ 'job.yaml': job('j', hook('pre-install')) }));
  });
});
