// .pre-commit-hooks.yaml run by the real pre-commit (Debian's package) on a temporary repository, offline: the hook
// repository is a local clone, and `language: system` installs nothing.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { REPO_ROOT, SAMPLE_CHART, withHook } from '../helpers/charts';
import { tempRepo, type TempRepo } from '../helpers/git';

describe('pre-commit hook', () => {
  let hooks: TempRepo;
  let repo: TempRepo;
  let home: string;
  let env: NodeJS.ProcessEnv;
  const CM = 'charts/basic-app/templates/configmap.yaml';
  const git = (r: TempRepo, ...args: string[]) => r.git('-c', 'user.name=t', '-c', 'user.email=t@example.invalid', ...args);

  before(() => {
    assert.equal(spawnSync('pre-commit', ['--version']).status, 0, 'pre-commit is not installed (apt-get install pre-commit; .ci/run does)');
    home = mkdtempSync(path.join(tmpdir(), 'hhg-pre-commit-'));
    // The hook definition as this checkout has it, committed in a repository pre-commit can clone.
    hooks = tempRepo();
    copyFileSync(path.join(REPO_ROOT, '.pre-commit-hooks.yaml'), path.join(hooks.dir, '.pre-commit-hooks.yaml'));
    hooks.commit('hooks');
    const rev = hooks.git('rev-parse', 'HEAD').trim();
    repo = tempRepo({ 'charts/basic-app': SAMPLE_CHART });
    repo.write('.pre-commit-config.yaml', `repos:\n  - repo: ${hooks.dir}\n    rev: ${rev}\n    hooks:\n      - id: helm-hook-guard\n        args: [--release-name, basic-app]\n`);
    repo.write('README.md', '# charts\n');
    repo.commit('base');
    env = {
      ...process.env,
      PRE_COMMIT_HOME: path.join(home, 'cache'),
      // `helm-hook-guard` on PATH, as `npm install --global` puts it.
      PATH: `${path.join(REPO_ROOT, 'bin')}:${path.dirname(process.execPath)}:${process.env.PATH}`,
      NO_COLOR: '1',
      GIT_AUTHOR_NAME: 't',
      GIT_AUTHOR_EMAIL: 't@example.invalid',
      GIT_COMMITTER_NAME: 't',
      GIT_COMMITTER_EMAIL: 't@example.invalid',
    };
    const install = spawnSync('pre-commit', ['install'], { cwd: repo.dir, env, encoding: 'utf8' });
    assert.equal(install.status, 0, install.stderr + install.stdout);
  });
  after(() => {
    repo.dispose();
    hooks.dispose();
    rmSync(home, { recursive: true, force: true });
  });

  it('blocks a commit that makes a mounted ConfigMap a hook, with the finding in its output', () => {
    repo.write(CM, withHook(repo.read(CM)));
    git(repo, 'add', '-A');
    const r = spawnSync('git', ['commit', '-q', '-m', 'make it a hook'], { cwd: repo.dir, env, encoding: 'utf8' });
    assert.notEqual(r.status, 0, 'the commit is refused');
    assert.match(r.stdout + r.stderr, /helm-hook-guard\.+Failed/);
    assert.match(r.stdout + r.stderr, /charts\/basic-app\/templates\/configmap\.yaml:\d+:\d+: error hook-deletes-referenced-resource: /);
    assert.equal(git(repo, 'log', '--format=%s', '-1').trim(), 'base');
  });

  it('lets a harmless change through, and skips commits with no chart files', () => {
    git(repo, 'reset', '-q', '--hard');
    repo.write('charts/basic-app/values.yaml', repo.read('charts/basic-app/values.yaml') + '# a comment\n');
    git(repo, 'add', '-A');
    const ok = spawnSync('git', ['commit', '-q', '-m', 'comment'], { cwd: repo.dir, env, encoding: 'utf8' });
    assert.equal(ok.status, 0, ok.stdout + ok.stderr);
    assert.match(ok.stdout + ok.stderr, /helm-hook-guard\.+Passed/);
    repo.write('README.md', '# charts, documented\n');
    git(repo, 'add', '-A');
    const docs = spawnSync('git', ['commit', '-q', '-m', 'docs'], { cwd: repo.dir, env, encoding: 'utf8' });
    assert.equal(docs.status, 0);
    assert.match(docs.stdout + docs.stderr, /helm-hook-guard\.+\(no files to check\)Skipped/);
  });

  it('with args: [--daemon], blocks the same commit through a daemon that stays for the next one, and `daemon stop` ends it', () => {
    const cache = mkdtempSync(path.join(tmpdir(), 'hhg-pre-commit-cache-'));
    const denv = { ...env, XDG_CACHE_HOME: cache };
    const daemons = () => (existsSync(path.join(cache, 'helm-hook-guard', 'daemon')) ? readdirSync(path.join(cache, 'helm-hook-guard', 'daemon')).filter((f) => f.endsWith('.sock')) : []);
    try {
      git(repo, 'reset', '-q', '--hard');
      repo.write('.pre-commit-config.yaml', repo.read('.pre-commit-config.yaml').replace('args: [--release-name, basic-app]', 'args: [--daemon, --release-name, basic-app]'));
      git(repo, 'add', '-A');
      assert.equal(spawnSync('git', ['commit', '-q', '-m', 'daemon'], { cwd: repo.dir, env: denv, encoding: 'utf8' }).status, 0);
      for (let i = 0; i < 2; i++) {
        repo.write(CM, withHook(git(repo, 'show', `HEAD:${CM}`)));
        git(repo, 'add', '-A');
        const r = spawnSync('git', ['commit', '-q', '-m', 'make it a hook'], { cwd: repo.dir, env: denv, encoding: 'utf8' });
        assert.notEqual(r.status, 0, 'the commit is refused');
        assert.match(r.stdout + r.stderr, /charts\/basic-app\/templates\/configmap\.yaml:\d+:\d+: error hook-deletes-referenced-resource: /);
        assert.equal(daemons().length, 1, 'one daemon listens, and the second commit used it');
        git(repo, 'reset', '-q', '--hard');
      }
      // From the shell, whose PATH is not the hook's (git puts its own folder first): every daemon of the cache folder.
      const stop = spawnSync(process.execPath, [path.join(REPO_ROOT, 'bin', 'helm-hook-guard'), 'daemon', 'stop'], { cwd: repo.dir, env: denv, encoding: 'utf8' });
      assert.equal(stop.status, 0, stop.stderr);
      for (let i = 0; i < 100 && daemons().length > 0; i++) spawnSync('sleep', ['0.05']);
      assert.deepEqual(daemons(), []);
    } finally {
      spawnSync(process.execPath, [path.join(REPO_ROOT, 'bin', 'helm-hook-guard'), 'daemon', 'stop'], { env: denv });
      rmSync(cache, { recursive: true, force: true });
    }
  });
});
