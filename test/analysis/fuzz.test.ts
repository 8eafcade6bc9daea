// Property tests on the whole analysis: mutated fixture charts never make it throw or hang, and every finding points
// inside the chart's files. The seed is fixed; HHG_FUZZ_SEED and HHG_FUZZ_RUNS explore further.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { analyzeChart } from '../../server/src/analysis/analyze';
import { LineIndex } from '../../server/src/analysis/findings';
import { readChartDir, SAMPLE_CHART } from '../helpers/charts';

const seed = Number(process.env.HHG_FUZZ_SEED ?? 20261125);
const numRuns = Number(process.env.HHG_FUZZ_RUNS ?? 300);
const render = { releaseName: 'rel', namespace: 'ns' };
const FRAGMENTS = ['{{', '}}', '{{-', '-}}', '{{ end }}', '{{ if .Values.x }}', '{{ include "basic-app.fullname" . }}', '"', "'", ':', '\n', '  ', '---\n', '\t', '- ', '#', '|', '&a', '*a', '"helm.sh/hook": pre-install,', '\ufeff', '\r\n', '\u0000'];

const mutation = fc.record({
  file: fc.nat(),
  at: fc.nat(),
  del: fc.nat({ max: 20 }),
  insert: fc.oneof(fc.constantFrom(...FRAGMENTS), fc.string({ maxLength: 12 })),
});

describe('analysis of mutated charts', () => {
  const base = readChartDir(SAMPLE_CHART);
  const paths = [...base.keys()].filter((p) => p.startsWith('templates/') || p === 'values.yaml' || p === 'Chart.yaml');

  it(`never throws, stays fast, and locates every finding in a file (${numRuns} runs, seed ${seed})`, () => {
    let findings = 0;
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 6 }), (mutations) => {
        const files = new Map(base);
        for (const m of mutations) {
          const p = paths[m.file % paths.length];
          const text = files.get(p)!;
          const at = m.at % (text.length + 1);
          files.set(p, text.slice(0, at) + m.insert + text.slice(at + m.del));
        }
        const t0 = Date.now();
        const result = analyzeChart({ chart: { files }, baseline: { files: base }, render });
        assert.ok(Date.now() - t0 < 2000, 'analysis took too long');
        for (const f of result.findings) {
          findings++;
          const text = files.get(f.location.path);
          if (text === undefined) {
            assert.ok(f.location.path.includes('.tgz') || f.location.path === 'Chart.yaml' || f.location.path === 'values.yaml', `finding in unknown file ${f.location.path}`);
            continue;
          }
          const index = new LineIndex(text);
          assert.ok(index.offset(f.location.range.start) <= index.offset(f.location.range.end), `inverted range in ${f.rule}`);
          assert.ok(f.location.range.end.line <= text.split('\n').length, `range past the end of ${f.location.path}`);
        }
      }),
      { seed, numRuns },
    );
    assert.ok(findings > 0, 'the mutations should produce findings at all');
  });
});
