// renderChart (in process, with --set) against the real `helm template` (Helm 3.17.3).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { renderChart } from '../../server/src/chart/render';
import { helmTemplate } from '../helpers/helm';

const files: Record<string, string> = {
  'Chart.yaml': 'apiVersion: v2\nname: cmp\nversion: 0.3.0\nappVersion: "1.16"\ndependencies:\n  - name: child\n    version: 0.1.0\n',
  'values.yaml': 'replicaCount: 2\nname: web\nflag: yes\nratio: 0.25\nbig: 1000000\nports: [80, 443]\nlabels:\n  b: two\n  a: one\nenv:\n  LOG: debug\n  MODE: "on"\nlong: "aaaa bbbb cccc dddd eeee ffff gggg hhhh iiii jjjj kkkk llll mmmm nnnn oooo pppp qqqq"\nglobal:\n  region: eu\n',
  'templates/_helpers.tpl': '{{- define "cmp.labels" -}}\napp: {{ .Values.name }}\nchart: {{ .Chart.Name }}-{{ .Chart.Version | replace "+" "_" }}\n{{- range $k, $v := .Values.labels }}\n{{ $k }}: {{ $v | quote }}\n{{- end }}\n{{- end }}\n',
  'templates/deploy.yaml': [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    '  name: {{ printf "%s-%s" .Release.Name .Values.name | trunc 63 | trimSuffix "-" }}',
    '  labels:',
    '    {{- include "cmp.labels" . | nindent 4 }}',
    '  annotations:',
    '    checksum: {{ toYaml .Values.env | sha256sum }}',
    '    values: {{ .Values.replicaCount }} {{ .Values.flag }} {{ .Values.ratio }} {{ .Values.big }} {{ printf "%v %d %s" .Values.big 3 "x" | quote }}',
    'spec:',
    '  replicas: {{ .Values.replicaCount }}',
    '  {{- with .Values.ports }}',
    '  ports:',
    '    {{- range $i, $p := . }}',
    '    - name: p{{ $i }}',
    '      port: {{ $p }}',
    '    {{- end }}',
    '  {{- end }}',
    '  env:',
    '    {{- toYaml .Values.env | nindent 4 }}',
    '  all: {{ toJson .Values.labels }}',
    '  yaml:',
    '    {{- toYaml .Values | nindent 4 }}',
    '  tpl: {{ tpl "{{ .Values.name }}-{{ .Release.Namespace }}" . }}',
    '  {{- if semverCompare ">=1.19-0" .Capabilities.KubeVersion.GitVersion }}',
    '  modern: true',
    '  {{- end }}',
    '  list: {{ list 1 "a" (dict "k" "v") | toString | quote }}',
    '  cond: {{ if and .Values.flag (gt (len .Values.ports) 1) }}many{{ else }}few{{ end }}',
    '  def: {{ .Values.missing | default "fallback" }} {{ coalesce .Values.none "" "c" }}',
    '',
  ].join('\n'),
  'templates/multi.yaml': '{{- range $i, $e := until 2 }}\n---\nkind: ConfigMap\nmetadata:\n  name: m{{ $i }}\n{{- end }}\n',
  'charts/child/Chart.yaml': 'apiVersion: v2\nname: child\nversion: 0.1.0\n',
  'charts/child/values.yaml': 'color: blue\n',
  'charts/child/templates/c.yaml': 'kind: ConfigMap\ndata:\n  color: {{ .Values.color }}\n  region: {{ .Values.global.region }}\n  parent: |\n    {{- include "cmp.labels" . | indent 4 | trim | nindent 4 }}\n',
};

/** Documents per source file, split and trimmed the way helm prints them. */
function helmDocs(out: string): Map<string, string[]> {
  const m = new Map<string, string[]>();
  for (const block of out.split(/^---\n# Source: /m).slice(1)) {
    const nl = block.indexOf('\n');
    const name = block.slice(0, nl);
    const body = block.slice(nl + 1).replace(/\n$/, '');
    m.set(name, [...(m.get(name) ?? []), body].sort());
  }
  return m;
}
function splitDocs(s: string): string[] {
  return s
    .trim()
    .split(/(?:^|\s*\n)---\s*/)
    .map((d) => d.trim())
    .filter(Boolean)
    .sort();
}

test('renderChart matches helm template output', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hhg-cmp-'));
  try {
    for (const [p, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(dir, p)), { recursive: true });
      fs.writeFileSync(path.join(dir, p), text);
    }
    const set = ['replicaCount=4', 'labels.c=three'];
    const helm = helmTemplate(dir, 'release-name', 'default', set.flatMap((s) => ['--set', s]));
    assert.equal(helm.status, 0, helm.stderr);
    const expected = helmDocs(helm.stdout);
    const r = renderChart({ files: new Map(Object.entries(files)) }, { releaseName: 'release-name', namespace: 'default', set });
    assert.deepEqual(r.errors, []);
    assert.deepEqual(r.templates.map((t) => t.sourceName).sort(), [...expected.keys()].sort());
    for (const t of r.templates) {
      assert.equal(t.error, undefined, t.error?.message);
      assert.deepEqual(splitDocs(t.output), expected.get(t.sourceName), t.sourceName);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
