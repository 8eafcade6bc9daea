// template-render-error: located at the action that failed, in the template's own file; the rest of the chart is
// still analysed.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { check, only, analyze, fixture } from './harness';

describe('template-render-error', () => {
  it('reports a failed required at its action', () => {
    check(
      'template-render-error',
      `--- templates/cm.yaml
apiVersion: v1
kind: ConfigMap
metadata:
  name: cm
data:
  k: ⟦{{ required "k is required" .Values.k }}⟧
`,
      { message: /k is required/, severity: 'error' },
    );
  });

  it('is silent when the value is given, and other templates are still analysed', () => {
    check('template-render-error', '--- values.yaml\nk: v\n--- templates/cm.yaml\nkind: ConfigMap\nmetadata:\n  name: cm\ndata:\n  k: {{ required "k" .Values.k }}\n');
    const { files } = fixture(
      '--- templates/bad.yaml\n{{ fail "boom" }}\n--- templates/job.yaml\napiVersion: batch/v1\nkind: Job\nmetadata:\n  name: j\n  annotations:\n    "helm.sh/hook": "pre-install,"\n',
    );
    const all = analyze(files);
    assert.equal(only(all, 'template-render-error').length, 1);
    assert.equal(only(all, 'hook-event-unknown').length, 1);
  });

  it('reports a parse error in a partial nothing includes, in the partial, in Helm\'s words', () => {
    check('template-render-error', '--- templates/_bad.tpl\nx\n⟦{{ end }}⟧\n--- templates/cm.yaml\nkind: ConfigMap\nmetadata:\n  name: cm\n', {
      message: /^parse error at \(t\/templates\/_bad\.tpl:2\): unexpected \{\{end\}\}$/,
    });
  });

  it('reports fail inside a helper at the include that Helm names', () => {
    check('template-render-error', '--- templates/_f.tpl\n{{ define "f" }}{{ fail "stop" }}{{ end }}\n--- templates/cm.yaml\nkind: ConfigMap\ndata:\n  k: ⟦{{ include "f" . }}⟧\n', {
      message: /^execution error at \(t\/templates\/cm\.yaml:3:8\): stop$/,
    });
  });

  it('follows the configured severity', () => {
    check('template-render-error', '--- templates/x.yaml\n⟦{{ fail "boom" }}⟧\n', { rules: { 'template-render-error': 'warning' }, severity: 'warning' });
    check('template-render-error', '--- templates/x.yaml\n{{ fail "boom" }}\n', { rules: { 'template-render-error': 'off' } });
  });

  it('one root cause, one finding: a values.yaml error, not a nil pointer per template; the rest still renders', () => {
    const { files } = fixture(`--- values.yaml
config:
  greeting: hello
 databaseUrl: x
name: app
--- templates/a.yaml
kind: ConfigMap
metadata:
  name: {{ .Values.name }}
data:
  k: {{ .Values.config.greeting }}
--- templates/b.yaml
kind: ConfigMap
metadata:
  name: b
data:
  k: {{ .Values.missing.deeper }}
--- templates/c.yaml
kind: ConfigMap
metadata:
  name: c
data:
  k: {{ .Values.other.deeper }}
--- templates/d.yaml
{{ end }}
`);
    const all = analyze(files);
    const errors = only(all, 'template-render-error');
    assert.deepEqual(
      errors.map((f) => [f.location.path, f.location.range.start.line]),
      [
        ['templates/d.yaml', 0], // a parse error of its own is a root cause too
        ['values.yaml', 2],
      ],
    );
    const values = errors.find((f) => f.location.path === 'values.yaml')!;
    assert.match(values.message, /yaml: line 2: did not find expected key$/);
    assert.match(values.detail!, /^Helm stops at this error\. 2 templates that fail to execute because of it are not reported/);
    // What could be read still renders: templates/a.yaml reads config.greeting from the recovered values.
    assert.deepEqual(all.filter((f) => f.location.path === 'templates/a.yaml'), []);
    // Without the values error, the nil pointers are reported as before (a.yaml's too: no config at all).
    const other = { ...files, 'values.yaml': 'name: app\n' };
    assert.equal(only(analyze(other), 'template-render-error').length, 4);
  });

  it('a Chart.yaml error is one error at the line to fix, in Helm\'s words', () => {
    const [f] = check('template-render-error', `--- Chart.yaml
apiVersion: v2
name: t
 version⟦:⟧ 0.1.0
--- templates/cm.yaml
kind: ConfigMap
metadata:
  name: {{ .Chart.Name }}-{{ .Values.missing.x }}
`);
    assert.match(f.message, /^cannot load Chart\.yaml: error converting YAML to JSON: yaml: line 3: mapping values are not allowed in this context$/);
  });
});

