// The profile (helm4, helm3, flux, argocd; detected or set) and the hook order every consumer takes from the view.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeChart } from '../../../server/src/analysis/analyze';
import { explainHook } from '../../../server/src/analysis/explain';
import { hookLenses } from '../../../server/src/analysis/navigation';
import { buildPlan } from '../../../server/src/analysis/plan';
import { parseApplyMode, parseProfileSetting, serverSideApply, type ApplyMode, type ProfileSetting } from '../../../server/src/analysis/model';
import { analyze, annotations, chartOf, deployment, hook, job, object, only } from '../rules/harness';

describe('Argo CD (H16)', () => {
  it('orders hooks by wave, then kind, then name: the name-order finding of Helm does not apply', () => {
    // Helm: equal weights run by name, so aa-job runs before the ConfigMap it reads. Argo CD: kind first (ConfigMap
    // before Job), so the same chart is fine there.
    const chart = chartOf({
      'cm.yaml': object('ConfigMap', 'zz-config', hook('pre-install')),
      'job.yaml': job('aa-job', hook('pre-install'), 'zz-config'),
    });
    assert.equal(only(analyze(chart), 'hook-order-dependency').length, 1);
    assert.deepEqual(only(analyze(chart, undefined, { deployer: 'argocd' }), 'hook-order-dependency'), []);
  });

  it('is detected from argocd.argoproj.io annotations and explains the PreSync mapping for H1', () => {
    const base = chartOf({ 'cm.yaml': object('ConfigMap', 'shared', annotations({ 'argocd.argoproj.io/sync-wave': '0' })), 'deploy.yaml': deployment('app') });
    const current = chartOf({ 'cm.yaml': object('ConfigMap', 'shared', hook('pre-install,pre-upgrade', { 'argocd.argoproj.io/sync-wave': '0' })), 'deploy.yaml': deployment('app') });
    const [f] = only(analyze(current, base), 'hook-deletes-referenced-resource');
    assert.match(f.message, /^Argo CD will prune ConfigMap shared \(now a hook\)/);
    assert.match(f.detail!, /Argo CD runs it as a PreSync/);
  });
});

describe('one execution order for every consumer', () => {
  // Two weight-0 pre-install hooks: Helm runs aa-job first (by name), Argo CD the ConfigMap first (by kind).
  const files = (argo: boolean) =>
    chartOf({
      'cm.yaml': object('ConfigMap', 'zz-config', hook('pre-install', argo ? { 'argocd.argoproj.io/hook': 'PreSync' } : {})),
      'job.yaml': job('aa-job', hook('pre-install'), 'zz-config'),
    });
  const result = (argo: boolean) => analyzeChart({ chart: { files: new Map(Object.entries(files(argo))) }, render: { releaseName: 'rel', namespace: 'ns' } });
  const lensOf = (argo: boolean, name: string) => hookLenses(result(argo)).find((l) => l.title.includes(` ${name}:`))!.title;
  const planOrder = (argo: boolean) => {
    const step = buildPlan(result(argo), 't').operations.find((o) => o.name === 'install')!.steps[0];
    assert.equal(step.type, 'hooks');
    return step.type === 'hooks' ? step.hooks.map((h) => h.name) : [];
  };

  it('under Argo CD: the rule, the code lens and the plan all put the ConfigMap first', () => {
    assert.equal(result(true).deployer.profile, 'argocd');
    assert.deepEqual(only(result(true).findings, 'hook-order-dependency'), []);
    assert.match(lensOf(true, 'zz-config'), /pre-install 1\/2/);
    assert.match(lensOf(true, 'aa-job'), /pre-install 2\/2/);
    assert.deepEqual(planOrder(true), ['zz-config', 'aa-job']);
    assert.deepEqual(buildPlan(result(true), 't').deployer, { profile: 'argocd', applyMode: 'auto', auto: true, label: 'argocd (auto)' });
  });

  it('under Helm: all three put the Job first, and the rule warns', () => {
    assert.equal(result(false).deployer.profile, 'helm4');
    assert.equal(only(result(false).findings, 'hook-order-dependency').length, 1);
    assert.match(lensOf(false, 'aa-job'), /pre-install 1\/2/);
    assert.deepEqual(planOrder(false), ['aa-job', 'zz-config']);
  });

  it('the hover on the hook states the same position', () => {
    const r = result(true);
    const cm = r.current.hooks.find((h) => h.name === 'zz-config')!;
    assert.match(explainHook(r.current, cm)!, /1st of 2 pre-install hooks \(by sync wave, then kind, then name\)/);
  });
});

