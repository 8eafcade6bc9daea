// Our `render` against the real `helm template` on every fixture chart: `--deployer helm3` against Helm 3.17.3,
// `--deployer helm4` against Helm 4.1.4.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
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

/**
 * A fixture may carry `hhg-test.json`: `{"args": [...]}` extra `helm template` arguments given to both (`-f`/`--values`
 * paths relative to the fixture), and `"structural": "why"` when its output holds values that differ on every run
 * (random strings, dates, generated keys and certificates): then documents are compared by shape, not bytes.
 */
interface FixtureConfig {
  args: string[];
  structural?: string;
}

/** Fixtures compared by shape only, and why their bytes cannot match. */
const STRUCTURAL: Record<string, string> = {
  'random-crypto-dates-structural': 'random strings, uuids, dates, generated keys and certificates differ on every run',
};

function fixtureConfig(dir: string): FixtureConfig {
  const file = path.join(dir, 'hhg-test.json');
  const listed = STRUCTURAL[path.basename(dir)];
  if (!existsSync(file)) return { args: [], structural: listed };
  const raw = JSON.parse(readFileSync(file, 'utf8')) as { args?: string[]; structural?: string };
  const args = [...(raw.args ?? [])];
  for (let i = 0; i < args.length - 1; i++) if (args[i] === '-f' || args[i] === '--values') args[i + 1] = path.join(dir, args[i + 1]);
  return { args, structural: listed ?? raw.structural };
}

/**
 * The shape of a rendered output: every run of letters, digits and base64 characters (with the line breaks inside a
 * PEM block) becomes `x`. Same keys, same punctuation, same structure; volatile values may differ.
 */
function shape(text: string): string {
  return text.replace(/[A-Za-z0-9+/=_-]+/g, 'x').replace(/x(\s*x)+/g, 'x');
}

function ours(deployer: string, chartDir: string, releaseName: string, namespace: string, extra: string[] = []) {
  const r = spawnSync(process.execPath, [path.join(REPO_ROOT, 'bin', 'helm-hook-guard'), 'render', chartDir, '--deployer', deployer, '--release-name', releaseName, '--namespace', namespace, ...extra], {
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

const ORACLES = [
  { deployer: 'helm3', helm: 'Helm 3.17.3', template: (d: string, r: string, n: string, a: string[]) => helmTemplate(d, r, n, a, '3') },
  { deployer: 'helm4', helm: 'Helm 4.1.4', template: (d: string, r: string, n: string, a: string[]) => helmTemplate(d, r, n, a, '4') },
];

for (const oracle of ORACLES) describe(`render --deployer ${oracle.deployer} matches helm template of ${oracle.helm}`, () => {
  for (const dir of fixtureCharts()) {
    for (const [release, ns] of [
      ['release-name', 'default'],
      ['basic-app', 'prod'],
    ]) {
      const config = fixtureConfig(dir);
      it(`${path.relative(REPO_ROOT, dir)} (release ${release}, namespace ${ns})`, () => {
        const helm = oracle.template(dir, release, ns, config.args);
        const mine = ours(oracle.deployer, dir, release, ns, config.args);
        assert.equal(mine.status === 0, helm.status === 0, `helm: ${helm.stderr}\nours: ${mine.stderr}`);
        if (helm.status !== 0) {
          // Both fail: the same error, every line of it (Helm prints schema violations in map order, so as a set).
          const error = (t: string) => t.slice(t.indexOf('Error: ')).trimEnd().split('\n').sort().join('\n');
          assert.equal(error(mine.stderr), error(helm.stderr));
          return;
        }
        if (config.structural) {
          assert.equal(shape(mine.stdout), shape(helm.stdout), `structural comparison (${config.structural})`);
          return;
        }
        assert.deepEqual(identities(mine.stdout), identities(helm.stdout));
        assert.equal(mine.stdout, helm.stdout);
      });
    }
  }
});
