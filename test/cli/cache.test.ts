// The CLI's persistent baseline cache and its parallel checks, on temporary git repositories.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { REPO_ROOT, SAMPLE_CHART, withHook } from '../helpers/charts';
import { tempRepo, type TempRepo } from '../helpers/git';

const CLI = path.join(REPO_ROOT, 'bin', 'helm-hook-guard');
const CM = 'basic-app/templates/configmap.yaml';

function cli(cwd: string, cacheHome: string, ...args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { ...process.env, XDG_CACHE_HOME: cacheHome } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Stored baseline renders (`b-`) or findings (`f-`). */
function entries(cacheHome: string, kind = 'b-'): string[] {
  const dir = path.join(cacheHome, 'helm-hook-guard');
  return existsSync(dir) ? readdirSync(dir).filter((n) => n.startsWith(kind) && n.endsWith('.json')).sort() : [];
}

function forgetFindings(cacheHome: string): void {
  for (const n of entries(cacheHome, 'f-')) rmSync(path.join(cacheHome, 'helm-hook-guard', n));
}

describe('persistent baseline cache', () => {
  let repo: TempRepo;
  let home: string;
  before(() => {
    repo = tempRepo({ 'basic-app': SAMPLE_CHART });
    repo.commit('regular ConfigMap');
    repo.write(CM, withHook(repo.read(CM)));
    home = mkdtempSync(path.join(tmpdir(), 'hhg-cache-'));
  });
  after(() => {
    repo.dispose();
    rmSync(home, { recursive: true, force: true });
  });

  it('a second call reads the stored render and reports the same', () => {
    const cacheHome = path.join(home, 'a');
    const first = cli(repo.dir, cacheHome, 'check', 'basic-app', '--release-name', 'basic-app', '--format', 'json');
    assert.equal(first.status, 1, first.stderr);
    const stored = entries(cacheHome);
    assert.equal(stored.length, 1);
    const second = cli(repo.dir, cacheHome, 'check', 'basic-app', '--release-name', 'basic-app', '--format', 'json');
    assert.equal(second.status, 1, second.stderr);
    assert.equal(second.stdout, first.stdout);
    assert.deepEqual(entries(cacheHome), stored);
  });

  it('the stored render is what a hit uses (a baseline without the ConfigMap removes the finding)', () => {
    const cacheHome = path.join(home, 'b');
    assert.equal(cli(repo.dir, cacheHome, 'check', 'basic-app', '--release-name', 'basic-app').status, 1);
    const [name] = entries(cacheHome);
    const file = path.join(cacheHome, 'helm-hook-guard', name);
    const stored = JSON.parse(readFileSync(file, 'utf8'));
    const cm = stored.chart.templates.find((t: { path: string }) => t.path === 'templates/configmap.yaml');
    assert.ok(cm, 'the ConfigMap template is stored');
    cm.output = '';
    writeFileSync(file, JSON.stringify(stored));
    forgetFindings(cacheHome);
    // The ConfigMap was not in the (doctored) baseline, so it did not turn from regular into a hook.
    const r = cli(repo.dir, cacheHome, 'check', 'basic-app', '--release-name', 'basic-app');
    assert.equal(r.status, 0, r.stdout);
    assert.doesNotMatch(r.stdout, /hook-deletes-referenced-resource/);
  });

  it('options are part of the key: another release name is another entry', () => {
    const cacheHome = path.join(home, 'c');
    cli(repo.dir, cacheHome, 'check', 'basic-app', '--release-name', 'basic-app');
    cli(repo.dir, cacheHome, 'check', 'basic-app', '--release-name', 'other');
    assert.equal(entries(cacheHome).length, 2);
  });

  it('the Helm of the profile is part of the key: helm3 and helm4 baselines are two entries', () => {
    const cacheHome = path.join(home, 'c3');
    cli(repo.dir, cacheHome, 'check', 'basic-app', '--deployer', 'helm4');
    cli(repo.dir, cacheHome, 'check', 'basic-app', '--deployer', 'helm3');
    assert.equal(entries(cacheHome).length, 2);
    // argocd renders with Helm 4, as helm4 does: the same baseline.
    cli(repo.dir, cacheHome, 'check', 'basic-app', '--deployer', 'argocd');
    assert.equal(entries(cacheHome).length, 2);
  });

  it('a new base commit is another entry; the tree id, not the commit, is the key', () => {
    const cacheHome = path.join(home, 'd');
    const r = tempRepo({ 'basic-app': SAMPLE_CHART });
    try {
      r.commit('one');
      cli(r.dir, cacheHome, 'check', 'basic-app');
      r.write('README.md', 'outside the chart\n');
      r.commit('two: nothing in the chart changed');
      cli(r.dir, cacheHome, 'check', 'basic-app');
      assert.equal(entries(cacheHome).length, 1);
      r.write('basic-app/values.yaml', r.read('basic-app/values.yaml') + '\nextra: 1\n');
      r.commit('three: the chart changed');
      cli(r.dir, cacheHome, 'check', 'basic-app');
      assert.equal(entries(cacheHome).length, 2);
    } finally {
      r.dispose();
    }
  });

  it('a corrupt entry is ignored and replaced', () => {
    const cacheHome = path.join(home, 'e');
    const first = cli(repo.dir, cacheHome, 'check', 'basic-app', '--release-name', 'basic-app');
    const [name] = entries(cacheHome);
    const file = path.join(cacheHome, 'helm-hook-guard', name);
    for (const garbage of ['{"format":1,"key":"', '{"format":1,"key":"' + name.slice(2, -5) + '","chart":{"chartName":"x","errors":[],"templates":[{"path":1}]}}', '\0\0\0']) {
      forgetFindings(cacheHome);
      writeFileSync(file, garbage);
      const r = cli(repo.dir, cacheHome, 'check', 'basic-app', '--release-name', 'basic-app');
      assert.equal(r.status, first.status, r.stderr);
      assert.equal(r.stdout, first.stdout);
      assert.equal(r.stderr, '');
      assert.doesNotThrow(() => JSON.parse(readFileSync(file, 'utf8')), 'rewritten whole');
    }
  });

  it('an unchanged chart gets the stored findings; an edit renders the working tree again, the baseline still stored', () => {
    const cacheHome = path.join(home, 'g');
    const first = cli(repo.dir, cacheHome, 'check', 'basic-app', '--release-name', 'basic-app', '--format', 'json');
    const [found] = entries(cacheHome, 'f-');
    assert.ok(found, 'findings stored');
    const file = path.join(cacheHome, 'helm-hook-guard', found);
    // A hit reads the stored findings: doctored ones show.
    const stored = JSON.parse(readFileSync(file, 'utf8'));
    stored.findings[0].message = 'from the cache';
    writeFileSync(file, JSON.stringify(stored));
    assert.match(cli(repo.dir, cacheHome, 'check', 'basic-app', '--release-name', 'basic-app').stdout, /from the cache/);
    // Corrupt findings are ignored and replaced.
    writeFileSync(file, '{"format":1,"key":"x","findings":[{}]}');
    const again = cli(repo.dir, cacheHome, 'check', 'basic-app', '--release-name', 'basic-app', '--format', 'json');
    assert.equal(again.stdout, first.stdout);
    // Another working tree: new findings entry, same baseline entry.
    const cmText = repo.read(CM);
    try {
      repo.write(CM, cmText + '# edited\n');
      const edited = cli(repo.dir, cacheHome, 'check', 'basic-app', '--release-name', 'basic-app', '--format', 'json');
      assert.equal(edited.status, 1);
      assert.equal(entries(cacheHome, 'f-').length, 2);
      assert.equal(entries(cacheHome).length, 1);
    } finally {
      repo.write(CM, cmText);
    }
  });

  it('parsed templates: one entry per chart, rewritten with the edited file; a corrupt one is parsed again', () => {
    const cacheHome = path.join(home, 't');
    const args = ['check', 'basic-app', '--release-name', 'basic-app', '--format', 'json'];
    const first = cli(repo.dir, cacheHome, ...args);
    const [bundle] = entries(cacheHome, 't-');
    assert.ok(bundle, 'a template bundle is stored');
    const file = path.join(cacheHome, 'helm-hook-guard', bundle);
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    assert.ok(lines.length > 2 && lines.every((l) => /^[0-9a-f]{64}\t\[/.test(l)), 'key<TAB>trees lines');
    const deployment = 'basic-app/templates/deployment.yaml'; // large enough to be stored (small texts parse faster)
    const text = repo.read(deployment);
    try {
      // A new text of one file: the bundle holds its trees instead of the old ones, as many lines as before.
      repo.write(deployment, text + '{{- /* edited */}}\n');
      cli(repo.dir, cacheHome, ...args);
      const after = readFileSync(file, 'utf8').trim().split('\n');
      assert.equal(after.length, lines.length);
      assert.equal(after.filter((l) => !lines.includes(l)).length, 1);
    } finally {
      repo.write(deployment, text);
    }
    for (const n of entries(cacheHome, 'f-')) rmSync(path.join(cacheHome, 'helm-hook-guard', n));
    writeFileSync(file, lines.map((l) => l.slice(0, 65) + '[["x",').join('\n'));
    assert.equal(cli(repo.dir, cacheHome, ...args).stdout, first.stdout);
  });

  it('an unwritable cache folder changes nothing but the speed', () => {
    const blocker = path.join(home, 'not-a-folder');
    writeFileSync(blocker, 'a file where the cache folder would be');
    const r = cli(repo.dir, blocker, 'check', 'basic-app', '--release-name', 'basic-app');
    assert.equal(r.status, 1);
    assert.match(r.stdout, /hook-deletes-referenced-resource/);
    assert.equal(r.stderr, '');
  });

  it('--no-cache neither reads nor writes', () => {
    const cacheHome = path.join(home, 'f');
    const r = cli(repo.dir, cacheHome, 'check', 'basic-app', '--release-name', 'basic-app', '--no-cache');
    assert.equal(r.status, 1);
    assert.deepEqual(entries(cacheHome, ''), []);
    assert.equal(cli(repo.dir, cacheHome, 'check', 'basic-app', '--no-cache=1').status, 2);
  });
});

describe('several charts in one call', () => {
  let repo: TempRepo;
  let cacheHome: string;
  before(() => {
    repo = tempRepo({ a: SAMPLE_CHART, b: SAMPLE_CHART, c: SAMPLE_CHART });
    repo.commit('three charts');
    repo.write('b/templates/configmap.yaml', withHook(repo.read('b/templates/configmap.yaml')));
    mkdirSync(path.join(repo.dir, 'empty'));
    cacheHome = mkdtempSync(path.join(tmpdir(), 'hhg-cache-'));
  });
  after(() => {
    repo.dispose();
    rmSync(cacheHome, { recursive: true, force: true });
  });

  it('workers report what one thread reports, in the order given', () => {
    const serial = cli(repo.dir, cacheHome, 'check', 'c', 'b', 'a', '--jobs', '1', '--format', 'json');
    const parallel = cli(repo.dir, cacheHome, 'check', 'c', 'b', 'a', '--jobs', '3', '--format', 'json');
    assert.equal(serial.status, 1, serial.stderr);
    assert.equal(parallel.status, 1, parallel.stderr);
    assert.equal(parallel.stdout, serial.stdout);
    const findings: { chart: string; severity: string }[] = JSON.parse(parallel.stdout).findings;
    assert.deepEqual([...new Set(findings.map((f) => f.chart))], ['c', 'b', 'a']);
    assert.deepEqual([...new Set(findings.filter((f) => f.severity === 'error').map((f) => f.chart))], ['b']);
  });

  it('a folder that is not a chart fails the call with its name, as without workers', () => {
    for (const jobs of ['1', '2']) {
      const r = cli(repo.dir, cacheHome, 'check', 'a', 'empty', 'b', '--jobs', jobs);
      assert.equal(r.status, 2);
      assert.match(r.stderr, /empty is not a chart folder \(no Chart\.yaml\)/);
    }
  });

  it('--jobs takes a whole number', () => {
    for (const bad of ['0', 'x', '-1', '1.5']) assert.equal(cli(repo.dir, cacheHome, 'check', 'a', '--jobs', bad).status, 2, bad);
  });
});
