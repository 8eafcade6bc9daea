import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeChart } from '../../../server/src/analysis/analyze';
import type { Finding } from '../../../server/src/analysis/findings';
import { realize } from '../../../server/src/analysis/fixes/edits';
import type { RenderOptions } from '../../../server/src/chart/types';
import { applyEdits, chart, positionOf, readChartDir, SAMPLE_CHART, withHook } from '../../helpers/charts';
import { assertAgreesWithHelm, check, fixture } from './harness';

const ID = 'hook-deletes-referenced-resource';
const render: RenderOptions = { releaseName: 'basic-app', namespace: 'default' };
const CM = 'templates/configmap.yaml';

function sample() {
  return readChartDir(SAMPLE_CHART);
}

function analyze(current: Map<string, string>, baseline: Map<string, string> | undefined, deployer?: 'argocd' | 'helm3' | 'flux') {
  return analyzeChart({ chart: chart(current), baseline: baseline && chart(baseline), render, deployer }).findings;
}

function h1(findings: Finding[]) {
  return findings.filter((f) => f.rule === ID);
}

/** The sample with the mistake made in the working tree. */
function mistake() {
  const base = sample();
  const current = new Map(base);
  current.set(CM, withHook(base.get(CM)!));
  return { base, current };
}

function applyFix(current: Map<string, string>, f: Finding, title: RegExp): Map<string, string> {
  const fixes = realize(f.fix, (p) => current.get(p));
  const fix = fixes.find((x) => title.test(x.title));
  assert.ok(fix, `no fix matching ${title}; have ${fixes.map((x) => x.title).join(' | ')}`);
  const next = new Map(current);
  for (const p of new Set(fix.edits.map((e) => e.path))) {
    next.set(p, applyEdits(next.get(p)!, fix.edits.filter((e) => e.path === p)));
  }
  return next;
}

describe(`${ID} on the sample chart`, () => {
  it('reports exactly one error on the hook annotation, related to the volume reference', () => {
    const { base, current } = mistake();
    const errors = analyze(current, base).filter((f) => f.severity === 'error');
    assert.deepEqual(errors.map((f) => f.rule), [ID], JSON.stringify(errors, null, 1));
    const [f] = errors;
    assert.equal(f.severity, 'error');
    assert.equal(f.location.path, CM);
    assert.deepEqual(f.location.range.start, positionOf(current.get(CM)!, '"helm.sh/hook":'));
    assert.equal(f.message, 'helm upgrade will delete ConfigMap basic-app-config (now a hook): pods cannot start');
    assert.match(f.detail!, /pre-upgrade hook recreates ConfigMap basic-app-config, then Helm deletes it/);
    assert.match(f.detail!, /Pods of Deployment basic-app will fail to mount volume "config" \(configmap "basic-app-config" not found\)/);
    assert.deepEqual(f.resource, { kind: 'ConfigMap', name: 'basic-app-config', namespace: 'default' });
    assert.equal(f.related.length, 1);
    const deployment = current.get('templates/deployment.yaml')!;
    assert.equal(f.related[0].path, 'templates/deployment.yaml');
    assert.equal(f.related[0].range.start.line, positionOf(deployment, '}}-config').line);
    assert.equal(f.related[0].via, 'volume "config"');
  });

  it('fix (a) removes the hook annotations and the emptied annotations block, and clears the finding', () => {
    const { base, current } = mistake();
    const [f] = h1(analyze(current, base));
    const fixed = applyFix(current, f, /^Keep it regular: remove the hook annotations/);
    assert.equal(fixed.get(CM), base.get(CM));
    assert.deepEqual(h1(analyze(fixed, base)), []);
  });

  it('fix (b) keeps the original regular, adds a hook copy and points the migration Job at it', () => {
    const { base, current } = mistake();
    const [f] = h1(analyze(current, base));
    const fixed = applyFix(current, f, /^Give the hooks their own copy/);
    assert.deepEqual(h1(analyze(fixed, base)), []);
    const cm = fixed.get(CM)!;
    assert.match(cm, /\n---\n/);
    assert.match(cm, /-config-hook\n  annotations:\n    "helm.sh\/hook": pre-install,pre-upgrade/);
    assert.match(fixed.get('templates/migration-job.yaml')!, /name: \{\{ include "basic-app.fullname" \. \}\}-config-hook/);
    assert.equal(fixed.get('templates/deployment.yaml'), current.get('templates/deployment.yaml'));
    const result = analyzeChart({ chart: chart(fixed), baseline: chart(base), render });
    const configMaps = result.current.model.resources.filter((r) => r.kind === 'ConfigMap');
    assert.deepEqual(
      configMaps.map((r) => [r.name, r.lifecycle.kind]),
      [
        ['basic-app-config', 'regular'],
        ['basic-app-config-hook', 'hook'],
      ],
    );
  });

  it('fix (c) adds resource-policy keep, which turns the error into information about an unmanaged object', () => {
    const { base, current } = mistake();
    const [f] = h1(analyze(current, base));
    const fixed = applyFix(current, f, /^Add helm.sh\/resource-policy: keep .*unmanaged/);
    const after = h1(analyze(fixed, base));
    assert.equal(after.length, 1);
    assert.equal(after[0].severity, 'info');
    assert.match(after[0].detail!, /unmanaged/);
  });
});

