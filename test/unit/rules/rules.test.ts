// Every rule: a chart that triggers it (at the expected place, with the expected facts), a near miss that stays
// silent, each fix applied and verified, and the real Helm's agreement on which objects are hooks, regular or dropped.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze, annotations, applyFix, assertAgreesWithHelm, chartOf, deployment, hook, job, lineOf, object, only, type Files } from './harness';

function trigger(rule: string, current: Files, baseline?: Files, count = 1) {
  const found = only(analyze(current, baseline), rule);
  assert.equal(found.length, count, `${rule}: ${JSON.stringify(analyze(current, baseline).map((f) => [f.rule, f.message]), null, 1)}`);
  return found;
}

function silent(rule: string, current: Files, baseline?: Files) {
  assert.deepEqual(only(analyze(current, baseline), rule).map((f) => f.message), []);
}

describe('hook-to-regular-ownership-conflict (H2)', () => {
  const R = 'hook-to-regular-ownership-conflict';
  const base = chartOf({ 'cm.yaml': object('ConfigMap', 'shared', hook('pre-install,pre-upgrade')) });
  const current = chartOf({ 'cm.yaml': object('ConfigMap', 'shared') });

  it('fires on the now regular resource, quoting Helm\'s ownership error', () => {
    const [f] = trigger(R, current, base);
    assert.equal(f.severity, 'error');
    assert.equal(f.location.path, 'templates/cm.yaml');
    assert.equal(f.location.range.start.line, lineOf(current['templates/cm.yaml'], 'name: shared'));
    assert.match(f.message, /Unable to continue with update: ConfigMap "shared" in namespace "ns" exists and cannot be imported into the current release: invalid ownership metadata/);
    assert.match(f.message, /must be set to "rel"/);
    assert.match(f.message, /--take-ownership/);
  });

  it('offers the adoption commands', () => {
    const [f] = trigger(R, current, base);
    const plan = (f.fix as { command?: { arguments: string[] } }[])[0];
    assert.match(plan.command!.arguments[0], /^kubectl annotate -n ns configmap\/shared meta\.helm\.sh\/release-name=rel meta\.helm\.sh\/release-namespace=ns --overwrite\nkubectl label -n ns configmap\/shared app\.kubernetes\.io\/managed-by=Helm --overwrite$/);
  });

  it('is silent when hook-succeeded removed the hook object, or under Argo CD', () => {
    silent(R, current, chartOf({ 'cm.yaml': object('ConfigMap', 'shared', hook('pre-install', { 'helm.sh/hook-delete-policy': 'hook-succeeded' })) }));
    const argo = chartOf({ 'cm.yaml': object('ConfigMap', 'shared', annotations({ 'argocd.argoproj.io/sync-wave': '1' })) });
    silent(R, argo, base);
  });
});

describe('hook-deleted-before-use (H3)', () => {
  const R = 'hook-deleted-before-use';
  const current = chartOf({
    'cm.yaml': object('ConfigMap', 'shared', hook('pre-install,pre-upgrade', { 'helm.sh/hook-delete-policy': 'before-hook-creation,hook-succeeded' })),
    'deploy.yaml': deployment('app'),
  });

  it('fires on the delete policy, related to the workload', () => {
    const [f] = trigger(R, current);
    assert.equal(f.severity, 'error');
    assert.equal(f.location.range.start.line, lineOf(current['templates/cm.yaml'], 'hook-delete-policy'));
    assert.match(f.message, /Helm deletes it as soon as the hooks of its event succeed/);
    assert.match(f.message, /Pods of Deployment app will fail to mount volume "v"/);
    assert.equal(f.related[0].path, 'templates/deploy.yaml');
    assertAgreesWithHelm(current);
  });

  it('is silent without hook-succeeded, and for optional references', () => {
    silent(R, { ...current, 'templates/cm.yaml': object('ConfigMap', 'shared', hook('pre-install')) });
    silent(R, { ...current, 'templates/deploy.yaml': deployment('app', 'volumes:\n  - name: v\n    configMap:\n      name: shared\n      optional: true') });
  });

  it('fixes: keep it regular, or drop hook-succeeded', () => {
    const [f] = trigger(R, current);
    silent(R, applyFix(current, f, /^Keep ConfigMap shared a regular resource/));
    const kept = applyFix(current, f, /^Set the delete policy to before-hook-creation/);
    assert.match(kept['templates/cm.yaml'], /"helm.sh\/hook-delete-policy": "before-hook-creation"/);
    silent(R, kept);
  });
});

