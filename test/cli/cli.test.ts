import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import Ajv from 'ajv-draft-04';
import { REPO_ROOT, SAMPLE_CHART, withHook, positionOf } from '../helpers/charts';
import { commitIgnoredSubchart, tempRepo, withOrigin, type TempRepo } from '../helpers/git';

const CLI = path.join(REPO_ROOT, 'bin', 'helm-hook-guard');

function cli(cwd: string, ...args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('helm-hook-guard check on a git repository', () => {
  let repo: TempRepo;
  const CM = 'basic-app/templates/configmap.yaml';
  before(() => {
    repo = tempRepo({ 'basic-app': SAMPLE_CHART });
    repo.commit('regular ConfigMap');
    repo.write(CM, withHook(repo.read(CM)));
  });
  after(() => repo.dispose());

  it('text: compiler-like lines with related notes, exit 1', () => {
    const r = cli(repo.dir, 'check', 'basic-app', '--release-name', 'basic-app');
    assert.equal(r.status, 1, r.stderr);
    const pos = positionOf(repo.read(CM), '"helm.sh/hook":');
    const lines = r.stdout.split('\n');
    assert.match(lines[0], new RegExp(`^${CM}:${pos.line + 1}:${pos.character + 1}: error hook-deletes-referenced-resource: helm upgrade will delete ConfigMap basic-app-config \\(now a hook\\): pods cannot start$`));
    assert.match(lines[1], /^  On the next helm upgrade the pre-upgrade hook recreates ConfigMap basic-app-config/);
    assert.match(lines[2], /^  basic-app\/templates\/deployment.yaml:\d+:\d+: note: Deployment basic-app references ConfigMap basic-app-config here \(volume "config"\)$/);
    assert.match(r.stdout, /\d+ findings: 1 error\(s\)/);
  });

  it('json: findings with chart-relative files and LSP positions', () => {
    const r = cli(repo.dir, 'check', 'basic-app', '--format', 'json', '--release-name', 'basic-app');
    assert.equal(r.status, 1, r.stderr);
    const { findings } = JSON.parse(r.stdout);
    const errors = findings.filter((x: { severity: string }) => x.severity === 'error');
    assert.equal(errors.length, 1);
    const f = errors[0];
    assert.equal(f.rule, 'hook-deletes-referenced-resource');
    assert.equal(f.severity, 'error');
    assert.equal(f.file, 'templates/configmap.yaml');
    assert.deepEqual(f.range.start, positionOf(repo.read(CM), '"helm.sh/hook":'));
    assert.deepEqual(f.resource, { kind: 'ConfigMap', name: 'basic-app-config', namespace: 'default' });
    assert.equal(f.referencedBy.length, 1);
    assert.deepEqual(
      { kind: f.referencedBy[0].kind, name: f.referencedBy[0].name, file: f.referencedBy[0].file, via: f.referencedBy[0].via },
      { kind: 'Deployment', name: 'basic-app', file: 'templates/deployment.yaml', via: 'volume "config"' },
    );
  });

  it('sarif: valid SARIF 2.1.0', () => {
    const r = cli(repo.dir, 'check', 'basic-app', '--format', 'sarif', '--release-name', 'basic-app');
    assert.equal(r.status, 1, r.stderr);
    const log = JSON.parse(r.stdout);
    const schemaPath = require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');
    const schema = JSON.parse(readFileSync(schemaPath, 'utf8'));
    const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
    const validate = ajv.compile(schema);
    assert.ok(validate(structuredClone(log)), JSON.stringify(validate.errors, null, 1));
    const result = log.runs[0].results.find((x: { level: string }) => x.level === 'error');
    assert.equal(result.ruleId, 'hook-deletes-referenced-resource');
    assert.equal(result.level, 'error');
    assert.equal(result.locations[0].physicalLocation.artifactLocation.uri, CM);
    assert.equal(result.relatedLocations.length, 1);
  });

  it('exit 0 when the base already has the hook', () => {
    const other = tempRepo({ 'basic-app': SAMPLE_CHART });
    try {
      other.write(CM, withHook(other.read(CM)));
      other.commit('hook from the start');
      const r = cli(other.dir, 'check', 'basic-app', '--release-name', 'basic-app');
      assert.equal(r.status, 0, r.stdout + r.stderr);
      assert.doesNotMatch(r.stdout, /hook-deletes-referenced-resource/);
    } finally {
      other.dispose();
    }
  });

  it('--base compares with another ref', () => {
    repo.git('tag', 'v1');
    const r = cli(repo.dir, 'check', 'basic-app', '--base', 'v1', '--format', 'json', '--release-name', 'basic-app');
    assert.equal(JSON.parse(r.stdout).findings.filter((x: { rule: string }) => x.rule === 'hook-deletes-referenced-resource').length, 1);
    const missing = cli(repo.dir, 'check', 'basic-app', '--base', 'no-such-ref');
    assert.equal(missing.status, 0);
    assert.match(missing.stderr, /no baseline at no-such-ref \(the base ref "no-such-ref" does not exist/);
  });
});

describe('helm-hook-guard check against several bases', () => {
  const CM = 'basic-app/templates/configmap.yaml';
  it('a committed hook on a branch whose upstream is main: the error stays, named by the merge-base', () => {
    const repo = tempRepo({ 'basic-app': SAMPLE_CHART });
    try {
      repo.commit('regular ConfigMap');
      withOrigin(repo);
      repo.write(CM, withHook(repo.read(CM)));
      repo.commit('make it a hook');
      const main = repo.git('rev-parse', 'main').trim();
      const r = cli(repo.dir, 'check', 'basic-app', '--release-name', 'basic-app', '--no-cache');
      assert.equal(r.status, 1, r.stdout + r.stderr);
      assert.match(r.stdout, /error hook-deletes-referenced-resource: helm upgrade will delete ConfigMap basic-app-config/);
      assert.match(r.stdout, new RegExp(`^  compared with origin/main \\(merge-base ${main.slice(0, 8)}\\)$`, 'm'));
      const json = JSON.parse(cli(repo.dir, 'check', 'basic-app', '--release-name', 'basic-app', '--format', 'json').stdout);
      const errors = json.findings.filter((f: { severity: string }) => f.severity === 'error');
      assert.equal(errors.length, 1, 'one finding, not one per base');
      assert.match(errors[0].base, /^origin\/main \(merge-base /);
      // A second run reads the cache: the same answer.
      const again = cli(repo.dir, 'check', 'basic-app', '--release-name', 'basic-app');
      assert.equal(again.status, 1, again.stdout + again.stderr);
      // One --base is that base alone (today's behaviour); several are each compared with.
      assert.equal(cli(repo.dir, 'check', 'basic-app', '--release-name', 'basic-app', '--base', 'HEAD').status, 0);
      const both = cli(repo.dir, 'check', 'basic-app', '--release-name', 'basic-app', '--base', 'HEAD', '--base', 'main');
      assert.equal(both.status, 1, both.stdout + both.stderr);
      assert.match(both.stdout, /^  compared with main$/m);
      // Merged (main moves to the branch): HEAD is the merge-base, nothing to report.
      repo.git('push', '-q', 'origin', 'HEAD:main');
      repo.git('fetch', '-q', 'origin');
      assert.equal(cli(repo.dir, 'check', 'basic-app', '--release-name', 'basic-app').status, 0);
    } finally {
      repo.dispose();
    }
  });

  it('repository config: baseRefs', () => {
    const repo = tempRepo({ 'basic-app': SAMPLE_CHART });
    try {
      repo.commit('regular ConfigMap');
      repo.git('tag', 'v1');
      repo.write(CM, withHook(repo.read(CM)));
      repo.commit('hook');
      repo.write('.helm-hook-guard.yaml', 'baseRefs: [HEAD, v1]\n');
      const r = cli(repo.dir, 'check', 'basic-app', '--release-name', 'basic-app');
      assert.equal(r.status, 1, r.stdout + r.stderr);
      assert.match(r.stdout, /^  compared with v1$/m);
      repo.write('.helm-hook-guard.yaml', 'baseRefs: []\n');
      assert.equal(cli(repo.dir, 'check', 'basic-app').status, 2);
    } finally {
      repo.dispose();
    }
  });
});

describe('helm-hook-guard check with subcharts git does not hold', () => {
  it('charts/* ignored: the baseline borrows the working tree copy and says so on stderr once', () => {
    const repo = tempRepo();
    try {
      commitIgnoredSubchart(repo);
      assert.equal(repo.git('ls-files', 'app/charts').trim(), '', 'git holds no subchart');
      repo.write('app/values.yaml', 'sub:\n  hook: true\n');
      for (const extra of [['--no-cache'], [], []]) {
        const r = cli(repo.dir, 'check', 'app', ...extra);
        assert.equal(r.status, 1, r.stdout + r.stderr);
        assert.match(r.stdout, /app\/charts\/sub\/templates\/cm.yaml:\d+:\d+: error hook-deletes-referenced-resource/);
      }
      const r = cli(repo.dir, 'check', 'app', '--no-cache');
      assert.equal(r.stderr.match(/lacks charts\/sub\//g)?.length, 1, r.stderr);
      assert.match(r.stderr, /helm-hook-guard: app: baseline HEAD lacks charts\/sub\/ \(not in git: ignored or never committed\); the working tree's copy stands in/);
      // Neither side has it: a notice at its name in Chart.yaml.
      rmSync(path.join(repo.dir, 'app', 'charts'), { recursive: true });
      const none = JSON.parse(cli(repo.dir, 'check', 'app', '--format', 'json').stdout);
      assert.deepEqual(none.findings.map((f: { rule: string; file: string; range: { start: { line: number } } }) => [f.rule, f.file, f.range.start.line]), [['dependency-missing', 'Chart.yaml', 4]]);
    } finally {
      repo.dispose();
    }
  });
});

describe('helm-hook-guard check without a usable baseline', () => {
  it('not a git repository: a clear notice, no crash, exit 0', () => {
    const dir = tempRepo({ 'basic-app': SAMPLE_CHART }, false);
    try {
      const r = cli(dir.dir, 'check', 'basic-app');
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stderr, /no baseline at HEAD \(the folder is not in a git repository\)/);
    } finally {
      dir.dispose();
    }
  });

  it('a repository without commits', () => {
    const dir = tempRepo({ 'basic-app': SAMPLE_CHART });
    try {
      const r = cli(dir.dir, 'check', 'basic-app');
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stderr, /the repository has no commits yet/);
    } finally {
      dir.dispose();
    }
  });

  it('a broken template: a located error, exit 1, other findings still reported', () => {
    const repo = tempRepo({ 'basic-app': SAMPLE_CHART });
    try {
      repo.commit('base');
      repo.write('basic-app/templates/configmap.yaml', withHook(repo.read('basic-app/templates/configmap.yaml')));
      repo.write('basic-app/templates/service.yaml', repo.read('basic-app/templates/service.yaml').replace('{{- include', '{{- inclde'));
      const r = cli(repo.dir, 'check', 'basic-app', '--release-name', 'basic-app');
      assert.equal(r.status, 1);
      assert.match(r.stdout, /^basic-app\/templates\/service.yaml:\d+:\d+: error template-render-error: .*function "inclde" not defined/m);
      assert.match(r.stdout, /error hook-deletes-referenced-resource/);
    } finally {
      repo.dispose();
    }
  });
});

describe('helm-hook-guard usage', () => {
  it('exit 2 with a message on usage errors', () => {
    for (const args of [[], ['plan'], ['lint', 'x'], ['check', 'x', '--format', 'xml'], ['check', 'x', '--bogus'], ['check', '--rule', 'no-such-rule=error'], ['check', '--rule', 'hook-weight-invalid=loud']]) {
      const r = cli(REPO_ROOT, ...args);
      assert.equal(r.status, 2, args.join(' '));
      assert.match(r.stderr, /helm-hook-guard: /);
    }
  });

  it('exit 2 when the folder is not a chart', () => {
    const r = cli(REPO_ROOT, 'check', 'server');
    assert.equal(r.status, 2);
    assert.match(r.stderr, /server is not a chart folder/);
  });

  it('--help prints the contract', () => {
    const r = cli(REPO_ROOT, '--help');
    assert.equal(r.status, 0);
    assert.match(r.stdout, /check \[<chart or file>\.\.\.\] \[--base <ref>\] \[--head <ref>\] \[--format text\|json\|sarif\|codeclimate\]/);
  });
});
