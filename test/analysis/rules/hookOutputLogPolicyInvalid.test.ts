// hook-output-log-policy-invalid: Helm 4's helm.sh/hook-output-log-policy with values Helm ignores (did-you-mean), or
// on a kind Helm prints no logs for; Helm 3.17 does not read the annotation (near miss).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyFix, check, chartOf, helmDocuments, hook, job, object, silent, trigger } from './harness';

describe('hook-output-log-policy-invalid (H19)', () => {
  const R = 'hook-output-log-policy-invalid';
  const withPolicy = (p: string) => chartOf({ 'job.yaml': job('j', hook('pre-install', { 'helm.sh/hook-output-log-policy': p })) });

  it('warns on an unknown value with did-you-mean, and fixes it', () => {
    const current = withPolicy('hook-failure');
    const [f] = trigger(R, current);
    assert.equal(f.severity, 'warning');
    assert.equal(f.message, 'Unknown output log policy "hook-failure" on Job j (did you mean "hook-failed"?)');
    const fixed = applyFix(current, f, /^Set the log policy to hook-failed/);
    silent(R, fixed);
  });

  it('marks the annotation, under Flux too', () => {
    check(R, `--- templates/job.yaml\napiVersion: batch/v1\nkind: Job\nmetadata:\n  name: j\n  annotations:\n    "helm.sh/hook": pre-install\n    ⟦"helm.sh/hook-output-log-policy": "hook-succeeded,"⟧\n`, { deployer: 'flux', message: /^Empty output log policy on Job j/ });
  });

  it('is milder on a kind without logs', () => {
    const [f] = trigger(R, chartOf({ 'cm.yaml': object('ConfigMap', 'c', hook('pre-install', { 'helm.sh/hook-output-log-policy': 'hook-failed' })) }));
    assert.equal(f.severity, 'info');
    assert.match(f.message, /only Jobs and Pods have them/);
  });

  it('is silent for valid values, under Helm 3 and Argo CD, and on regular resources', () => {
    silent(R, withPolicy('hook-succeeded, HOOK-FAILED'));
    silent(R, withPolicy('hook-failure'), undefined, { deployer: 'helm3' });
    silent(R, withPolicy('hook-failure'), undefined, { deployer: 'argocd' });
    silent(R, chartOf({ 'job.yaml': job('j', '  annotations:\n    "helm.sh/hook-output-log-policy": "x"\n') }));
  });

  it('Helm 4 keeps the annotation on the hook as written (it is never validated)', () => {
    const [doc] = helmDocuments(withPolicy('hook-failure'), 4);
    assert.match(doc, /"helm.sh\/hook-output-log-policy": "hook-failure"/);
    assert.match(doc, /"helm.sh\/hook": "pre-install"/);
  });
});
