// The repository config drives the CLI: options per chart, ignore globs, flags over it, located errors with exit 2.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { positionOf, REPO_ROOT } from '../helpers/charts';
import type { TempRepo } from '../helpers/git';
import { BROKEN_TEXT, CONFIG_TEXT, configuredRepo, EXPECTED } from '../helpers/repoConfig';

const CLI = path.join(REPO_ROOT, 'bin', 'helm-hook-guard');
const cli = (cwd: string, ...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8' });

describe('helm-hook-guard with .helm-hook-guard.yaml', () => {
  let repo: TempRepo;
  before(() => (repo = configuredRepo()));
  after(() => repo.dispose());

  it('check: release, namespace, values files, set and rule severities come from the config', () => {
    const r = cli(repo.dir, 'check', '--format', 'json');
    assert.equal(r.status, 0, r.stderr); // the hazard is a warning by the config
    const { findings } = JSON.parse(r.stdout);
    const hit = findings.filter((f: { rule: string }) => f.rule === 'hook-deletes-referenced-resource');
    assert.equal(hit.length, 1, 'the ignored vendor/ copy is not checked');
    assert.equal(hit[0].chart, 'basic-app');
    assert.equal(hit[0].severity, EXPECTED.severity);
    assert.deepEqual(hit[0].resource, { kind: 'ConfigMap', name: EXPECTED.configMap, namespace: EXPECTED.namespace });
    assert.ok(!findings.some((f: { rule: string }) => f.rule === 'hook-uses-regular-resource'), 'turned off by the config');
    assert.match(r.stderr, /vendor\/copy: ignored \(\.helm-hook-guard\.yaml\)/);
  });

  it('render: the values file and --set of the config', () => {
    const r = cli(path.join(repo.dir, 'basic-app'), 'render', '.');
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, new RegExp(`greeting: "${EXPECTED.greeting}"`));
    assert.match(r.stdout, /DATABASE_URL: "007"/, 'a quoted number in the config stays a string');
    assert.match(r.stdout, new RegExp(`name: ${EXPECTED.configMap}`));
  });

  it('flags override the config where given', () => {
    const r = cli(repo.dir, 'check', 'basic-app', '--format', 'json', '--release-name', 'flag', '--rule', 'hook-deletes-referenced-resource=error', '--set', 'config.databaseUrl=x');
    assert.equal(r.status, 1);
    const f = JSON.parse(r.stdout).findings.find((x: { rule: string }) => x.rule === 'hook-deletes-referenced-resource');
    assert.equal(f.severity, 'error');
    assert.deepEqual(f.resource, { kind: 'ConfigMap', name: 'flag-basic-app-config', namespace: EXPECTED.namespace });
    const rendered = cli(repo.dir, 'render', 'basic-app', '--set', 'config.databaseUrl=12');
    assert.match(rendered.stdout, /DATABASE_URL: "12"/, '--set replaces the config value of the same key');
  });

  it('--config names the file explicitly', () => {
    repo.write('other.yaml', 'rules:\n  hook-deletes-referenced-resource: "off"\n');
    const r = cli(repo.dir, 'check', 'basic-app', '--format', 'json', '--config', 'other.yaml');
    assert.ok(!JSON.parse(r.stdout).findings.some((x: { rule: string }) => x.rule === 'hook-deletes-referenced-resource'));
    const missing = cli(repo.dir, 'check', 'basic-app', '--config', 'nope.yaml');
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /--config nope\.yaml: no such file/);
  });

  it('a broken config: a located error naming the file, exit 2, nothing checked', () => {
    repo.write('.helm-hook-guard.yaml', BROKEN_TEXT);
    try {
      for (const cmd of ['check', 'plan', 'render']) {
        const r = cli(repo.dir, cmd, 'basic-app');
        assert.equal(r.status, 2, cmd);
        const pos = positionOf(BROKEN_TEXT, 'helm5');
        assert.match(r.stderr, new RegExp(`^\\.helm-hook-guard\\.yaml:${pos.line + 1}:${pos.character + 1}: error: charts\\[0\\]\\.deployer: "helm5" is not a deployer`, 'm'));
        assert.match(r.stderr, /\.helm-hook-guard\.yaml is not a valid config/);
        assert.equal(r.stdout, '');
      }
    } finally {
      repo.write('.helm-hook-guard.yaml', CONFIG_TEXT);
    }
  });
});
