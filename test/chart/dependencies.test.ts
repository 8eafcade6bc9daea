import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeChart } from '../../server/src/analysis/analyze';
import { borrowDependencies, borrowedNotices, declaredDependencies, missingDependencies } from '../../server/src/chart/dependencies';
import type { ChartFiles } from '../../server/src/chart/types';

const PARENT = 'apiVersion: v2\nname: app\nversion: 0.1.0\ndependencies:\n  - name: sub\n    version: 1.0.0\n    repository: https://charts.example.invalid\n';
// The subchart's ConfigMap becomes a hook through the parent's values, as grafana's do in kube-prometheus-stack.
const SUB: Record<string, string> = {
  'charts/sub/Chart.yaml': 'apiVersion: v2\nname: sub\nversion: 1.0.0\n',
  'charts/sub/values.yaml': 'hook: false\n',
  'charts/sub/templates/cm.yaml':
    'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: sub-config\n{{- if .Values.hook }}\n  annotations:\n    "helm.sh/hook": pre-install,pre-upgrade\n{{- end }}\ndata:\n  k: v\n',
  'charts/sub/templates/deploy.yaml':
    'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: sub\nspec:\n  selector:\n    matchLabels: {app: sub}\n  template:\n    metadata:\n      labels: {app: sub}\n    spec:\n      containers:\n        - name: c\n          image: busybox\n      volumes:\n        - name: v\n          configMap:\n            name: sub-config\n',
};
const files = (o: Record<string, string>): ChartFiles => ({ files: new Map(Object.entries(o)) });

describe('dependencies git does not hold', () => {
  it('reads declared dependencies with where they are named', () => {
    const [d] = declaredDependencies(PARENT);
    assert.equal(d.name, 'sub');
    assert.equal(PARENT.slice(d.start, d.end), 'sub');
    assert.deepEqual(declaredDependencies('name: [unclosed'), []);
    assert.deepEqual(declaredDependencies(undefined), []);
  });

  it('an archive name-version.tgz provides name', () => {
    const withArchive: ChartFiles = { files: new Map([['Chart.yaml', PARENT]]), binaries: new Map([['charts/sub-1.0.0.tgz', new Uint8Array([1])]]) };
    assert.deepEqual(missingDependencies(withArchive), []);
    assert.deepEqual(missingDependencies(files({ 'Chart.yaml': PARENT })).map((d) => d.name), ['sub']);
  });

  it('a baseline lacking a declared subchart borrows the working tree copy; the same inputs give the same object', () => {
    const baseline = files({ 'Chart.yaml': PARENT, 'values.yaml': '' });
    const current = files({ 'Chart.yaml': PARENT, 'values.yaml': '', ...SUB });
    const a = borrowDependencies(baseline, current);
    assert.deepEqual(a.borrowed, ['charts/sub/']);
    assert.equal(a.files.files.get('charts/sub/values.yaml'), 'hook: false\n');
    assert.equal(borrowDependencies(baseline, files({ 'Chart.yaml': PARENT, 'values.yaml': 'x: 1\n', ...SUB })).files, a.files, 'kept while the subchart is unchanged');
    const edited = borrowDependencies(baseline, files({ 'Chart.yaml': PARENT, ...SUB, 'charts/sub/values.yaml': 'hook: true\n' }));
    assert.notEqual(edited.files, a.files);
    // Nothing missing, or nothing to borrow: the baseline itself.
    const full = files({ 'Chart.yaml': PARENT, ...SUB });
    assert.equal(borrowDependencies(full, current).files, full);
    assert.equal(borrowDependencies(baseline, baseline).files, baseline);
  });

  it('a hook made through values in an ignored subchart is found, and said once', () => {
    const baseline = files({ 'Chart.yaml': PARENT, 'values.yaml': '' });
    const current = files({ 'Chart.yaml': PARENT, 'values.yaml': 'sub:\n  hook: true\n', ...SUB });
    const r = analyzeChart({ chart: current, baselines: [{ label: 'HEAD', files: baseline }], render: { releaseName: 'rel', namespace: 'ns' } });
    const errors = r.findings.filter((f) => f.rule === 'hook-deletes-referenced-resource');
    assert.equal(errors.length, 1, JSON.stringify(r.findings.map((f) => f.rule)));
    assert.equal(errors[0].location.path, 'charts/sub/templates/cm.yaml');
    assert.deepEqual(r.notices, ["baseline HEAD lacks charts/sub/ (not in git: ignored or never committed); the working tree's copy stands in"]);
    // The subchart's objects are not new to the release (the plan's view): the baseline has them.
    assert.ok(r.baseline!.kept.some((x) => x.name === 'sub-config'));
  });

  it('bases that borrowed the same subcharts share one notice line', () => {
    assert.deepEqual(
      borrowedNotices([
        { label: 'HEAD', borrowed: ['charts/a/'] },
        { label: 'origin/main (merge-base 1a2b3c4d)', borrowed: ['charts/a/'] },
        { label: 'v1', borrowed: [] },
      ]),
      ["baselines HEAD, origin/main (merge-base 1a2b3c4d) lack charts/a/ (not in git: ignored or never committed); the working tree's copy stands in"],
    );
  });
});
