// The flux profile's HelmRelease settings: Flux's defaults (helm-controller api/v2/helmrelease_types.go), what it does
// on a failed install or upgrade (internal/reconcile/atomic_release.go), and how disableHooks changes the findings.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeChart } from '../../../server/src/analysis/analyze';
import { explainHook } from '../../../server/src/analysis/explain';
import { buildPlan } from '../../../server/src/analysis/plan';
import { fluxOnFailure, fluxRemediation, fluxSettings, hookEventRuns, makeDeployer, serverSideApply, type FluxConfig } from '../../../server/src/analysis/model';
import { analyze, chartOf, deployment, hook, job, object, only, silent, trigger } from '../rules/harness';

const flux = (c: FluxConfig = {}) => makeDeployer('flux', 'auto', false, c);

describe('Flux settings', () => {
  it("defaults as helm-controller's: hooks on, RemediateOnFailure, 0 retries, upgrade remediation rollback", () => {
    const s = fluxSettings();
    assert.deepEqual(s.install, { disableHooks: false, disableTakeOwnership: false, strategy: 'RemediateOnFailure', retries: 0, remediateLastFailure: false, serverSideApply: true });
    assert.deepEqual(s.upgrade, { disableHooks: false, disableTakeOwnership: false, strategy: 'RemediateOnFailure', retries: 0, remediateLastFailure: false, remediationStrategy: 'rollback', serverSideApply: 'auto' });
    assert.deepEqual(s.rollback, { disableHooks: false, serverSideApply: 'auto' });
    // Upgrade: remediateLastFailure defaults to retries > 0; install: false whatever the retries.
    assert.equal(fluxSettings({ upgrade: { remediation: { retries: 3 } } }).upgrade.remediateLastFailure, true);
    assert.equal(fluxSettings({ install: { remediation: { retries: 3 } } }).install.remediateLastFailure, false);
    assert.equal(makeDeployer('helm4').flux, undefined);
  });

  it('says what Flux does when an upgrade fails, per remediation', () => {
    assert.equal(fluxRemediation(flux(), 'upgrade'), 'none');
    assert.match(fluxOnFailure(flux(), 'upgrade')!, /does not remediate \(upgrade\.remediation\.retries is 0\)/);
    const rb = flux({ upgrade: { remediation: { retries: 2 } } });
    assert.equal(fluxRemediation(rb, 'upgrade'), 'rollback');
    assert.match(fluxOnFailure(rb, 'upgrade')!, /rolls back to the last successful release \(running its pre-rollback and post-rollback hooks\) and retries the upgrade, 2 times, remediating after the last failure too/);
    const quiet = flux({ upgrade: { remediation: { retries: 1 } }, rollback: { disableHooks: true } });
    assert.match(fluxOnFailure(quiet, 'upgrade')!, /no rollback hooks: rollback\.disableHooks/);
    const un = flux({ upgrade: { remediation: { retries: -1, strategy: 'uninstall' } } });
    assert.equal(fluxRemediation(un, 'upgrade'), 'uninstall');
    assert.match(fluxOnFailure(un, 'upgrade')!, /uninstalls the release \(running its pre-delete and post-delete hooks\) and installs it again and retries the upgrade, without limit/);
    assert.match(fluxOnFailure(flux({ upgrade: { remediation: { remediateLastFailure: true } } }), 'upgrade')!, /rolls back .* and does not retry/);
    const retry = flux({ install: { strategy: { name: 'RetryOnFailure' } } });
    assert.equal(fluxRemediation(retry, 'install'), 'retry');
    assert.match(fluxOnFailure(retry, 'install')!, /retries it as a helm upgrade .* pre-upgrade hooks, not pre-install ones/);
    assert.match(fluxOnFailure(flux({ install: { remediation: { retries: 1 } } }), 'install')!, /uninstalls the failed release .* and installs again, 1 time; after the last failure/);
    assert.equal(fluxOnFailure(makeDeployer('helm4'), 'upgrade'), undefined);
  });

  it("serverSideApply per action, as the HelmRelease says, unless the apply mode is pinned", () => {
    assert.deepEqual((['install', 'upgrade', 'rollback'] as const).map((op) => serverSideApply(flux(), op)), ['always', 'depends', 'depends']);
    const d = flux({ install: { serverSideApply: false }, upgrade: { serverSideApply: 'enabled' }, rollback: { serverSideApply: 'disabled' } });
    assert.deepEqual((['install', 'upgrade', 'rollback', 'uninstall'] as const).map((op) => serverSideApply(d, op)), ['never', 'always', 'never', 'always']);
    assert.equal(serverSideApply(makeDeployer('flux', 'server-side', false, { install: { serverSideApply: false } }), 'install'), 'always');
  });

  it('disableHooks stops the hooks of that action only', () => {
    const d = flux({ upgrade: { disableHooks: true } });
    assert.equal(hookEventRuns(d, 'pre-upgrade'), false);
    assert.equal(hookEventRuns(d, 'post-upgrade'), false);
    assert.equal(hookEventRuns(d, 'pre-install'), true);
    assert.equal(hookEventRuns(d, 'pre-rollback'), true);
    assert.equal(hookEventRuns(makeDeployer('helm4'), 'pre-upgrade'), true);
  });
});

