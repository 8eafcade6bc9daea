// hook-to-regular-ownership-conflict: a chart that triggers it (at the expected place, with the expected facts), a near miss
// that stays silent, each fix applied and verified, and the real Helm's view of which objects are hooks.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { annotations, chartOf, hook, lineOf, object, silent, trigger } from './harness';

describe('hook-to-regular-ownership-conflict (H2)', () => {
  const R = 'hook-to-regular-ownership-conflict';
  const base = chartOf({ 'cm.yaml': object('ConfigMap', 'shared', hook('pre-install,pre-upgrade')) });
  const current = chartOf({ 'cm.yaml': object('ConfigMap', 'shared') });

  it('fires on the now regular resource, quoting Helm\'s ownership error', () => {
    const [f] = trigger(R, current, base);
    assert.equal(f.severity, 'error');
    assert.equal(f.location.path, 'templates/cm.yaml');
    assert.equal(f.location.range.start.line, lineOf(current['templates/cm.yaml'], 'name: shared'));
    assert.match(f.detail!, /Unable to continue with update: ConfigMap "shared" in namespace "ns" exists and cannot be imported into the current release: invalid ownership metadata/);
    assert.match(f.detail!, /must be set to "rel"/);
    assert.match(f.detail!, /--take-ownership/);
  });

  it('offers the adoption commands', () => {
    const [f] = trigger(R, current, base);
    const plan = f.fix[0];
    assert.equal(plan.edits.length, 0);
    assert.match(plan.text!.label, /kubectl commands that let release rel adopt ConfigMap shared/);
    assert.match(plan.text!.text, /^kubectl annotate -n ns configmap\/shared meta\.helm\.sh\/release-name=rel meta\.helm\.sh\/release-namespace=ns --overwrite\nkubectl label -n ns configmap\/shared app\.kubernetes\.io\/managed-by=Helm --overwrite$/);
  });

  it('is silent when hook-succeeded removed the hook object, or under Argo CD', () => {
    silent(R, current, chartOf({ 'cm.yaml': object('ConfigMap', 'shared', hook('pre-install', { 'helm.sh/hook-delete-policy': 'hook-succeeded' })) }));
    const argo = chartOf({ 'cm.yaml': object('ConfigMap', 'shared', annotations({ 'argocd.argoproj.io/sync-wave': '1' })) });
    silent(R, argo, base);
  });

  it('under Flux: silent while it takes ownership (its default); fires with upgrade.disableTakeOwnership', () => {
    silent(R, current, base, { deployer: 'flux' });
    const [f] = trigger(R, current, base, 1, { deployer: 'flux', flux: { upgrade: { disableTakeOwnership: true } } });
    assert.equal(f.severity, 'error');
    assert.match(f.detail!, /sets upgrade\.disableTakeOwnership, so Flux's upgrade fails the same way; then Flux does not remediate/);
    // A hook that never ran (install and upgrade hooks disabled) left no object behind that way: one step milder.
    const off = trigger(R, current, base, 1, { deployer: 'flux', flux: { install: { disableHooks: true }, upgrade: { disableHooks: true, disableTakeOwnership: true } } });
    assert.equal(off[0].severity, 'warning');
  });
});