describe(`${ID} stays silent`, () => {
  it('when the resource was already a hook at the baseline', () => {
    const { current } = mistake();
    assert.deepEqual(h1(analyze(current, current)), []);
  });

  it('when nothing but hooks references it', () => {
    const { base, current } = mistake();
    const noVolume = (m: Map<string, string>) => {
      const d = m.get('templates/deployment.yaml')!;
      m.set('templates/deployment.yaml', d.slice(0, d.indexOf('      volumes:')));
    };
    noVolume(base);
    noVolume(current);
    assert.deepEqual(h1(analyze(current, base)), []);
  });

  it('when it is new since the baseline', () => {
    const { base, current } = mistake();
    base.delete(CM);
    assert.deepEqual(h1(analyze(current, base)), []);
  });

  it('without a baseline (no commits, not a repository)', () => {
    const { current } = mistake();
    assert.deepEqual(h1(analyze(current, undefined)), []);
  });

  it('when the rule is off', () => {
    const { base, current } = mistake();
    const findings = analyzeChart({ chart: chart(current), baseline: chart(base), render, rules: { [ID]: 'off' } }).findings;
    assert.deepEqual(h1(findings), []);
    assert.ok(findings.length > 0, 'the other rules still run');
  });
});

// Minimal charts: a shared object and one workload referencing it, for every reference and pod-template kind.
const REFERENCES: { name: string; kind: string; pod: string }[] = [
  { name: 'configMap volume', kind: 'ConfigMap', pod: 'volumes:\n  - name: v\n    configMap:\n      name: shared' },
  { name: 'secret volume', kind: 'Secret', pod: 'volumes:\n  - name: v\n    secret:\n      secretName: shared' },
  { name: 'projected configMap', kind: 'ConfigMap', pod: 'volumes:\n  - name: v\n    projected:\n      sources:\n        - configMap:\n            name: shared' },
  { name: 'projected secret', kind: 'Secret', pod: 'volumes:\n  - name: v\n    projected:\n      sources:\n        - secret:\n            name: shared' },
  { name: 'persistentVolumeClaim', kind: 'PersistentVolumeClaim', pod: 'volumes:\n  - name: v\n    persistentVolumeClaim:\n      claimName: shared' },
  { name: 'envFrom configMapRef', kind: 'ConfigMap', pod: 'containers:\n  - name: c\n    envFrom:\n      - configMapRef:\n          name: shared' },
  { name: 'envFrom secretRef', kind: 'Secret', pod: 'containers:\n  - name: c\n    envFrom:\n      - secretRef:\n          name: shared' },
  { name: 'env configMapKeyRef', kind: 'ConfigMap', pod: 'containers:\n  - name: c\n    env:\n      - name: X\n        valueFrom:\n          configMapKeyRef:\n            name: shared\n            key: k' },
  { name: 'env secretKeyRef', kind: 'Secret', pod: 'containers:\n  - name: c\n    env:\n      - name: X\n        valueFrom:\n          secretKeyRef:\n            name: shared\n            key: k' },
  { name: 'initContainers envFrom', kind: 'Secret', pod: 'initContainers:\n  - name: i\n    envFrom:\n      - secretRef:\n          name: shared' },
  { name: 'ephemeralContainers env', kind: 'ConfigMap', pod: 'ephemeralContainers:\n  - name: e\n    env:\n      - name: X\n        valueFrom:\n          configMapKeyRef:\n            name: shared\n            key: k' },
  { name: 'imagePullSecrets', kind: 'Secret', pod: 'imagePullSecrets:\n  - name: shared' },
  { name: 'serviceAccountName', kind: 'ServiceAccount', pod: 'serviceAccountName: shared' },
];

