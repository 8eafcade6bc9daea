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
});
