// ProvenanceSegment.value: actions whose output came straight from the values point at the key that won.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderChart } from '../../server/src/chart/render';

test('values come from the last -f file that sets them, else the nearest chart values.yaml', () => {
  const files = new Map(
    Object.entries({
      'Chart.yaml': 'apiVersion: v2\nname: top\nversion: 1.0.0\ndependencies:\n  - name: sub\n    version: 1.0.0\n',
      'values.yaml': 'image:\n  tag: "1.0"\n  repo: nginx\nsub:\n  port: 81\n',
      'templates/a.yaml': 'tag: {{ .Values.image.tag | quote }}\nrepo: {{ $.Values.image.repo }}\nmissing: {{ .Values.nope | default "x" }}\nliteral: {{ "lit" }}\nq: {{ quote .Values.image.tag }}\n',
      'charts/sub/Chart.yaml': 'apiVersion: v2\nname: sub\nversion: 1.0.0\n',
      'charts/sub/values.yaml': 'port: 80\nhost: h\n',
      'charts/sub/templates/s.yaml': 'port: {{ .Values.port }}\nhost: {{ .Values.host }}\n',
    }),
  );
  const prod = 'image:\n  repo: custom\n';
  const r = renderChart({ files }, { releaseName: 'r', namespace: 'n', valuesFiles: [{ path: 'prod.yaml', text: prod }] });
  const texts = new Map([...files, ['prod.yaml', prod]]);
  const found: string[] = [];
  for (const t of r.templates) {
    for (const s of t.segments) {
      if (!s.value) continue;
      assert.equal(s.kind, 'action');
      found.push(`${t.output.slice(s.outStart, s.outEnd)} <- ${s.value.path}: ${texts.get(s.value.path)!.slice(s.value.start, s.value.end)}`);
    }
  }
  assert.deepEqual(found.sort(), [
    '"1.0" <- values.yaml: tag: "1.0"',
    '"1.0" <- values.yaml: tag: "1.0"',
    '81 <- values.yaml: port: 81',
    'custom <- prod.yaml: repo: custom',
    'h <- charts/sub/values.yaml: host: h',
  ]);
});