const indent = (text: string, n: number) => text.split('\n').map((l) => ' '.repeat(n) + l).join('\n');

const POD_KINDS: { kind: string; apiVersion: string; wrap: (podSpec: string) => string }[] = [
  { kind: 'Pod', apiVersion: 'v1', wrap: (p) => `spec:\n${indent(p, 2)}` },
  { kind: 'Deployment', apiVersion: 'apps/v1', wrap: (p) => `spec:\n  template:\n    spec:\n${indent(p, 6)}` },
  { kind: 'StatefulSet', apiVersion: 'apps/v1', wrap: (p) => `spec:\n  template:\n    spec:\n${indent(p, 6)}` },
  { kind: 'DaemonSet', apiVersion: 'apps/v1', wrap: (p) => `spec:\n  template:\n    spec:\n${indent(p, 6)}` },
  { kind: 'ReplicaSet', apiVersion: 'apps/v1', wrap: (p) => `spec:\n  template:\n    spec:\n${indent(p, 6)}` },
  { kind: 'ReplicationController', apiVersion: 'v1', wrap: (p) => `spec:\n  template:\n    spec:\n${indent(p, 6)}` },
  { kind: 'Job', apiVersion: 'batch/v1', wrap: (p) => `spec:\n  template:\n    spec:\n${indent(p, 6)}` },
  { kind: 'CronJob', apiVersion: 'batch/v1', wrap: (p) => `spec:\n  schedule: "* * * * *"\n  jobTemplate:\n    spec:\n      template:\n        spec:\n${indent(p, 10)}` },
];

function miniChart(kind: string, workload: string, hook: boolean, extraAnnotations = '') {
  const annotations = hook ? `  annotations:\n    "helm.sh/hook": pre-install,pre-upgrade\n${extraAnnotations}` : '';
  return new Map([
    ['Chart.yaml', 'apiVersion: v2\nname: mini\nversion: 0.1.0\n'],
    ['values.yaml', ''],
    ['templates/shared.yaml', `apiVersion: v1\nkind: ${kind}\nmetadata:\n  name: shared\n${annotations}`],
    ['templates/workload.yaml', workload],
  ]);
}

function workload(kind: string, apiVersion: string, body: string) {
  return `apiVersion: ${apiVersion}\nkind: ${kind}\nmetadata:\n  name: app\n${body}\n`;
}

describe(`${ID} for every reference kind`, () => {
  for (const ref of REFERENCES) {
    it(ref.name, () => {
      const w = workload('Deployment', 'apps/v1', POD_KINDS[1].wrap(ref.pod));
      const findings = h1(analyze(miniChart(ref.kind, w, true), miniChart(ref.kind, w, false)));
      assert.equal(findings.length, 1, ref.name);
      assert.equal(findings[0].resource?.kind, ref.kind);
      assert.equal(findings[0].related[0].path, 'templates/workload.yaml');
      assert.equal(findings[0].related[0].range.start.line, positionOf(w, 'shared').line);
    });
  }
});

describe(`${ID} for every pod-template kind`, () => {
  for (const pod of POD_KINDS) {
    it(pod.kind, () => {
      const w = workload(pod.kind, pod.apiVersion, pod.wrap(REFERENCES[0].pod));
      const findings = h1(analyze(miniChart('ConfigMap', w, true), miniChart('ConfigMap', w, false)));
      assert.equal(findings.length, 1, pod.kind);
      assert.match(findings[0].detail!, new RegExp(`Pods of ${pod.kind} app will fail to mount volume "v"`));
    });
  }
});

