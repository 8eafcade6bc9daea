// Whole-chart rendering: values, subcharts, globals, conditions, library charts, .Files, provenance, errors.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderChart } from '../../server/src/chart/render';
import type { ChartFiles, RenderedChart } from '../../server/src/chart/types';

function chart(files: Record<string, string>): ChartFiles {
  return { files: new Map(Object.entries(files)) };
}
function out(r: RenderedChart, path: string): string {
  const t = r.templates.find((x) => x.path === path);
  assert.ok(t, `no template ${path}`);
  assert.equal(t.error, undefined, t.error?.message);
  return t.output;
}

const base = {
  'Chart.yaml': 'apiVersion: v2\nname: app\nversion: 1.2.3\nappVersion: "2.0"\ndependencies:\n  - name: sub\n    version: 0.1.0\n    condition: sub.enabled\n  - name: lib\n    version: 0.1.0\n  - name: extra\n    version: 0.1.0\n    condition: extra.enabled\n',
  'values.yaml': 'replicas: 3\nimage:\n  tag: latest\nglobal:\n  env: prod\nsub:\n  enabled: true\n  greeting: hi\nextra:\n  enabled: false\n',
  'templates/_helpers.tpl': '{{- define "app.name" -}}\n{{ .Chart.Name }}-{{ .Release.Name }}\n{{- end }}\n',
  'templates/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ include "app.name" . }}\n  namespace: {{ .Release.Namespace }}\ndata:\n  replicas: {{ .Values.replicas | quote }}\n  tag: {{ .Values.image.tag }}\n  chart: {{ .Chart.Name }}-{{ .Chart.Version }}-{{ .Chart.AppVersion }}\n  template: {{ .Template.Name }} {{ .Template.BasePath }}\n  release: {{ .Release.Service }} {{ .Release.IsInstall }} {{ .Release.IsUpgrade }} {{ .Release.Revision }}\n  kube: {{ .Capabilities.KubeVersion.Version }} {{ .Capabilities.APIVersions.Has "apps/v1" }}\n  file: {{ .Files.Get "files/a.txt" | trim }}\n  lib: {{ include "lib.hello" . }}\n',
  'templates/NOTES.txt': 'Thanks {{ .Release.Name }}',
  'templates/nested/deep.yaml': 'kind: {{ "Deep" }}\n',
  'files/a.txt': 'file-content\n',
  'files/b.conf': 'x=1\n',
  'charts/sub/Chart.yaml': 'apiVersion: v2\nname: sub\nversion: 0.1.0\n',
  'charts/sub/values.yaml': 'greeting: hello\nport: 80\n',
  'charts/sub/templates/s.yaml': 'greeting: {{ .Values.greeting }}\nport: {{ .Values.port }}\nenv: {{ .Values.global.env }}\nname: {{ include "app.name" . }}\n',
  'charts/lib/Chart.yaml': 'apiVersion: v2\nname: lib\nversion: 0.1.0\ntype: library\n',
  'charts/lib/templates/_lib.tpl': '{{- define "lib.hello" -}}hello from lib{{- end -}}',
  'charts/lib/templates/ignored.yaml': 'kind: ShouldNotRender\n',
  'charts/extra/Chart.yaml': 'apiVersion: v2\nname: extra\nversion: 0.1.0\n',
  'charts/extra/templates/o.yaml': 'kind: Off\n',
};

test('renders templates with Helm built-in objects', () => {
  const r = renderChart(chart(base), { releaseName: 'rel', namespace: 'ns' });
  assert.deepEqual(r.errors, []);
  assert.equal(r.chartName, 'app');
  assert.deepEqual(
    r.templates.map((t) => [t.path, t.sourceName]),
    [
      ['charts/sub/templates/s.yaml', 'app/charts/sub/templates/s.yaml'],
      ['templates/cm.yaml', 'app/templates/cm.yaml'],
      ['templates/nested/deep.yaml', 'app/templates/nested/deep.yaml'],
    ],
  );
  assert.equal(
    out(r, 'templates/cm.yaml'),
    'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app-rel\n  namespace: ns\ndata:\n  replicas: "3"\n  tag: latest\n  chart: app-1.2.3-2.0\n  template: app/templates/cm.yaml app/templates\n  release: Helm true false 1\n  kube: v1.32.0 true\n  file: file-content\n  lib: hello from lib\n',
  );
  // Subchart: own values overridden by the parent's `sub:` key, globals propagated, parent's defines visible.
  assert.equal(out(r, 'charts/sub/templates/s.yaml'), 'greeting: hi\nport: 80\nenv: prod\nname: sub-rel\n');
});

