// helm-hook-guard audit on a generated history: it finds the hazards committed in it, at the commit that made each,
// and the commit that fixed it, and nothing else (not again at a merge, not at commits outside the chart).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { REPO_ROOT, SAMPLE_CHART, withHook } from '../helpers/charts';
import { tempRepo, type TempRepo } from '../helpers/git';

const CLI = path.join(REPO_ROOT, 'bin', 'helm-hook-guard');
const audit = (cwd: string, ...args: string[]) => spawnSync(process.execPath, [CLI, 'audit', ...args], { cwd, encoding: 'utf8' });

interface Report {
  sha: string;
  subject: string;
  introduced: { rule: string; severity: string; file: string }[];
  fixed: { rule: string }[];
}

describe('helm-hook-guard audit', () => {
  let repo: TempRepo;
  const CM = 'basic-app/templates/configmap.yaml';
  const JOB = 'basic-app/templates/migration-job.yaml';
  before(() => {
    repo = tempRepo({ 'basic-app': SAMPLE_CHART });
    const regular = repo.read(CM);
    repo.commit('add chart');
    repo.write('README.md', '# docs\n');
    repo.commit('unrelated');
    repo.git('checkout', '-qb', 'feature');
    repo.write(CM, withHook(regular));
    repo.commit('make the config a hook');
    repo.git('checkout', '-q', 'main');
    repo.write('basic-app/values.yaml', repo.read('basic-app/values.yaml') + '# note\n');
    repo.commit('values comment');
    repo.git('-c', 'user.name=t', '-c', 'user.email=t@example.invalid', 'merge', '-q', '--no-ff', 'feature', '-m', 'merge feature');
    repo.write('basic-app/NOTES.txt', 'installed\n');
    repo.commit('notes');
    repo.git('tag', 'before-revert');
    repo.write(CM, regular);
    repo.commit('hook back to regular');
    repo.write(JOB, repo.read(JOB).replace('pre-install,pre-upgrade', 'pre-instal,pre-upgrade'));
    repo.commit('typo in the job hook');
    repo.write(JOB, repo.read(JOB).replace('pre-instal,pre-upgrade', 'pre-install,pre-upgrade'));
    repo.commit('fix the typo');
    repo.write(CM, withHook(regular)); // uncommitted: never part of the history
  });
  after(() => repo.dispose());

  const rules = (r: Report, k: 'introduced' | 'fixed') => r[k].map((f) => f.rule).sort();

  it('json: per commit, what it introduced and fixed', () => {
    const r = audit(repo.dir, 'basic-app', '--format', 'json', '--release-name', 'app');
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    const by = new Map<string, Report>(out.commits.map((c: Report) => [c.subject, c]));
    // Oldest first; the two sides of the merge in either order.
    const order = [...by.keys()];
    assert.deepEqual(order.slice(1, 3).sort(), ['make the config a hook', 'values comment']);
    assert.deepEqual([order[0], ...order.slice(3)], ['add chart', 'merge feature', 'notes', 'hook back to regular', 'typo in the job hook', 'fix the typo']);
    assert.deepEqual(rules(by.get('add chart')!, 'introduced'), ['hook-uses-regular-resource']);
    assert.deepEqual(rules(by.get('make the config a hook')!, 'introduced'), ['hook-deletes-referenced-resource', 'hook-left-after-uninstall', 'hook-not-restored-on-rollback']);
    assert.deepEqual(rules(by.get('make the config a hook')!, 'fixed'), ['hook-uses-regular-resource']);
    for (const quiet of ['values comment', 'merge feature', 'notes']) {
      assert.deepEqual(by.get(quiet)!.introduced, [], quiet);
      assert.deepEqual(by.get(quiet)!.fixed, [], quiet);
    }
    assert.deepEqual(rules(by.get('hook back to regular')!, 'introduced'), ['hook-to-regular-ownership-conflict', 'hook-uses-regular-resource']);
    assert.deepEqual(rules(by.get('hook back to regular')!, 'fixed'), ['hook-left-after-uninstall', 'hook-not-restored-on-rollback']);
    assert.deepEqual(rules(by.get('typo in the job hook')!, 'introduced'), ['hook-event-unknown']);
    assert.deepEqual(rules(by.get('fix the typo')!, 'fixed'), ['hook-event-unknown']);
    const hit = by.get('make the config a hook')!.introduced.find((f) => f.rule === 'hook-deletes-referenced-resource')!;
    assert.equal(hit.severity, 'error');
    assert.equal(hit.file, 'templates/configmap.yaml');
    assert.equal(out.summary.commits, 8);
  });

  it('--jobs: worker threads over runs of the history give the same answer', () => {
    const strip = (stdout: string) => JSON.parse(stdout).commits;
    const one = audit(repo.dir, 'basic-app', '--format', 'json', '--jobs', '1');
    const three = audit(repo.dir, 'basic-app', '--format', 'json', '--jobs', '3');
    assert.equal(three.status, 0, three.stderr);
    assert.deepEqual(strip(three.stdout), strip(one.stdout));
  });

  it('text: only commits with something to say, and a summary', () => {
    const r = audit(repo.dir, 'basic-app', '--no-color');
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^[0-9a-f]{12} \d{4}-\d\d-\d\d make the config a hook\n  \+ error hook-deletes-referenced-resource templates\/configmap\.yaml:\d+:\d+: /m);
    assert.match(r.stdout, /^  - fixed error hook-event-unknown /m);
    assert.doesNotMatch(r.stdout, /merge feature|values comment|unrelated/);
    assert.match(r.stdout, /^8 commits touched basic-app: 8 hazards introduced \(3 errors\), 5 fixed; [\d.]+ s\.$/m);
  });

  it('--since and --until bound the walk; the working tree is never read', () => {
    const r = audit(repo.dir, 'basic-app', '--format', 'json', '--since', 'before-revert');
    const subjects = JSON.parse(r.stdout).commits.map((c: Report) => c.subject);
    assert.deepEqual(subjects, ['hook back to regular', 'typo in the job hook', 'fix the typo']);
    const u = audit(repo.dir, 'basic-app', '--format', 'json', '--until', 'before-revert');
    assert.equal(JSON.parse(u.stdout).commits.at(-1).subject, 'notes');
    const bad = audit(repo.dir, 'basic-app', '--since', 'nope');
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /the ref "nope" does not exist/);
    const outside = tempRepo({ 'basic-app': SAMPLE_CHART }, false);
    try {
      const none = audit(outside.dir, 'basic-app');
      assert.equal(none.status, 2);
      assert.match(none.stderr, /not in a git repository/);
    } finally {
      outside.dispose();
    }
  });

  it('a render error that only moves down a few lines is neither fixed nor introduced again', () => {
    const r2 = tempRepo({ 'basic-app': SAMPLE_CHART });
    try {
      r2.commit('add chart');
      const SVC = 'basic-app/templates/service.yaml';
      r2.write(SVC, r2.read(SVC).replace('{{- include', '{{- inclde'));
      r2.commit('break the service');
      r2.write(SVC, '# a comment\n# another\n' + r2.read(SVC));
      r2.commit('comment above it');
      const out = JSON.parse(audit(r2.dir, 'basic-app', '--format', 'json').stdout);
      const [, broke, moved] = out.commits as Report[];
      assert.deepEqual(rules(broke, 'introduced'), ['template-render-error']);
      assert.deepEqual(moved.introduced, []);
      assert.deepEqual(moved.fixed, []);
    } finally {
      r2.dispose();
    }
  });
});