describe(`${ID} details`, () => {
  const w = workload('Deployment', 'apps/v1', POD_KINDS[1].wrap(REFERENCES[0].pod));

  it('is a warning when every reference is optional', () => {
    const optional = w.replace(/( *)name: shared/, '$1name: shared\n$1optional: true');
    assert.notEqual(optional, w);
    const [f] = h1(analyze(miniChart('ConfigMap', optional, true), miniChart('ConfigMap', optional, false)));
    assert.equal(f.severity, 'warning');
  });

  it('under Argo CD, keep does not lower the finding (Argo CD ignores it) and is not offered as a fix', () => {
    const cur = miniChart('ConfigMap', w, true, '    "helm.sh/resource-policy": keep\n');
    const base = miniChart('ConfigMap', w, false);
    assert.equal(h1(analyze(cur, base))[0].severity, 'info');
    const [f] = h1(analyze(cur, base, 'argocd'));
    assert.equal(f.severity, 'error');
    assert.match(f.message, /^Argo CD will prune ConfigMap shared \(now a hook\)/);
    assert.match(f.detail!, /Argo CD ignores helm.sh\/resource-policy: keep/);
    const plain = h1(analyze(miniChart('ConfigMap', w, true), base, 'argocd'))[0];
    assert.ok(!plain.fix.some((x) => /resource-policy/.test(x.title)));
    // Helm 3 and Flux keep the Helm semantics.
    assert.equal(h1(analyze(cur, base, 'helm3'))[0].severity, 'info');
    assert.equal(h1(analyze(cur, base, 'flux'))[0].severity, 'info');
  });

  it('keeps the error when keep is set but the hook does not run on upgrade', () => {
    const cur = miniChart('ConfigMap', w, true, '    "helm.sh/resource-policy": keep\n');
    cur.set('templates/shared.yaml', cur.get('templates/shared.yaml')!.replace('pre-install,pre-upgrade', 'pre-install'));
    const [f] = h1(analyze(cur, miniChart('ConfigMap', w, false)));
    assert.equal(f.severity, 'error');
    assert.match(f.detail!, /no hook recreates it/);
  });

  it('does not match an object in another namespace', () => {
    const cur = miniChart('ConfigMap', w, true);
    cur.set('templates/shared.yaml', cur.get('templates/shared.yaml')!.replace('name: shared', 'name: shared\n  namespace: other'));
    const base = miniChart('ConfigMap', w, false);
    base.set('templates/shared.yaml', base.get('templates/shared.yaml')!.replace('name: shared', 'name: shared\n  namespace: other'));
    assert.deepEqual(h1(analyze(cur, base)), []);
  });

  it('counts a post-upgrade hook workload as a consumer', () => {
    const job = workload('Job', 'batch/v1', POD_KINDS[6].wrap(REFERENCES[0].pod)).replace(
      'name: app\n',
      'name: app\n  annotations:\n    "helm.sh/hook": post-upgrade\n',
    );
    const [f] = h1(analyze(miniChart('ConfigMap', job, true), miniChart('ConfigMap', job, false)));
    assert.equal(f?.related[0].kind, 'Job');
  });

  it('honours a configured severity', () => {
    const findings = analyzeChart({
      chart: chart(miniChart('ConfigMap', w, true)),
      baseline: chart(miniChart('ConfigMap', w, false)),
      render,
      rules: { [ID]: 'warning' },
    }).findings;
    assert.equal(h1(findings)[0].severity, 'warning');
  });
});

describe(`${ID} precision`, () => {
  it('a hook copy with the identity of a regular object is not deleted: only hook-and-regular-duplicate speaks', () => {
    const deploymentText = `--- templates/deploy.yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: server
spec:
  template:
    spec:
      containers:
        - name: c
          image: busybox
          envFrom:
            - configMapRef:
                name: settings
`;
    const regular = `--- templates/cm.yaml
apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
data: {a: b}
`;
    const copy = `---
apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
  annotations:
    ⟦"helm.sh/hook": pre-install,pre-upgrade⟧
    "helm.sh/hook-delete-policy": before-hook-creation,hook-succeeded
data: {a: b}
`;
    const current = deploymentText + regular + copy;
    const baseline = (deploymentText + regular).replace(/⟦|⟧/g, '');
    check(ID, current.replace(/⟦|⟧/g, ''), { baseline });
    check('hook-deleted-before-use', current.replace(/⟦|⟧/g, ''), { baseline });
    check('hook-not-restored-on-rollback', current.replace(/⟦|⟧/g, ''), { baseline });
    check('hook-and-regular-duplicate', current, { baseline });
    assertAgreesWithHelm(fixture(current).files);
  });

  it('a PVC turned hook reads as data loss', () => {
    const pvcPod = 'volumes:\n  - name: data\n    persistentVolumeClaim:\n      claimName: shared';
    const w = workload('Deployment', 'apps/v1', POD_KINDS[1].wrap(pvcPod));
    const [f] = h1(analyze(miniChart('PersistentVolumeClaim', w, true), miniChart('PersistentVolumeClaim', w, false)));
    assert.equal(f.message, 'helm upgrade will delete PersistentVolumeClaim shared (now a hook): data loss');
    assert.match(f.detail!, /deleted with its volume's data when the reclaim policy is Delete/);
    assert.equal(f.severity, 'error');
  });
});