describe('profiles', () => {
  const chart = chartOf({ 'cm.yaml': object('ConfigMap', 'c') });
  const run = (deployer?: ProfileSetting, applyMode?: ApplyMode) =>
    analyzeChart({ chart: { files: new Map(Object.entries(chart)) }, render: { releaseName: 'rel', namespace: 'ns' }, deployer, applyMode });

  it('auto is helm4 without Argo CD annotations, and renders with Helm 4', () => {
    const r = run();
    assert.deepEqual(r.deployer, { profile: 'helm4', applyMode: 'auto', helmMajor: 4, auto: true });
    assert.equal(r.render.helmMajor, 4);
  });

  it('helm3 renders with Helm 3; flux and argocd with Helm 4', () => {
    assert.equal(run('helm3').render.helmMajor, 3);
    assert.equal(run('flux').render.helmMajor, 4);
    assert.equal(run('argocd').render.helmMajor, 4);
  });

  it('the old setting "helm" reads as helm4; unknown values are refused', () => {
    assert.equal(parseProfileSetting('helm'), 'helm4');
    assert.equal(parseProfileSetting('flux'), 'flux');
    assert.equal(parseProfileSetting('helm2'), undefined);
    assert.equal(parseApplyMode('server-side'), 'server-side');
    assert.equal(parseApplyMode('ssa'), undefined);
  });

  it('server-side apply: Helm 4 installs with it, upgrades as the release was last deployed', () => {
    assert.equal(serverSideApply(run().deployer, 'install'), 'always');
    assert.equal(serverSideApply(run().deployer, 'upgrade'), 'depends');
    assert.equal(serverSideApply(run('helm4', 'client-side').deployer, 'install'), 'never');
    assert.equal(serverSideApply(run('helm4', 'server-side').deployer, 'upgrade'), 'always');
    assert.equal(serverSideApply(run('helm3', 'server-side').deployer, 'install'), 'never');
    assert.equal(serverSideApply(run('argocd').deployer, 'install'), 'never');
  });

  it('Helm 4 orders webhook configurations last on install and first on uninstall; Helm 3 treats them as unknown kinds', () => {
    const files = chartOf({
      'a.yaml': object('ValidatingWebhookConfiguration', 'v'),
      'b.yaml': object('MutatingWebhookConfiguration', 'm'),
      'c.yaml': object('Alpha', 'w'),
      'd.yaml': object('Service', 's'),
    });
    const plan = (deployer: ProfileSetting) => {
      const r = analyzeChart({ chart: { files: new Map(Object.entries(files)) }, render: { releaseName: 'rel', namespace: 'ns' }, deployer });
      const p = buildPlan(r, 't');
      const names = (op: string, type: string) =>
        p.operations.find((o) => o.name === op)!.steps.flatMap((s) => (s.type === type ? (s.type === 'apply' ? s.creates : s.type === 'delete' ? s.deletes : []) : [])).map((o) => o.kind);
      return { install: names('install', 'apply'), uninstall: names('uninstall', 'delete') };
    };
    // Unknown kinds come last, alphabetically: in Helm 3 the webhook kinds are unknown too, so Alpha goes first.
    assert.deepEqual(plan('helm4').install, ['Service', 'MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration', 'Alpha']);
    assert.deepEqual(plan('helm4').uninstall, ['ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration', 'Service', 'Alpha']);
    assert.deepEqual(plan('helm3').install, ['Service', 'Alpha', 'MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration']);
    assert.deepEqual(plan('helm3').uninstall, ['Service', 'Alpha', 'MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration']);
  });
});
