// Loader and values features: .tgz subcharts from ChartFiles.binaries, .helmignore as Helm evaluates it,
// import-values, values.schema.json with located errors, .Release.Revision.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { readTgz } from '../../server/src/chart/archive';
import { renderChart } from '../../server/src/chart/render';
import type { ChartFiles } from '../../server/src/chart/types';

const opts = { releaseName: 'rel', namespace: 'ns' };

function chart(files: Record<string, string>, binaries?: Record<string, Uint8Array>): ChartFiles {
  return { files: new Map(Object.entries(files)), ...(binaries ? { binaries: new Map(Object.entries(binaries)) } : {}) };
}

/** A .tgz made by the system tar (a real archive, like `helm package` writes). */
function tgz(files: Record<string, string>): Uint8Array {
  const dir = mkdtempSync(path.join(tmpdir(), 'hhg-tgz-'));
  for (const [p, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, 'src', p)), { recursive: true });
    writeFileSync(path.join(dir, 'src', p), text);
  }
  execFileSync('tar', ['-czf', path.join(dir, 'out.tgz'), '-C', path.join(dir, 'src'), '.'.replace('.', Object.keys(files)[0].split('/')[0])]);
  return new Uint8Array(readFileSync(path.join(dir, 'out.tgz')));
}

test('readTgz reads a gzipped tar', () => {
  const entries = readTgz(tgz({ 'web/Chart.yaml': 'name: web\n', 'web/templates/a.yaml': 'a: 1\n' }));
  assert.deepEqual(entries.map((e) => e.name).sort(), ['web/Chart.yaml', 'web/templates/a.yaml']);
  assert.throws(() => readTgz(new Uint8Array([1, 2, 3])), /gzip: invalid header/);
});

test('a .tgz subchart under charts/ renders, its templates located inside the archive path', () => {
  const archive = tgz({
    'web/Chart.yaml': 'apiVersion: v2\nname: web\nversion: 1.0.0\n',
    'web/values.yaml': 'port: 80\n',
    'web/templates/svc.yaml': 'port: {{ .Values.port }}\nname: {{ .Chart.Name }}\n',
  });
  const r = renderChart(
    chart({ 'Chart.yaml': 'apiVersion: v2\nname: top\nversion: 1.0.0\n', 'values.yaml': 'web:\n  port: 9090\n' }, { 'charts/web-1.0.0.tgz': archive }),
    opts,
  );
  assert.deepEqual(r.errors, []);
  const t = r.templates.find((x) => x.sourceName === 'top/charts/web/templates/svc.yaml');
  assert.ok(t);
  assert.equal(t.output, 'port: 9090\nname: web\n');
  assert.equal(t.path, 'charts/web-1.0.0.tgz/templates/svc.yaml');
  const bad = renderChart(chart({ 'Chart.yaml': 'apiVersion: v2\nname: top\nversion: 1.0.0\n' }, { 'charts/x.tgz': new Uint8Array([0]) }), opts);
  assert.match(bad.errors[0].message, /^error unpacking subchart x\.tgz in top: gzip: invalid header/);
  assert.equal(bad.errors[0].span.path, 'charts/x.tgz');
});

test('.helmignore: a negated rule ignores everything it does not match (Helm pkg/ignore)', () => {
  const base = { 'Chart.yaml': 'apiVersion: v2\nname: top\nversion: 1.0.0\n', 'templates/a.yaml': 'x: {{ .Files.Get "f.txt" }}\n', 'f.txt': 'F', 'g.bak': 'G' };
  const ok = renderChart(chart({ ...base, '.helmignore': '*.bak\n' }), opts);
  assert.equal(ok.templates[0].output, 'x: F\n');
  const quirk = renderChart(chart({ ...base, '.helmignore': '!f.txt\n' }), opts);
  assert.ok(quirk.errors.some((e) => e.message === 'Chart.yaml file is missing'));
  const star = renderChart(chart({ ...base, '.helmignore': 'a/**\n' }), opts);
  assert.ok(star.errors.some((e) => e.message === 'double-star (**) syntax is not supported'));
});

test('import-values: exports and child/parent forms, parent values win', () => {
  const r = renderChart(
    chart({
      'Chart.yaml': 'apiVersion: v2\nname: top\nversion: 1.0.0\ndependencies:\n  - name: sub\n    version: 1.0.0\n    import-values:\n      - data\n      - child: cfg\n        parent: fromSub\n',
      'values.yaml': 'fromSub:\n  b: parent\n',
      'templates/a.yaml': '{{ .Values | toJson }}\n',
      'charts/sub/Chart.yaml': 'apiVersion: v2\nname: sub\nversion: 1.0.0\n',
      'charts/sub/values.yaml': 'exports:\n  data:\n    exported: 1\ncfg:\n  a: child\n  b: child\n',
    }),
    opts,
  );
  const out = JSON.parse(r.templates.find((t) => t.path === 'templates/a.yaml')!.output);
  assert.equal(out.exported, 1);
  assert.deepEqual(out.fromSub, { a: 'child', b: 'parent' });
});

test('values.schema.json violations are located in the values file that set the value', () => {
  const values = 'replicas: 0\nimage:\n  tag: 1\n';
  const r = renderChart(
    chart({
      'Chart.yaml': 'apiVersion: v2\nname: top\nversion: 1.0.0\n',
      'values.yaml': values,
      'values.schema.json': '{"type":"object","required":["name"],"properties":{"replicas":{"type":"integer","minimum":1},"image":{"properties":{"tag":{"type":"string"}}}}}',
      'templates/a.yaml': 'a: 1\n',
    }),
    { ...opts, valuesFiles: [{ path: 'prod.yaml', text: 'replicas: -1\n' }] },
  );
  const lines = r.errors.map((e) => e.message.split('\n')[2]);
  assert.deepEqual(lines, ['- (root): name is required', '- image.tag: Invalid type. Expected: string, given: integer', '- replicas: Must be greater than or equal to 1']);
  assert.ok(r.errors.every((e) => e.message.startsWith("values don't meet the specifications of the schema(s) in the following chart(s):\ntop:\n")));
  assert.equal(r.errors[0].span.path, 'values.schema.json');
  assert.deepEqual(r.errors[1].span, { path: 'values.yaml', start: values.indexOf('tag'), end: values.indexOf('1\n', values.indexOf('tag')) + 1 });
  assert.equal(r.errors[2].span.path, 'prod.yaml');
  // Templates still render, so the rest of the analysis goes on.
  assert.equal(r.templates[0].output, 'a: 1\n');
});

test('.Release.Revision and IsUpgrade come from RenderOptions', () => {
  const files = { 'Chart.yaml': 'apiVersion: v2\nname: top\nversion: 1.0.0\n', 'templates/a.yaml': '{{ .Release.Revision }} {{ .Release.IsUpgrade }} {{ .Release.IsInstall }}\n' };
  assert.equal(renderChart(chart(files), opts).templates[0].output, '1 false true\n');
  assert.equal(renderChart(chart(files), { ...opts, revision: 7, isUpgrade: true }).templates[0].output, '7 true false\n');
});
