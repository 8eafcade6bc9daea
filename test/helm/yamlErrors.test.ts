// A values.yaml that does not parse: our error says what Helm says (its words, its line number), while the located
// diagnostic stays on the line that is wrong. go-yaml numbers a parser error by the 0-based line of the token it
// stopped at, so Helm's "line 2" there is the third line.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { renderChart } from '../../server/src/chart/render';
import { LineIndex } from '../../server/src/analysis/findings';
import { helmBinary } from '../helpers/helm';

const CHART = 'apiVersion: v2\nname: c\nversion: 0.1.0\n';
// The values text and the 1-based line a user must fix.
const CASES: [string, string, number][] = [
  ['a key indented less than its siblings', 'config:\n  greeting: hello\n databaseUrl: x\n  other: y\n', 3],
  ['a tab as indentation', 'config:\n\tgreeting: hello\n', 2],
  ['an unclosed quote', 'a: "x\nb: 1\n', 3],
  ['a list item indented less than the list', 'list:\n  - a\n - b\n', 3],
  ['a key where the list wants an item', 'a:\n  - x\n  y: 1\n', 3],
  ['an unclosed flow sequence', 'a: [1, 2\nb: 3\n', 2],
  ['a key indented under a value', 'name: app\n version: 0.1.0\n', 2],
  ['a second mapping on one line', 'a: b: c\n', 1],
  ['a key indented under a value, further down', 'x: 1\na: 1\n  b: 2\n', 3],
];

/** go-yaml's own part of the message (Helm 4 wraps it once more). */
const lastYaml = (s: string) => s.slice(s.lastIndexOf('yaml: '));

function helmError(values: string, major: '3' | '4'): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'hhg-yaml-'));
  try {
    mkdirSync(path.join(dir, 'templates'));
    writeFileSync(path.join(dir, 'Chart.yaml'), CHART);
    writeFileSync(path.join(dir, 'values.yaml'), values);
    const r = spawnSync(helmBinary(major), ['template', 'r', dir], { encoding: 'utf8' });
    assert.notEqual(r.status, 0);
    return lastYaml(r.stderr.split('\n')[0]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('values.yaml parse errors against the real Helm', () => {
  for (const [what, values, line] of CASES) {
    it(what, () => {
      const rendered = renderChart({ files: new Map([['Chart.yaml', CHART], ['values.yaml', values]]) }, { releaseName: 'r', namespace: 'default' });
      const e = rendered.errors.find((x) => x.span?.path === 'values.yaml');
      assert.ok(e, JSON.stringify(rendered.errors));
      const ours = lastYaml(e.message);
      for (const major of ['3', '4'] as const) assert.equal(ours, helmError(values, major), `Helm ${major}`);
      assert.equal(new LineIndex(values).range(e.span!.start, e.span!.end).start.line + 1, line, 'located on the line to fix');
    });
  }
});