test('values files and --set override chart values; conditions toggle subcharts', () => {
  const r = renderChart(chart(base), {
    releaseName: 'rel',
    namespace: 'ns',
    valuesFiles: [{ path: 'over.yaml', text: 'image:\n  tag: v1\nsub:\n  enabled: false\n' }],
    set: ['replicas=5', 'extra.enabled=true'],
  });
  assert.match(out(r, 'templates/cm.yaml'), /replicas: "5"\n  tag: v1\n/);
  assert.deepEqual(
    r.templates.map((t) => t.path),
    ['charts/extra/templates/o.yaml', 'templates/cm.yaml', 'templates/nested/deep.yaml'],
  );
});

test('--set parsing and typing', () => {
  const files = { 'Chart.yaml': 'apiVersion: v2\nname: s\nversion: 0.1.0\n', 'values.yaml': 'a: {keep: 1, drop: 2}\n', 'templates/t.yaml': '{{ toJson .Values }} {{ typeOf .Values.n }} {{ eq .Values.n 3 }}\n' };
  const r = renderChart(chart(files), { releaseName: 'r', namespace: 'd', set: ['n=3,s=x\\,y', 'l={a,b}', 'a.drop=null', 'arr[1].k=v', 'b=true'] });
  assert.equal(out(r, 'templates/t.yaml'), '{"a":{"keep":1},"arr":[null,{"k":"v"}],"b":true,"l":["a","b"],"n":3,"s":"x,y"} int64 true\n');
});

test('.Files helpers', () => {
  const files = {
    'Chart.yaml': 'apiVersion: v2\nname: f\nversion: 0.1.0\n',
    '.helmignore': 'secret.txt\n',
    'conf/a.yaml': 'a: 1\n',
    'conf/b.yaml': 'b: 2\n',
    'secret.txt': 'hidden',
    'templates/t.yaml': '{{ (.Files.Glob "conf/*").AsConfig }}\n---\n{{ .Files.Get "secret.txt" }}|{{ .Files.Get "../x" }}|{{ .Files.Lines "conf/a.yaml" }}|{{ (.Files.Glob "conf/a.yaml").AsSecrets }}\n',
  };
  const r = renderChart(chart(files), { releaseName: 'r', namespace: 'd' });
  assert.equal(out(r, 'templates/t.yaml'), 'a.yaml: |\n  a: 1\nb.yaml: |\n  b: 2\n---\n||[a: 1]|a.yaml: YTogMQo=\n');
});

test('errors: template errors blank the file, chart errors are reported separately', () => {
  const files = {
    'Chart.yaml': 'apiVersion: v2\nname: e\nversion: 0.1.0\n',
    'values.yaml': 'a: [1\n',
    'templates/bad.yaml': 'a: 1\nb: {{ .Values.x.y }}\n',
    'templates/parse.yaml': 'a: {{ nope }}\n',
    'templates/ok.yaml': 'ok: true\n',
  };
  const r = renderChart(chart(files), { releaseName: 'r', namespace: 'd' });
  assert.equal(r.errors.length, 1);
  assert.equal(r.errors[0].span.path, 'values.yaml');
  const bad = r.templates.find((t) => t.path === 'templates/bad.yaml')!;
  assert.equal(bad.error?.message, 'template: e/templates/bad.yaml:2:13: executing "e/templates/bad.yaml" at <.Values.x.y>: nil pointer evaluating interface {}.y');
  assert.equal(bad.output, 'a: 1\nb:                  \n');
  assert.deepEqual(bad.error?.span, { path: 'templates/bad.yaml', start: 8, end: 25 });
  const parse = r.templates.find((t) => t.path === 'templates/parse.yaml')!;
  assert.equal(parse.error?.message, 'parse error at (e/templates/parse.yaml:1): function "nope" not defined');
  assert.equal(out(r, 'templates/ok.yaml'), 'ok: true\n');
});

test('provenance: literal text and included helper text', () => {
  const r = renderChart(chart(base), { releaseName: 'rel', namespace: 'ns' });
  const t = r.templates.find((x) => x.path === 'templates/cm.yaml')!;
  const src = base['templates/cm.yaml'];
  const at = (o: number) => t.segments.find((s) => s.outStart <= o && o < s.outEnd)!;
  const o = t.output.indexOf('kind: ConfigMap');
  const s = at(o);
  assert.equal(s.kind, 'text');
  assert.equal(s.span.path, 'templates/cm.yaml');
  assert.equal(s.span.start + (o - s.outStart), src.indexOf('kind: ConfigMap'));
  // "-" between the two actions of the helper is text in _helpers.tpl, reached through the include action.
  const dash = t.output.indexOf('app-rel') + 3;
  const d = at(dash);
  assert.equal(d.kind, 'text');
  assert.equal(d.span.path, 'templates/_helpers.tpl');
  assert.equal(base['templates/_helpers.tpl'][d.span.start + (dash - d.outStart)], '-');
  assert.equal(src.slice(d.site.start, d.site.end), '{{ include "app.name" . }}');
  let pos = 0;
  for (const g of t.segments) {
    assert.equal(g.outStart, pos);
    pos = g.outEnd;
  }
  assert.equal(pos, t.output.length);
});
