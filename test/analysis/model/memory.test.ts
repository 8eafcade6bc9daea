// Charts with random values render new text on every edit: what is cached of those renders must stay bounded.
import assert from 'node:assert/strict';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { test } from 'node:test';
import { analyzeChart } from '../../../server/src/analysis/analyze';
import { chart } from '../../helpers/charts';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const heapMb = () => {
  gc();
  gc();
  return process.memoryUsage().heapUsed / 2 ** 20;
};

test('300 renders of a chart with random values: the heap does not grow with them', () => {
  // Each render: a Secret of 300 generated passwords (about 10 kB of new YAML), as bitnami charts generate them.
  const files = chart({
    'Chart.yaml': 'apiVersion: v2\nname: random\nversion: 1.0.0\n',
    'values.yaml': 'count: 300\n',
    'templates/secret.yaml':
      'apiVersion: v1\nkind: Secret\nmetadata:\n  name: {{ .Release.Name }}-passwords\nstringData:\n' +
      '{{- range $i := until (int .Values.count) }}\n  password-{{ $i }}: {{ randAlphaNum 24 | quote }}\n{{- end }}\n',
    'templates/deployment.yaml':
      'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app\nspec:\n  template:\n    spec:\n      containers:\n        - name: app\n' +
      '          envFrom:\n            - secretRef:\n                name: {{ .Release.Name }}-passwords\n',
  });
  const render = { releaseName: 'r', namespace: 'default' };
  const texts = new Set<string>();
  let start = 0;
  for (let i = 0; i < 350; i++) {
    const r = analyzeChart({ chart: { files: new Map(files.files) }, render });
    if (i < 3) texts.add(r.current.model.rendered.templates.find((t) => t.path.endsWith('secret.yaml'))!.output);
    if (i === 49) start = heapMb();
  }
  assert.equal(texts.size, 3, 'every render differs');
  const grown = heapMb() - start;
  // Cached by text without a bound, 300 parses of 10 kB documents hold about 40 MB.
  assert.ok(grown < 8, `the heap grew by ${grown.toFixed(1)} MB over 300 renders`);
});
