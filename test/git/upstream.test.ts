// The default bases' git side: HEAD, the upstream branch and their merge-base, cached like resolved refs.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as path from 'node:path';
import { BaselineProvider } from '../../server/src/git/baseline';
import { readChart } from '../../server/src/workspace/files';
import { SAMPLE_CHART } from '../helpers/charts';
import { tempRepo, withOrigin } from '../helpers/git';

describe('BaselineProvider.repositoryRefs', () => {
  it('finds the upstream (or origin/HEAD) and the merge-base; moved refs are seen after refsChanged, or one call after the TTL', async () => {
    const repo = tempRepo({ 'basic-app': SAMPLE_CHART });
    const git = new BaselineProvider();
    try {
      const chart = path.join(repo.dir, 'basic-app');
      repo.commit('base');
      assert.deepEqual(await git.repositoryRefs(chart), { head: repo.git('rev-parse', 'HEAD').trim() }, 'no remote: HEAD alone');
      withOrigin(repo);
      const main = repo.git('rev-parse', 'main').trim();
      repo.write('basic-app/values.yaml', 'replicaCount: 3\n');
      repo.commit('on the branch');
      const head = repo.git('rev-parse', 'HEAD').trim();
      assert.deepEqual(await git.repositoryRefs(chart), { head: main }, 'cached until told or the TTL passes');
      git.refsChanged();
      assert.deepEqual(await git.repositoryRefs(chart), { head, upstream: 'origin/main', mergeBase: main });
      // Without an upstream, the remote's default branch.
      repo.git('branch', '--unset-upstream');
      repo.git('remote', 'set-head', 'origin', 'main');
      git.refsChanged();
      assert.deepEqual(await git.repositoryRefs(chart), { head, upstream: 'origin/main', mergeBase: main });
      // Merged, with no watcher to say so: after the TTL the stale answer comes once, the fresh one next.
      repo.git('push', '-q', 'origin', 'HEAD:main');
      repo.git('fetch', '-q', 'origin');
      await new Promise((r) => setTimeout(r, BaselineProvider.REF_TTL_MS + 100));
      assert.deepEqual(await git.repositoryRefs(chart), { head, upstream: 'origin/main', mergeBase: main });
      let fresh;
      for (let i = 0; i < 100 && (fresh = await git.repositoryRefs(chart)).mergeBase === main; i++) await new Promise((r) => setTimeout(r, 20));
      assert.deepEqual(fresh, { head, upstream: 'origin/main', mergeBase: head });
    } finally {
      git.dispose();
      repo.dispose();
    }
  });
});

describe('BaselineProvider.baseline with the working tree given', () => {
  it('keeps the committed text of a changed file, reads the others equal to the working tree, and ignores a failed read', async () => {
    const repo = tempRepo({ 'basic-app': SAMPLE_CHART });
    const git = new BaselineProvider();
    try {
      const chart = path.join(repo.dir, 'basic-app');
      repo.commit('base');
      const committed = repo.read('basic-app/values.yaml');
      const current = await readChart(chart);
      const edited = new Map(current.files.files).set('values.yaml', committed + 'extra: 1\n').set('templates/new.yaml', 'kind: ConfigMap\n');
      const b = await git.baseline(chart, 'HEAD', Promise.resolve({ files: edited }));
      assert.ok(b.ok);
      assert.equal(b.files.files.get('values.yaml'), committed);
      assert.equal(b.files.files.has('templates/new.yaml'), false);
      for (const [p, t] of current.files.files) assert.equal(b.files.files.get(p), t, p);
      repo.write('basic-app/values.yaml', 'other: 2\n');
      repo.commit('next');
      const next = await git.baseline(chart, 'HEAD~0', Promise.reject(new Error('the disk read failed')));
      assert.ok(next.ok);
      assert.equal(next.files.files.get('values.yaml'), 'other: 2\n');
    } finally {
      git.dispose();
      repo.dispose();
    }
  });
});
