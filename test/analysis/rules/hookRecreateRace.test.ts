// hook-recreate-race: before-hook-creation on a Pod or an object with finalizers under Helm 4's --wait=hookOnly, which
// does not wait for the delete. Helm 3 and Flux wait (near misses), and a Job or a plain ConfigMap goes at once.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { check, chartOf, helmDocuments, hook, job, object, silent } from './harness';

const POD = `apiVersion: v1\nkind: Pod\nmetadata:\n  name: smoke\n  annotations:\n    "helm.sh/hook": post-install,post-upgrade\n    ⟦"helm.sh/hook-delete-policy": before-hook-creation⟧\nspec:\n  restartPolicy: Never\n  containers:\n    - name: c\n      image: busybox\n`;

describe('hook-recreate-race (H20)', () => {
  const R = 'hook-recreate-race';

  it('notes a hook Pod under Helm 4', () => {
    const [f] = check(R, `--- templates/pod.yaml\n${POD}`, { severity: 'info', message: /^Helm 4 re-creates hook Pod smoke without waiting for the old one to go$/ });
    assert.match(f.detail!, /--wait=hookOnly Helm does not wait for the deletion/);
  });

  it('notes an object with finalizers, with the default policy', () => {
    check(R, `--- templates/cr.yaml\napiVersion: example.com/v1\nkind: Backup\nmetadata:\n  name: b\n  annotations:\n    "helm.sh/hook": pre-upgrade\n  ⟦finalizers⟧:\n    - example.com/cleanup\nspec: {}\n`);
  });

  it('is silent under Helm 3 and Flux (they wait), for Jobs, and without before-hook-creation', () => {
    const pod = chartOf({ 'pod.yaml': POD.replace(/[⟦⟧]/g, '') });
    silent(R, pod, undefined, { deployer: 'helm3' });
    silent(R, pod, undefined, { deployer: 'flux' });
    silent(R, pod, undefined, { deployer: 'argocd' });
    silent(R, chartOf({ 'job.yaml': job('j', hook('pre-install')) }));
    silent(R, chartOf({ 'cm.yaml': object('ConfigMap', 'c', hook('pre-install')) }));
    silent(R, chartOf({ 'pod.yaml': POD.replace(/[⟦⟧]/g, '').replace('before-hook-creation', 'hook-succeeded') }));
    // helm test waits for deletions: the usual test Pod is fine.
    silent(R, chartOf({ 'pod.yaml': POD.replace(/[⟦⟧]/g, '').replace('post-install,post-upgrade', 'test') }));
  });

  it('Helm 4 renders the Pod hook with its delete policy', () => {
    const [doc] = helmDocuments(chartOf({ 'pod.yaml': POD.replace(/[⟦⟧]/g, '') }), 4);
    assert.match(doc, /^kind: Pod$/m);
    assert.match(doc, /"helm.sh\/hook-delete-policy": before-hook-creation/);
  });
});
