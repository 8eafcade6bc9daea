// Property test: random templates from the grammar (test/helpers/gentpl.ts) render the same through our engine and the
// real helm. Templates are batched into one chart per helm run; each one's output is base64-encoded through `include`
// so any bytes compare exactly. Fixed seed by default; HHG_PROPERTY_SEED and HHG_PROPERTY_COUNT explore further.
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { helmTemplateOutput } from '../../server/src/chart/helmTemplate';
import { renderChart } from '../../server/src/chart/render';
import { generator, PROPERTY_VALUES } from '../helpers/gentpl';
import { helmTemplate } from '../helpers/helm';

const SEED = Number(process.env.HHG_PROPERTY_SEED ?? 20250501);
const COUNT = Number(process.env.HHG_PROPERTY_COUNT ?? 200);
const BATCH = 100;

function chartFor(templates: string[]): Map<string, string> {
  let body = '';
  templates.forEach((t, i) => {
    body += `{{- define "gen.${i}" -}}\n${t}\n{{- end -}}\n`;
  });
  body += 'data:\n';
  templates.forEach((_, i) => {
    body += `  t${i}: {{ include "gen.${i}" . | b64enc | quote }}\n`;
  });
  return new Map([
    ['Chart.yaml', 'apiVersion: v2\nname: prop\nversion: 0.1.0\n'],
    ['values.yaml', PROPERTY_VALUES],
    ['templates/gen.yaml', body],
  ]);
}

function decoded(out: string): Map<string, string> {
  const m = new Map<string, string>();
  for (const line of out.split('\n')) {
    const x = /^ {2}(t\d+): "(.*)"$/.exec(line);
    if (x) m.set(x[1], Buffer.from(x[2], 'base64').toString('utf8'));
  }
  return m;
}

/** Writes a chart to a temporary folder. */
function writeChart(files: Map<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'hhg-prop-'));
  for (const [p, text] of files) {
    mkdirSync(path.dirname(path.join(dir, p)), { recursive: true });
    writeFileSync(path.join(dir, p), text);
  }
  return dir;
}

test(`random templates render like helm (seed ${SEED}, ${COUNT} templates)`, () => {
  const gen = generator(SEED);
  let compared = 0;
  let errorsCompared = 0;
  for (let start = 0; start < COUNT; start += BATCH) {
    let templates = Array.from({ length: Math.min(BATCH, COUNT - start) }, () => gen.template());
    for (;;) {
      const files = chartFor(templates);
      const helm = helmTemplate(writeChart(files));
      const rendered = renderChart({ files }, { releaseName: 'release-name', namespace: 'default' });
      const problems = rendered.templates.flatMap((t) => (t.error ? [t.error.message] : []));
      if (helm.status !== 0) {
        // A run-time error (rare by construction): the same first error as helm, then go on without that template.
        const helmError = helm.stderr.split('\n')[0];
        assert.equal(`Error: ${problems[0] ?? '(no error)'}`, helmError, `seed ${SEED}, batch at ${start}`);
        errorsCompared++;
        const bad = /at <include "gen\.(\d+)" \.>/.exec(helmError);
        assert.ok(bad, helmError);
        templates = templates.filter((_, i) => i !== Number(bad[1]));
        continue;
      }
      assert.deepEqual(problems, []);
      const ours = helmTemplateOutput(rendered).text;
      if (ours !== helm.stdout) {
        const a = decoded(helm.stdout);
        const b = decoded(ours);
        for (const [k, v] of a) {
          if (b.get(k) !== v) {
            const i = Number(k.slice(1));
            assert.fail(`seed ${SEED}, batch at ${start}, template ${i}:\n${templates[i]}\n--- helm:\n${JSON.stringify(v)}\n--- ours:\n${JSON.stringify(b.get(k))}`);
          }
        }
        assert.equal(ours, helm.stdout);
      }
      compared += templates.length;
      break;
    }
  }
  assert.ok(compared >= COUNT * 0.9, `only ${compared} of ${COUNT} templates compared (${errorsCompared} errors)`);
});
