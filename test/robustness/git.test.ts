// Git edge cases: the baseline comes from wherever git can give it, and a clear reason is given when it cannot.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { REPO_ROOT, SAMPLE_CHART, withHook } from '../helpers/charts';
import { runGit } from '../../server/src/git/git';
import { tempRepo, type TempRepo } from '../helpers/git';

const CLI = path.join(REPO_ROOT, 'bin', 'helm-hook-guard');
const RULE = 'hook-deletes-referenced-resource';
const CM = 'basic-app/templates/configmap.yaml';

function check(cwd: string, chart = 'basic-app', env: NodeJS.ProcessEnv = process.env, ...extra: string[]) {
  return spawnSync(process.execPath, [CLI, 'check', chart, '--release-name', 'basic-app', ...extra], { cwd, encoding: 'utf8', env });
}

/** The sample committed, the hook added in the working tree. */
function mistake(): TempRepo {
  const repo = tempRepo({ 'basic-app': SAMPLE_CHART });
  repo.commit('base');
  repo.write(CM, withHook(repo.read(CM)));
  return repo;
}

describe('git edge cases', () => {
  let repo: TempRepo;
  before(() => (repo = mistake()));
  after(() => repo.dispose());

  it('detached HEAD', () => {
    repo.git('checkout', '-q', '--detach');
    assert.match(check(repo.dir).stdout, new RegExp(RULE));
  });

  it('an index.lock left by a crashed git', () => {
    writeFileSync(path.join(repo.dir, '.git', 'index.lock'), '');
    try {
      assert.match(check(repo.dir).stdout, new RegExp(RULE));
    } finally {
      rmSync(path.join(repo.dir, '.git', 'index.lock'));
    }
  });

  it('a file renamed since the baseline (identities, not paths, matter)', () => {
    const other = mistake();
    try {
      renameSync(path.join(other.dir, CM), path.join(other.dir, 'basic-app/templates/cm-renamed.yaml'));
      const r = check(other.dir);
      assert.match(r.stdout, /cm-renamed\.yaml:\d+:\d+: error hook-deletes-referenced-resource/);
    } finally {
      other.dispose();
    }
  });

  it('a shallow clone', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'hhg-shallow-'));
    try {
      execFileSync('git', ['clone', '-q', '--depth', '1', `file://${repo.dir}`, dir], { stdio: 'ignore' });
      writeFileSync(path.join(dir, CM), withHook(repo.read(CM).replace(/  annotations:[\s\S]*?before-hook-creation\n/, '')));
      assert.match(check(dir).stdout, new RegExp(RULE));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a linked worktree (.git is a file)', () => {
    const wt = path.join(mkdtempSync(path.join(tmpdir(), 'hhg-wt-')), 'wt');
    try {
      repo.git('worktree', 'add', '-q', '--detach', wt, 'HEAD');
      writeFileSync(path.join(wt, CM), withHook(repo.read(CM).replace(/  annotations:[\s\S]*?before-hook-creation\n/, '')));
      assert.match(check(wt).stdout, new RegExp(RULE));
    } finally {
      repo.git('worktree', 'remove', '--force', wt);
    }
  });

  it('a chart inside a submodule takes its baseline from the submodule', () => {
    const outer = tempRepo();
    try {
      outer.write('README', 'outer\n');
      outer.commit('outer');
      outer.git('-c', 'protocol.file.allow=always', 'submodule', 'add', '-q', repo.dir, 'sub');
      outer.commit('add submodule');
      const cm = path.join(outer.dir, 'sub', CM);
      writeFileSync(cm, withHook(execFileSync('git', ['show', `HEAD:${CM}`], { cwd: path.join(outer.dir, 'sub') }).toString()));
      assert.match(check(path.join(outer.dir, 'sub')).stdout, new RegExp(RULE));
      assert.match(check(outer.dir, 'sub/basic-app').stdout, new RegExp(RULE));
    } finally {
      outer.dispose();
    }
  });

  it('a base ref that does not exist: a clear message, the other rules still run', () => {
    const r = check(repo.dir, 'basic-app', process.env, '--base', 'release/9.9');
    assert.equal(r.status, 0);
    assert.match(r.stderr, /no baseline at release\/9\.9 \(the base ref "release\/9\.9" does not exist in this repository\)/);
    assert.match(r.stdout, /hook-left-after-uninstall/);
  });

  it('a base ref that looks like an option is refused', () => {
    const r = check(repo.dir, 'basic-app', process.env, '--base=--output=/tmp/x');
    assert.match(r.stderr, /starts with "-"/);
  });

  it('git not installed', () => {
    const r = check(repo.dir, 'basic-app', { ...process.env, PATH: '/nonexistent' });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stderr, /git is not installed/);
    assert.match(r.stdout, /hook-left-after-uninstall/);
  });
});

describe('a hostile repository', () => {
  it('its core.fsmonitor is live for a plain git, and neutralised for ours', async () => {
    const repo = mistake();
    const marker = path.join(repo.dir, 'FSMONITOR-RAN');
    try {
      repo.git('config', 'core.fsmonitor', `touch ${marker}; false`);
      await runGit(repo.dir, ['status', '--porcelain']);
      assert.equal(existsSync(marker), false, 'our git ran the fsmonitor command');
      spawnSync('git', ['status', '--porcelain'], { cwd: repo.dir });
      assert.equal(existsSync(marker), true, 'control: a plain git status runs it (so the check above means something)');
    } finally {
      repo.dispose();
    }
  });

  it('cannot make our git calls run a command (core.fsmonitor, hooks, pager, ssh)', () => {
    const repo = mistake();
    const marker = path.join(repo.dir, 'PWNED');
    try {
      const cmd = `touch ${marker}`;
      repo.git('config', 'core.fsmonitor', cmd);
      repo.git('config', 'core.hooksPath', '.githooks');
      repo.git('config', 'core.pager', cmd);
      repo.git('config', 'core.sshCommand', cmd);
      repo.git('config', 'diff.external', cmd);
      repo.write('.githooks/post-checkout', `#!/bin/sh\n${cmd}\n`);
      const r = check(repo.dir);
      assert.match(r.stdout, new RegExp(RULE));
      assert.equal(existsSync(marker), false, 'a command from .git/config ran');
    } finally {
      repo.dispose();
    }
  });
});
