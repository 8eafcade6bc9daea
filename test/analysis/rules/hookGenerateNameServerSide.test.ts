// hook-generate-name-server-side: a generateName hook under Helm 4's server-side apply; Helm 3 and client-side apply
// create it with POST (near misses); Helm 4's own `helm template` shows the hook with generateName and no name.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyFix, check, chartOf, helmDocuments, hook, silent, trigger } from './harness';

const JOB = (events: string) =>
  `apiVersion: batch/v1\nkind: Job\nmetadata:\n  ⟦generateName: migrate-⟧\n${hook(events)}spec:\n  template:\n    spec:\n      restartPolicy: Never\n      containers:\n        - name: c\n          image: busybox\n`;

describe('hook-generate-name-server-side (H17)', () => {
  const R = 'hook-generate-name-server-side';

  it('errors under Helm 4 on an install hook (server-side apply for every new install)', () => {
    const [f] = check(R, `--- templates/job.yaml\n${JOB('pre-install')}`, { message: /^Helm 4 cannot apply hook Job "migrate-…": generateName under server-side apply$/, severity: 'error' });
    assert.match(f.detail!, /PATCHes the object by name/);
    check(R, `--- templates/job.yaml\n${JOB('pre-install')}`, { deployer: 'flux' });
  });

  it('is milder on upgrade hooks, where it depends on the release\'s last apply method', () => {
    check(R, `--- templates/job.yaml\n${JOB('pre-upgrade')}`, { message: /fails if the release uses server-side apply$/, severity: 'warning' });
    check(R, `--- templates/job.yaml\n${JOB('pre-upgrade')}`, { applyMode: 'server-side', severity: 'error' });
  });

  it('is silent under Helm 3, Argo CD and client-side apply, and for a named hook', () => {
    const files = chartOf({ 'job.yaml': JOB('pre-install').replace(/[⟦⟧]/g, '') });
    silent(R, files, undefined, { deployer: 'helm3' });
    silent(R, files, undefined, { deployer: 'argocd' });
    silent(R, files, undefined, { applyMode: 'client-side' });
    // Flux with install.disableHooks never applies the pre-install hook.
    silent(R, files, undefined, { deployer: 'flux', flux: { install: { disableHooks: true } } });
    // Nor when the HelmRelease installs client-side (spec.install.serverSideApply: false).
    silent(R, files, undefined, { deployer: 'flux', flux: { install: { serverSideApply: false } } });
    silent(R, chartOf({ 'job.yaml': JOB('pre-install').replace(/⟦generateName: migrate-⟧/, 'name: migrate') }));
  });

  it('Helm 4 renders the hook with generateName and no name', () => {
    const files = chartOf({ 'job.yaml': JOB('pre-install').replace(/[⟦⟧]/g, '') });
    const [doc] = helmDocuments(files, 4);
    assert.match(doc, /^  generateName: migrate-$/m);
    assert.doesNotMatch(doc, /^  name:/m);
    assert.match(doc, /"helm.sh\/hook": "pre-install"/);
  });

  it('fixes: a name per revision', () => {
    const files = chartOf({ 'job.yaml': JOB('pre-install').replace(/[⟦⟧]/g, '') });
    const [f] = trigger(R, files);
    const fixed = applyFix(files, f, /^Name it per revision/);
    assert.match(fixed['templates/job.yaml'], /^  name: migrate-\{\{ \.Release\.Revision \}\}$/m);
    silent(R, fixed);
  });
});
