// Chart content is data: it never runs as code, never reads outside the chart, and cannot hang the analysis.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { analyzeChart } from '../../server/src/analysis/analyze';
import { renderChart } from '../../server/src/chart/render';
import { REPO_ROOT } from '../helpers/charts';

const CHART = 'apiVersion: v2\nname: t\nversion: 0.1.0\n';
const render = { releaseName: 'rel', namespace: 'ns' };

function renderOne(template: string, values = '') {
  const rendered = renderChart({ files: new Map([['Chart.yaml', CHART], ['values.yaml', values], ['templates/x.yaml', template]]) }, render);
  return rendered.templates[0];
}

describe('security', () => {
  it('.Files cannot leave the chart', () => {
    const t = renderOne('a: {{ .Files.Get "../../../../../../etc/hostname" | quote }}\nb: {{ .Files.Get "/etc/hostname" | quote }}\nc: {{ len (.Files.Glob "../**") }}\n');
    assert.equal(t.error, undefined);
    assert.equal(t.output, 'a: ""\nb: ""\nc: 0\n');
  });

  it('regular expressions run in linear time (RE2), even catastrophic ones', () => {
    const t0 = Date.now();
    const t = renderOne(`m: {{ regexMatch "^(a+)+$" "${'a'.repeat(5000)}!" }}\n`);
    assert.equal(t.output, 'm: false\n');
    assert.ok(Date.now() - t0 < 2000, `took ${Date.now() - t0} ms`);
  });

  it('an include that recurses forever stops with a located error', () => {
    const t = renderOne('{{- define "loop" }}{{ include "loop" . }}{{ end }}\nx: {{ include "loop" . }}\n');
    assert.ok(t.error, 'expected an error');
    assert.match(t.error.message, /nested|recursion|depth/i);
    assert.equal(t.error.span.path, 'templates/x.yaml');
  });

  it('tpl cannot reach the process: it renders template text only', () => {
    const t = renderOne('x: {{ tpl .Values.code . }}\n', 'code: "{{ \\"process\\" }}"\n');
    assert.equal(t.output, 'x: process\n');
  });

  it('no chart text is ever evaluated as JavaScript: no eval or Function in the sources', () => {
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const p = path.join(dir, name);
        if (statSync(p).isDirectory()) walk(p);
        else if (p.endsWith('.ts') && /\beval\s*\(|new\s+Function\s*\(|\bFunction\s*\(\s*['"`]/.test(readFileSync(p, 'utf8'))) offenders.push(p);
      }
    };
    walk(path.join(REPO_ROOT, 'server', 'src'));
    assert.deepEqual(offenders, []);
  });

  it('the analysis of a chart with hostile content completes', () => {
    const r = analyzeChart({
      chart: { files: new Map([['Chart.yaml', CHART], ['templates/x.yaml', '{{ range until 100000000 }}x{{ end }}\n']]) },
      render,
    });
    assert.ok(r.findings.length >= 0);
  });
});
