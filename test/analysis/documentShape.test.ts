// A rendered document must be an object (or empty): Helm reads each one into a struct and fails the chart otherwise.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyzeChart } from '../../server/src/analysis/analyze';

function findings(template: string) {
  const files = new Map([
    ['Chart.yaml', 'apiVersion: v2\nname: t\nversion: 0.1.0\n'],
    ['templates/x.yaml', template],
  ]);
  return analyzeChart({ chart: { files }, render: { releaseName: 'rel', namespace: 'ns' }, baseRef: 'HEAD' }).findings.filter((f) => f.rule === 'manifest-invalid');
}

test('a scalar or a list document is manifest-invalid, at the document', () => {
  const [f] = findings('kind: ConfigMap\nmetadata:\n  name: a\n---\njust text\n');
  assert.ok(f, 'expected a finding');
  assert.match(f.message, /is a scalar, not an object, so Helm rejects the chart \("YAML parse error on t\/templates\/x.yaml"\)/);
  assert.equal(f.location.range.start.line, 4);
  assert.match(findings('- a\n- b\n')[0]?.message ?? '', /is a list, not an object/);
});

test('empty and comment-only documents are fine', () => {
  assert.deepEqual(findings('# nothing\n---\n---\nkind: ConfigMap\nmetadata:\n  name: a\n'), []);
});
