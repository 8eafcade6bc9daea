// Where a template error is reported: the action Helm's message names.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderChart } from '../../server/src/chart/render';

function errorOf(files: Record<string, string>, path: string) {
  const all = new Map(Object.entries({ 'Chart.yaml': 'apiVersion: v2\nname: c\nversion: 0.1.0\n', ...files }));
  const r = renderChart({ files: all }, { releaseName: 'r', namespace: 'd' });
  const partial = r.errors.find((e) => e.span.path === path);
  const e = partial ?? r.templates.find((t) => t.path === path)?.error;
  assert.ok(e, `no error for ${path}`);
  const text = all.get(e.span.path)!;
  return { message: e.message, file: e.span.path, at: text.slice(e.span.start, e.span.end) };
}

test('fail and required inside a helper are reported at the outer action, the one Helm names', () => {
  const e = errorOf({ 'templates/_f.tpl': '{{ define "f" }}{{ fail "stop" }}{{ end }}', 'templates/x.yaml': 'a: 1\nb: {{ include "f" . }}\n' }, 'templates/x.yaml');
  assert.deepEqual(e, { message: 'execution error at (c/templates/x.yaml:2:6): stop', file: 'templates/x.yaml', at: '{{ include "f" . }}' });
  const r = errorOf({ 'templates/x.yaml': 'a: 1\nb: {{ required "need b" .Values.b }}\n' }, 'templates/x.yaml');
  assert.deepEqual(r, { message: 'execution error at (c/templates/x.yaml:2:6): need b', file: 'templates/x.yaml', at: '{{ required "need b" .Values.b }}' });
});

test('a Go execution error in a helper is reported where it happens, the innermost action Helm names', () => {
  const e = errorOf({ 'templates/_g.tpl': '{{ define "g" }}{{ .Values.x.y }}{{ end }}', 'templates/y.yaml': 'b: {{ include "g" . }}\n' }, 'templates/y.yaml');
  assert.equal(e.file, 'templates/_g.tpl');
  assert.equal(e.at, '{{ .Values.x.y }}');
  assert.match(e.message, /^template: c\/templates\/y.yaml:1:6: .* template: c\/templates\/_g.tpl:1:26: executing "g" at <.Values.x.y>: nil pointer evaluating interface \{\}.y$/);
});

test('a parse error in a partial is a chart error located in the partial', () => {
  const e = errorOf({ 'templates/_bad.tpl': 'x\n{{ end }}\n', 'templates/x.yaml': 'a: 1\n' }, 'templates/_bad.tpl');
  assert.equal(e.message, 'parse error at (c/templates/_bad.tpl:2): unexpected {{end}}');
  assert.match(e.at, /end/);
});