describe('hook-uses-regular-resource (H4)', () => {
  const R = 'hook-uses-regular-resource';
  const current = chartOf({
    'cm.yaml': object('ConfigMap', 'shared'),
    'job.yaml': job('migrate', hook('pre-install,pre-upgrade', { 'helm.sh/hook-weight': '0' })),
  });

  it('fires on the hook\'s reference', () => {
    const [f] = trigger(R, current);
    assert.equal(f.severity, 'warning');
    assert.equal(f.location.path, 'templates/job.yaml');
    assert.equal(f.location.range.start.line, lineOf(current['templates/job.yaml'], 'name: shared'));
    assert.match(f.message, /on the first helm install it does not exist yet/);
    assert.match(f.message, /previous revision's content/);
    assertAgreesWithHelm(current);
  });

  it('is silent for post-install hooks and regular workloads', () => {
    silent(R, { ...current, 'templates/job.yaml': job('migrate', hook('post-install')) });
    silent(R, { ...current, 'templates/job.yaml': job('migrate', '') });
  });

  it('fix: gives the hook its own copy that runs first', () => {
    const [f] = trigger(R, current);
    const fixed = applyFix(current, f, /^Give Job migrate its own copy \(shared-hook/);
    const all = analyze(fixed);
    assert.deepEqual(only(all, R), []);
    assert.deepEqual(only(all, 'hook-order-dependency'), []);
    assert.match(fixed['templates/cm.yaml'], /---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: shared-hook\n  annotations:\n    "helm.sh\/hook": "pre-install,pre-upgrade"\n    "helm.sh\/hook-weight": "-1"/);
    assertAgreesWithHelm(fixed);
  });
});

describe('pre-install-only-hook-referenced (H5)', () => {
  const R = 'pre-install-only-hook-referenced';
  const current = chartOf({ 'cm.yaml': object('ConfigMap', 'shared', hook('pre-install')), 'deploy.yaml': deployment('app') });

  it('fires on the hook annotation', () => {
    const [f] = trigger(R, current);
    assert.equal(f.location.range.start.line, lineOf(current['templates/cm.yaml'], '"helm.sh/hook"'));
    assert.match(f.message, /upgrades never recreate or update it/);
  });

  it('is silent with pre-upgrade, or under Argo CD (PreSync on every sync)', () => {
    silent(R, { ...current, 'templates/cm.yaml': object('ConfigMap', 'shared', hook('pre-install,pre-upgrade')) });
    silent(R, { ...current, 'templates/cm.yaml': object('ConfigMap', 'shared', hook('pre-install', { 'argocd.argoproj.io/hook': 'PreSync' })) });
  });

  it('fix: adds pre-upgrade', () => {
    const [f] = trigger(R, current);
    const fixed = applyFix(current, f, /^Add pre-upgrade/);
    assert.match(fixed['templates/cm.yaml'], /"helm.sh\/hook": "pre-install,pre-upgrade"/);
    silent(R, fixed);
  });
});

describe('hook-not-restored-on-rollback (H6)', () => {
  const R = 'hook-not-restored-on-rollback';
  const current = chartOf({ 'cm.yaml': object('ConfigMap', 'shared', hook('pre-install,pre-upgrade')), 'deploy.yaml': deployment('app') });

  it('fires as information', () => {
    const [f] = trigger(R, current);
    assert.equal(f.severity, 'info');
    assert.match(f.message, /runs only pre-\/post-rollback hooks/);
  });

  it('is silent when nothing references the hook', () => {
    silent(R, chartOf({ 'cm.yaml': object('ConfigMap', 'shared', hook('pre-install,pre-upgrade')) }));
  });

  it('fix: adds pre-rollback', () => {
    const [f] = trigger(R, current);
    silent(R, applyFix(current, f, /^Add pre-rollback/));
  });
});

describe('hook-left-after-uninstall (H7)', () => {
  const R = 'hook-left-after-uninstall';
  const current = chartOf({ 'secret.yaml': object('Secret', 'creds', hook('pre-install'), 'stringData:\n  p: x\n') });

  it('warns for a Secret, informs for a ConfigMap', () => {
    const [f] = trigger(R, current);
    assert.equal(f.severity, 'warning');
    assert.match(f.message, /with its credentials/);
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
    const fixed = applyFix(current, f, /^Delete Secret creds once its hooks succeed/);
    assert.match(fixed['templates/secret.yaml'], /"helm.sh\/hook-delete-policy": "before-hook-creation,hook-succeeded"/);
    silent(R, fixed);
  });
});

describe('hook-delete-policy-invalid (H8)', () => {
  const R = 'hook-delete-policy-invalid';
  const withPolicy = (p: string) => chartOf({ 'job.yaml': job('j', hook('pre-install', { 'helm.sh/hook-delete-policy': p })) });

  it('errors on an unknown policy, with did-you-mean, and fixes it', () => {
    const current = withPolicy('hook-succeded');
    const [f] = trigger(R, current);
    assert.equal(f.severity, 'error');
    assert.match(f.message, /"hook-succeded": did you mean "hook-succeeded"\?/);
    assert.match(f.message, /default \(before-hook-creation\) no longer applies/);
    silent(R, applyFix(current, f, /^Change the delete policy to before-hook-creation,hook-succeeded/));
  });

  it('errors on an empty value', () => {
    const [f] = trigger(R, withPolicy('hook-succeeded,'));
    assert.match(f.message, /an empty value/);
  });

  it('warns when before-hook-creation is missing, and adds it', () => {
    const current = withPolicy('hook-failed');
    const [f] = trigger(R, current);
    assert.equal(f.severity, 'warning');
    assert.match(f.message, /AlreadyExists/);
    silent(R, applyFix(current, f, /^Add before-hook-creation/));
  });

  it('is silent for valid lists with before-hook-creation, and without the annotation', () => {
    silent(R, withPolicy('before-hook-creation,hook-succeeded'));
    silent(R, chartOf({ 'job.yaml': job('j', hook('pre-install')) }));
  });
});

describe('hook-event-unknown (H9)', () => {
  const R = 'hook-event-unknown';
  const withEvents = (e: string) => chartOf({ 'cm.yaml': object('ConfigMap', 'c', hook(e)) });

  it('errors on a trailing comma, and Helm indeed drops the object', () => {
    const current = withEvents('pre-install,');
    const [f] = trigger(R, current);
    assert.equal(f.location.range.start.line, lineOf(current['templates/cm.yaml'], '"helm.sh/hook"'));
    assert.match(f.message, /Helm drops ConfigMap c entirely/);
    assert.match(f.message, /an empty event/);
    assertAgreesWithHelm(current);
    const fixed = applyFix(current, f, /^Change the hook events to pre-install$/);
    silent(R, fixed);
    assertAgreesWithHelm(fixed);
  });

  it('suggests the event for a typo, and explains crd-install', () => {
    const [f] = trigger(R, withEvents('pre-instal,post-upgrade'));
    assert.match(f.message, /"pre-instal" \(did you mean "pre-install"\?\)/);
    const [g] = trigger(R, withEvents('crd-install'));
    assert.match(g.message, /crd-install is Helm 2/);
  });

  it('is silent for valid events, any case and spacing', () => {
    silent(R, withEvents(' Pre-Install , test-success'));
  });
});

describe('hook-weight-invalid (H10)', () => {
  const R = 'hook-weight-invalid';
  const withWeight = (w: string) => chartOf({ 'job.yaml': job('j', hook('pre-install', { 'helm.sh/hook-weight': w })) });

  it('warns on a weight Helm reads as 0, and fixes it', () => {
    const current = withWeight(' 5');
    const [f] = trigger(R, current);
    assert.match(f.message, /Helm reads the hook weight " 5" of Job j as 0/);
    const fixed = applyFix(current, f, /^Use the weight "5"/);
    silent(R, fixed);
    assert.match(fixed['templates/job.yaml'], /"helm.sh\/hook-weight": "5"/);
  });

  it('is silent for plain integers', () => {
    silent(R, withWeight('-5'));
  });

  it('an unquoted weight is a manifest-invalid error with a quote fix', () => {
    const current = chartOf({ 'job.yaml': job('j', '  annotations:\n    "helm.sh/hook": pre-install\n    "helm.sh/hook-weight": 5\n') });
    const [f] = only(analyze(current), 'manifest-invalid');
    assert.match(f.message, /helm template and helm lint accept it, but helm install and helm upgrade fail/);
    silent('manifest-invalid', applyFix(current, f, /^Quote the value/));
    assertAgreesWithHelm(current);
  });
});

describe('hook-order-dependency (H11)', () => {
  const R = 'hook-order-dependency';
  const current = chartOf({
    'cm.yaml': object('ConfigMap', 'shared', hook('pre-install', { 'helm.sh/hook-weight': '5' })),
    'job.yaml': job('migrate', hook('pre-install', { 'helm.sh/hook-weight': '0' })),
  });

  it('warns on the consumer\'s reference', () => {
    const [f] = trigger(R, current);
    assert.equal(f.location.path, 'templates/job.yaml');
    assert.match(f.message, /Job migrate \(weight 0\) runs before ConfigMap shared \(weight 5\) among the pre-install hooks/);
  });

  it('orders equal weights by name, not kind', () => {
    const byName = chartOf({
      'cm.yaml': object('ConfigMap', 'zz-config', hook('pre-install')),
      'job.yaml': job('aa-job', hook('pre-install'), 'zz-config'),
    });
    trigger(R, byName);
    silent(R, { ...byName, 'templates/job.yaml': job('zz-job', hook('pre-install'), 'zz-config') });
  });

  it('fix: gives the producer a lower weight', () => {
    const [f] = trigger(R, current);
    const fixed = applyFix(current, f, /^Give ConfigMap shared the weight -1/);
    silent(R, fixed);
  });
});

describe('hook-and-regular-duplicate (H12)', () => {
  const R = 'hook-and-regular-duplicate';
  const current = chartOf({ 'cm.yaml': object('ConfigMap', 'x') + '---\n' + object('ConfigMap', 'x', hook('post-install')) });

  it('errors on the hook, related to the regular one', () => {
    const [f] = trigger(R, current);
    assert.match(f.message, /both a hook \(post-install\) and a regular resource/);
    assert.equal(f.related.length, 1);
    assertAgreesWithHelm(current);
  });

  it('is silent for different names or namespaces', () => {
    silent(R, chartOf({ 'cm.yaml': object('ConfigMap', 'x') + '---\n' + object('ConfigMap', 'y', hook('post-install')) }));
  });

  it('fix: renames the hook', () => {
    const [f] = trigger(R, current);
    silent(R, applyFix(current, f, /^Rename the hook to x-hook/));
  });
});

describe('removed-resource-still-referenced (H13)', () => {
  const R = 'removed-resource-still-referenced';
  const base = chartOf({ 'cm.yaml': object('ConfigMap', 'shared'), 'deploy.yaml': deployment('app') });
  const current = chartOf({ 'cm.yaml': object('ConfigMap', 'shared-v2'), 'deploy.yaml': deployment('app') });

  it('errors on the stale reference, naming the likely rename', () => {
    const [f] = trigger(R, current, base);
    assert.equal(f.location.path, 'templates/deploy.yaml');
    assert.match(f.message, /ConfigMap shared was a resource of the release at HEAD and is gone now \(renamed to shared-v2\?\)/);
  });

  it('is silent without a baseline, or when the reference follows', () => {
    silent(R, current);
    silent(R, { ...current, 'templates/deploy.yaml': deployment('app', 'volumes:\n  - name: v\n    configMap:\n      name: shared-v2') }, base);
  });

  it('fix: points the reference at the renamed resource', () => {
    const [f] = trigger(R, current, base);
    silent(R, applyFix(current, f, /^Reference ConfigMap shared-v2 instead/), base);
  });
});

describe('reference-not-in-chart', () => {
  const R = 'reference-not-in-chart';
  it('informs about objects created elsewhere', () => {
    const [f] = trigger(R, chartOf({ 'deploy.yaml': deployment('app', 'volumes:\n  - name: v\n    secret:\n      secretName: external') }));
    assert.equal(f.severity, 'info');
    assert.match(f.message, /references Secret external, which this chart does not define/);
  });

  it('is silent for the default ServiceAccount, optional references and defined objects', () => {
    silent(R, chartOf({ 'deploy.yaml': deployment('app', 'serviceAccountName: default') }));
    silent(R, chartOf({ 'deploy.yaml': deployment('app', 'volumes:\n  - name: v\n    secret:\n      secretName: external\n      optional: true') }));
    silent(R, chartOf({ 'cm.yaml': object('ConfigMap', 'shared'), 'deploy.yaml': deployment('app') }));
  });
});

describe('hook-regenerates-secret (H18)', () => {
  const R = 'hook-regenerates-secret';
  const secret = (events: string, value = '{{ randAlphaNum 16 | b64enc | quote }}') =>
    chartOf({ 'secret.yaml': object('Secret', 'pw', hook(events), `data:\n  password: ${value}\n`) });

  it('warns at the generator call', () => {
    const current = secret('pre-install,pre-upgrade');
    const [f] = trigger(R, current);
    assert.equal(f.location.range.start.line, lineOf(current['templates/secret.yaml'], 'randAlphaNum'));
    assert.match(f.message, /values come from randAlphaNum: every helm upgrade deletes it/);
  });

  it('warns for every function the engine marks random (salts and IVs too)', () => {
    for (const [fn, call] of [['bcrypt', 'bcrypt "pw"'], ['htpasswd', 'htpasswd "u" "pw"'], ['encryptAES', 'encryptAES "k" "pw"'], ['genPrivateKey', 'genPrivateKey "ecdsa"']]) {
      const [f] = trigger(R, secret('pre-upgrade', `{{ ${call} | b64enc | quote }}`));
      assert.match(f.message, new RegExp(`values come from ${fn}:`));
    }
  });

  it('is silent on install-only hooks, with lookup, and for deterministic values', () => {
    silent(R, secret('pre-install'));
    silent(R, secret('pre-install,pre-upgrade', '{{ (lookup "v1" "Secret" "ns" "pw").data.password | default (randAlphaNum 16 | b64enc) | quote }}'));
    silent(R, secret('pre-install,pre-upgrade', '{{ derivePassword 1 "long" "pw" "user" "example.com" | b64enc | quote }}'));
    silent(R, secret('pre-install,pre-upgrade', '{{ now | date "2006" | quote }}'));
  });

  it('fix: generates on install only', () => {
    const current = secret('pre-install,pre-upgrade');
    const [f] = trigger(R, current);
    silent(R, applyFix(current, f, /^Generate Secret pw on install only \(events pre-install\)/));
  });
});

describe('suppressions', () => {
  const current = chartOf({ 'cm.yaml': object('ConfigMap', 'c', hook('pre-install,')) });
  const R = 'hook-event-unknown';

  it('a comment on the line above silences that rule there', () => {
    const [f] = trigger(R, current);
    const fixed = applyFix(current, f, /^Suppress hook-event-unknown on this line/);
    assert.match(fixed['templates/cm.yaml'], /\n    # helm-hook-guard-disable-next-line hook-event-unknown\n    "helm.sh\/hook"/);
    silent(R, fixed);
  });

  it('a file comment silences the rule in the file; other rules stay', () => {
    const [f] = trigger(R, current);
    const fixed = applyFix(current, f, /^Suppress hook-event-unknown in this file/);
    silent(R, fixed);
    const other = { ...fixed, 'templates/cm.yaml': '# helm-hook-guard-disable-file hook-weight-invalid\n' + current['templates/cm.yaml'] };
    trigger(R, other);
  });
});

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
    assert.match(f.message, /Under Argo CD the hook runs as PreSync/);
  });
});
