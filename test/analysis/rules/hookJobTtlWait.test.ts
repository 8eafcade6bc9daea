// hook-job-ttl-wait: a hook Job with ttlSecondsAfterFinished under Helm 4's kstatus wait (helm/helm#32586); Helm 3
// ended the wait on deletion (near miss), and so does a Job without a TTL.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyFix, check, chartOf, helmDocuments, hook, silent, trigger } from './harness';

const JOB = (ttl: string, ann = hook('post-install,post-upgrade', { 'helm.sh/hook-delete-policy': 'before-hook-creation,hook-succeeded' })) =>
  `apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: patch\n${ann}spec:\n  ${ttl}\n  template:\n    spec:\n      restartPolicy: Never\n      containers:\n        - name: c\n          image: busybox\n`;

describe('hook-job-ttl-wait (H18)', () => {
  const R = 'hook-job-ttl-wait';

  it('warns under Helm 4 and Flux when the TTL is 0 (ingress-nginx\'s admission patch Jobs)', () => {
    const [f] = check(R, `--- templates/job.yaml\n${JOB('⟦ttlSecondsAfterFinished: 0⟧')}`, { message: /^Helm 4 may wait until the timeout for hook Job patch/, severity: 'warning' });
    assert.match(f.detail!, /reads NotFound, never Current/);
    assert.match(f.detail!, /helm\/helm#32586/);
    check(R, `--- templates/job.yaml\n${JOB('⟦ttlSecondsAfterFinished: 0⟧')}`, { deployer: 'flux', message: /^Flux \(Helm 4\) may wait/ });
  });

  it('is one step milder for a longer TTL', () => {
    check(R, `--- templates/job.yaml\n${JOB('⟦ttlSecondsAfterFinished: 60⟧')}`, { severity: 'info' });
  });

  it('is silent under Helm 3, without a TTL, and for a Job that is not a hook', () => {
    silent(R, chartOf({ 'job.yaml': JOB('ttlSecondsAfterFinished: 0') }), undefined, { deployer: 'helm3' });
    silent(R, chartOf({ 'job.yaml': JOB('ttlSecondsAfterFinished: 0') }), undefined, { deployer: 'argocd' });
    // A HelmRelease that disables the hooks of every action the Job belongs to never creates it.
    silent(R, chartOf({ 'job.yaml': JOB('ttlSecondsAfterFinished: 0') }), undefined, { deployer: 'flux', flux: { install: { disableHooks: true }, upgrade: { disableHooks: true } } });
    trigger(R, chartOf({ 'job.yaml': JOB('ttlSecondsAfterFinished: 0') }), undefined, 1, { deployer: 'flux', flux: { upgrade: { disableHooks: true } } });
    silent(R, chartOf({ 'job.yaml': JOB('parallelism: 1') }));
    silent(R, chartOf({ 'job.yaml': JOB('ttlSecondsAfterFinished: 0', '') }));
  });

  it('Helm 4 renders the hook Job with the TTL the rule reads', () => {
    const [doc] = helmDocuments(chartOf({ 'job.yaml': JOB('ttlSecondsAfterFinished: {{ .Values.ttl }}') }, 'ttl: 0\n'), 4);
    assert.match(doc, /^  ttlSecondsAfterFinished: 0$/m);
    assert.match(doc, /"helm.sh\/hook": "post-install,post-upgrade"/);
    trigger(R, chartOf({ 'job.yaml': JOB('ttlSecondsAfterFinished: {{ .Values.ttl }}') }, 'ttl: 0\n'));
  });

  it('fixes: remove the TTL, the delete policy cleans up', () => {
    const files = chartOf({ 'job.yaml': JOB('ttlSecondsAfterFinished: 0') });
    const [f] = trigger(R, files);
    const fixed = applyFix(files, f, /^Remove ttlSecondsAfterFinished/);
    assert.doesNotMatch(fixed['templates/job.yaml'], /ttlSecondsAfterFinished/);
    silent(R, fixed);
    assert.ok(f.fix.some((x) => x.text?.text.includes('--wait=legacy')));
  });
});
