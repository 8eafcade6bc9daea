// dependency-missing: a declared dependency charts/ does not hold is one notice at its name in Chart.yaml; the real
// Helm refuses such a chart, and accepts it once the subchart is there (folder, other folder name, or archive).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { helmBinary } from '../../helpers/helm';
import { check, silent, type Files } from './harness';

const R = 'dependency-missing';
const CHART = 'apiVersion: v2\nname: t\nversion: 0.1.0\ndependencies:\n  - name: redis\n    version: 1.0.0\n    repository: https://charts.example.invalid\n';
const CM = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n';

function helmTemplate(files: Files, major: '3' | '4'): { status: number | null; stderr: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'hhg-dep-'));
  try {
    for (const [p, text] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(dir, p)), { recursive: true });
      writeFileSync(path.join(dir, p), text);
    }
    return spawnSync(helmBinary(major), ['template', 'rel', dir], { encoding: 'utf8' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('dependency-missing', () => {
  it('a declared dependency charts/ lacks: one notice at its name, and Helm refuses the chart', () => {
    const [f] = check(R, `--- Chart.yaml
apiVersion: v2
name: t
version: 0.1.0
dependencies:
  - name: ⟦redis⟧
    version: 1.0.0
    repository: https://charts.example.invalid
--- templates/cm.yaml
${CM}`);
    assert.equal(f.severity, 'info');
    assert.match(f.message, /^Dependency redis is not in charts\//);
    assert.match(f.detail!, /helm dependency build/);
    for (const major of ['3', '4'] as const) {
      const r = helmTemplate({ 'Chart.yaml': CHART, 'templates/cm.yaml': CM }, major);
      assert.notEqual(r.status, 0);
      assert.match(r.stderr, /found in Chart.yaml, but missing in charts\/ directory: redis/);
    }
  });

  it('silent when charts/ holds it (by folder, by its Chart.yaml name, as an archive name) or nothing is declared', () => {
    const sub = 'apiVersion: v2\nname: redis\nversion: 1.0.0\n';
    const byFolder = { 'Chart.yaml': CHART, 'templates/cm.yaml': CM, 'charts/redis/Chart.yaml': sub };
    const byName = { 'Chart.yaml': CHART, 'templates/cm.yaml': CM, 'charts/cache/Chart.yaml': sub };
    for (const files of [byFolder, byName]) {
      silent(R, files);
      for (const major of ['3', '4'] as const) assert.equal(helmTemplate(files, major).status, 0);
    }
    silent(R, { 'Chart.yaml': 'apiVersion: v2\nname: t\nversion: 0.1.0\n', 'templates/cm.yaml': CM });
  });
});