describe('Flux disableHooks in the findings', () => {
  const NO_HOOKS: FluxConfig = { install: { disableHooks: true }, upgrade: { disableHooks: true } };
  const asFlux = (c: FluxConfig) => ({ deployer: 'flux' as const, flux: c });
  // A ConfigMap the Deployment mounts, made a hook that hook-succeeded deletes.
  const chart = chartOf({
    'cm.yaml': object('ConfigMap', 'shared', hook('pre-install,pre-upgrade', { 'helm.sh/hook-delete-policy': 'hook-succeeded' })),
    'deploy.yaml': deployment('app'),
  });

  it('a hook that never runs is never created, not deleted before use', () => {
    assert.equal(only(analyze(chart, undefined, { deployer: 'flux' }), 'hook-deleted-before-use').length, 1);
    silent('hook-deleted-before-use', chart, undefined, asFlux(NO_HOOKS));
    const [f] = trigger('reference-not-in-chart', chart, undefined, 1, asFlux(NO_HOOKS));
    assert.equal(f.severity, 'error');
    assert.equal(f.message, 'ConfigMap shared is never created: a hook, and Flux disables hooks (install, upgrade)');
    assert.match(f.detail!, /sets install\.disableHooks, upgrade\.disableHooks, so Helm applies no hook/);
    assert.equal(f.related.length, 1);
  });

  it('near misses: hooks of one action still run, or the profile is not flux', () => {
    silent('reference-not-in-chart', chart, undefined, asFlux({ upgrade: { disableHooks: true } }));
    silent('reference-not-in-chart', chart, undefined, { deployer: 'flux' });
    silent('reference-not-in-chart', chart, undefined, { deployer: 'helm4', flux: NO_HOOKS });
  });

  it('H1 under upgrade.disableHooks: deleted and never recreated, keep does not help; remediation as configured', () => {
    const base = chartOf({ 'cm.yaml': object('ConfigMap', 'shared'), 'deploy.yaml': deployment('app') });
    const cur = chartOf({ 'cm.yaml': object('ConfigMap', 'shared', hook('pre-install,pre-upgrade', { 'helm.sh/resource-policy': 'keep' })), 'deploy.yaml': deployment('app') });
    const H1 = 'hook-deletes-referenced-resource';
    assert.equal(trigger(H1, cur, base, 1, { deployer: 'flux' })[0].severity, 'info');
    const [f] = trigger(H1, cur, base, 1, asFlux({ upgrade: { disableHooks: true, remediation: { retries: 2 } } }));
    assert.equal(f.severity, 'error');
    assert.match(f.message, /^Flux's upgrade deletes ConfigMap shared \(now a hook, hooks disabled\)/);
    assert.match(f.detail!, /upgrade\.disableHooks: Flux's upgrade applies no hook, and Helm deletes ConfigMap shared/);
    assert.match(f.detail!, /Flux rolls back to the last successful release .* The rollback recreates ConfigMap shared as a regular resource/);
    // Flux's defaults: no remediation, so no rollback is promised.
    const plain = chartOf({ 'cm.yaml': object('ConfigMap', 'shared', hook('pre-install,pre-upgrade')), 'deploy.yaml': deployment('app') });
    const [d] = trigger(H1, plain, base, 1, { deployer: 'flux' });
    assert.match(d.detail!, /so the upgrade fails: Flux does not remediate \(upgrade\.remediation\.retries is 0\)/);
    assert.doesNotMatch(d.detail!, /rollback recreates/);
  });

  it('H5 under upgrade.disableHooks: a pre-install,pre-upgrade hook is install-only; under install.disableHooks it is silent', () => {
    const c = chartOf({ 'cm.yaml': object('ConfigMap', 'shared', hook('pre-install,pre-upgrade')), 'deploy.yaml': deployment('app') });
    const H5 = 'pre-install-only-hook-referenced';
    silent(H5, c, undefined, { deployer: 'flux' });
    const [f] = trigger(H5, c, undefined, 1, asFlux({ upgrade: { disableHooks: true } }));
    assert.equal(f.message, "Flux's upgrades never update ConfigMap shared (upgrade.disableHooks)");
    assert.ok(!f.fix.some((x) => /pre-upgrade/.test(x.title)));
    silent(H5, c, undefined, asFlux(NO_HOOKS));
  });

  it('H6 under rollback.disableHooks fires with pre-rollback too; automatic rollbacks are said', () => {
    const c = chartOf({ 'cm.yaml': object('ConfigMap', 'shared', hook('pre-install,pre-upgrade,pre-rollback')), 'deploy.yaml': deployment('app') });
    const H6 = 'hook-not-restored-on-rollback';
    silent(H6, c, undefined, { deployer: 'flux' });
    const [f] = trigger(H6, c, undefined, 1, asFlux({ rollback: { disableHooks: true }, upgrade: { remediation: { retries: 1 } } }));
    assert.equal(f.message, "Flux's rollback does not restore ConfigMap shared (rollback.disableHooks)");
    assert.match(f.detail!, /Flux rolls back by itself when an upgrade fails/);
  });

  it('rules about what a hook does are silent when it never runs', () => {
    const order = chartOf({ 'cm.yaml': object('ConfigMap', 'zz-config', hook('pre-install')), 'job.yaml': job('aa-job', hook('pre-install'), 'zz-config') });
    assert.equal(only(analyze(order, undefined, { deployer: 'flux' }), 'hook-order-dependency').length, 1);
    silent('hook-order-dependency', order, undefined, asFlux({ install: { disableHooks: true } }));
    const twin = chartOf({ 'cm.yaml': object('ConfigMap', 'x', hook('pre-install,pre-upgrade')), 'cm2.yaml': object('ConfigMap', 'x') });
    assert.equal(only(analyze(twin, undefined, { deployer: 'flux' }), 'hook-and-regular-duplicate').length, 1);
    silent('hook-and-regular-duplicate', twin, undefined, asFlux(NO_HOOKS));
    const left = chartOf({ 'cm.yaml': object('ConfigMap', 'x', hook('pre-install,pre-upgrade')) });
    assert.equal(only(analyze(left, undefined, { deployer: 'flux' }), 'hook-left-after-uninstall').length, 1);
    silent('hook-left-after-uninstall', left, undefined, asFlux(NO_HOOKS));
    const bad = chartOf({ 'cm.yaml': object('ConfigMap', 'x', hook('pre-upgrade', { 'helm.sh/hook-delete-policy': 'hook-sucess' })) });
    assert.equal(only(analyze(bad, undefined, { deployer: 'flux' }), 'hook-delete-policy-invalid').length, 1);
    silent('hook-delete-policy-invalid', bad, undefined, asFlux({ upgrade: { disableHooks: true } }));
  });
});

describe('Flux disableHooks in the plan and the hover', () => {
  const files = chartOf({ 'cm.yaml': object('ConfigMap', 'shared', hook('pre-install,pre-upgrade')), 'deploy.yaml': deployment('app') });
  const run = (flux?: FluxConfig) => analyzeChart({ chart: { files: new Map(Object.entries(files)) }, render: { releaseName: 'rel', namespace: 'ns' }, deployer: 'flux', flux });

  it('the plan runs no hooks of a disabled action and says why; the label names it', () => {
    const plan = buildPlan(run({ install: { disableHooks: true } }), 't');
    const install = plan.operations.find((o) => o.name === 'install')!;
    const pre = install.steps.find((s) => s.type === 'hooks')!;
    assert.equal(pre.title, 'pre-install hooks: none run (install.disableHooks)');
    assert.deepEqual(pre.type === 'hooks' && pre.hooks, []);
    assert.equal(plan.deployer.label, 'flux, no install hooks');
    const hooks = buildPlan(run(), 't').operations.find((o) => o.name === 'install')!.steps.find((s) => s.type === 'hooks')!;
    assert.equal(hooks.type === 'hooks' && hooks.hooks.length, 1);
  });

  it('the hover says which events never run', () => {
    const r = run({ upgrade: { disableHooks: true } });
    const cm = r.current.hooks.find((h) => h.name === 'shared')!;
    const text = explainHook(r.current, cm)!;
    assert.match(text, /\*\*pre-install\*\* runs/);
    assert.match(text, /\*\*pre-upgrade\*\* never runs: the HelmRelease sets `upgrade\.disableHooks`/);
  });
});
