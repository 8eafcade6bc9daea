// Our `render` against the real `helm template` (Helm 3.17.3) on every fixture chart.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { REPO_ROOT, SAMPLE_CHART } from '../helpers/charts';
import { helmTemplate } from '../helpers/helm';

const FIXTURES = path.join(REPO_ROOT, 'test', 'fixtures', 'charts');

function fixtureCharts(): string[] {
  const dirs = [SAMPLE_CHART];
  if (existsSync(FIXTURES)) {
    for (const name of readdirSync(FIXTURES).sort()) {
      if (existsSync(path.join(FIXTURES, name, 'Chart.yaml'))) dirs.push(path.join(FIXTURES, name));
    }
  }
  return dirs;
}

function ours(chartDir: string, releaseName: string, namespace: string) {
  const r = spawnSync(process.execPath, [path.join(REPO_ROOT, 'bin', 'helm-hook-guard'), 'render', chartDir, '--release-name', releaseName, '--namespace', namespace], {
    encoding: 'utf8',
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** kind/name and hook annotations per document, in output order: what the rules depend on. */
function identities(text: string): string[] {
  return text
    .split(/^---$/m)
    .map((d) => d.trim())
    .filter(Boolean)
    .map((d) => {
      const source = /^# Source: (.*)$/m.exec(d)?.[1];
      const kind = /^kind: (.*)$/m.exec(d)?.[1];
      const name = /^  name: (.*)$/m.exec(d)?.[1];
      const hook = /"?helm\.sh\/hook"?: (.*)$/m.exec(d)?.[1] ?? '';
      return `${source} ${kind} ${name} ${hook}`;
    });
}

describe('render matches helm template', () => {
  for (const dir of fixtureCharts()) {
    for (const [release, ns] of [
      ['release-name', 'default'],
      ['basic-app', 'prod'],
    ]) {
      it(`${path.relative(REPO_ROOT, dir)} (release ${release}, namespace ${ns})`, () => {
        const helm = helmTemplate(dir, release, ns);
        const mine = ours(dir, release, ns);
        assert.equal(mine.status === 0, helm.status === 0, `helm: ${helm.stderr}\nours: ${mine.stderr}`);
        assert.deepEqual(identities(mine.stdout), identities(helm.stdout));
        assert.equal(mine.stdout, helm.stdout);
      });
    }
  }
});
