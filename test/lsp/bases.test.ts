import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import type { ChartStatus } from '../../protocol/src';
import { SAMPLE_CHART, withHook } from '../helpers/charts';
import { commitIgnoredSubchart, tempRepo, withOrigin, type TempRepo } from '../helpers/git';
import { startServer, type TestClient } from '../helpers/lspClient';

const RULE = 'hook-deletes-referenced-resource';
const h1 = (ds: Diagnostic[]) => ds.filter((d) => d.code === RULE).map((d) => ({ ...d, message: d.message as string }));
const lastStatus = (c: TestClient) => c.statuses.at(-1) as ChartStatus;

describe('helm-hook-guard-ls with several bases', () => {
  let repo: TempRepo;
  let client: TestClient;
  const rel = 'basic-app/templates/configmap.yaml';
  let uri: string;
  let main: string;

  before(async () => {
    repo = tempRepo({ 'basic-app': SAMPLE_CHART });
    repo.commit('regular ConfigMap');
    withOrigin(repo);
    main = repo.git('rev-parse', 'main').trim();
    uri = 'file://' + repo.dir + '/' + rel;
    client = await startServer(repo.dir, { releaseName: 'basic-app' });
  });
  after(async () => {
    await client.stop();
    repo.dispose();
  });

  it('committing the hook on a branch whose upstream is main keeps the error, named by the merge-base', async () => {
    const text = withHook(repo.read(rel));
    client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'helm', version: 1, text } });
    const [open] = h1(await client.waitForDiagnostics(uri, (d, v) => v === 1 && h1(d).length === 1));
    assert.match(open.message, /\nCompared with HEAD\.$/, 'before the commit HEAD shows it first');
    repo.write(rel, text);
    repo.commit('make it a hook');
    client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: 'file://' + repo.dir + '/.git/HEAD', type: 2 }] });
    await client.waitForDiagnostics(uri, (d) => h1(d).some((x) => x.message.includes(`Compared with origin/main (merge-base ${main.slice(0, 8)}).`)));
    assert.equal(h1(client.diagnostics.get(uri)!.diagnostics).length, 1, 'one diagnostic, not one per base');
    await client.waitUntil(() => lastStatus(client).bases.length === 2, 'a status with both bases');
    const status = lastStatus(client);
    assert.deepEqual(
      status.bases.map((b) => [b.ref, b.label, b.commit]),
      [
        ['HEAD', 'HEAD', repo.git('rev-parse', 'HEAD').trim()],
        [main, `origin/main (merge-base ${main.slice(0, 8)})`, main],
      ],
    );
    assert.equal(status.baseRef, 'HEAD');
  });

  it('a single baseRef setting is that base alone; baseRefs lists them', async () => {
    client.settings.baseRefs = ['HEAD'];
    client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    await client.waitForDiagnostics(uri, (d) => h1(d).length === 0);
    client.settings.baseRefs = [];
    client.settings.baseRef = 'main';
    client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    await client.waitForDiagnostics(uri, (d) => h1(d).some((x) => x.message.endsWith('Compared with main.')));
    await client.waitUntil(() => lastStatus(client).bases.map((b) => b.label).join() === 'main', 'a status with the one base');
    client.settings.baseRef = 'HEAD';
    client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    await client.waitForDiagnostics(uri, (d) => h1(d).some((x) => x.message.includes('(merge-base')));
  });

  it('once merged (main moves to the branch), the error goes', async () => {
    repo.git('push', '-q', 'origin', 'HEAD:main');
    repo.git('fetch', '-q', 'origin');
    client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: 'file://' + repo.dir + '/.git/refs/remotes/origin/main', type: 2 }] });
    await client.waitForDiagnostics(uri, (d) => h1(d).length === 0);
    await client.waitUntil(() => lastStatus(client).bases.map((b) => b.label).join() === 'HEAD', 'a status with HEAD alone');
  });
});

describe('helm-hook-guard-ls with subcharts git does not hold', () => {
  it('the baseline borrows the working tree copy, says so once in Output and in the status', async () => {
    const repo = tempRepo();
    commitIgnoredSubchart(repo);
    const client = await startServer(repo.dir, {});
    try {
      const uri = 'file://' + repo.dir + '/app/charts/sub/templates/cm.yaml';
      const values = 'file://' + repo.dir + '/app/values.yaml';
      // The values change is an unsaved buffer.
      client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: values, languageId: 'yaml', version: 1, text: 'sub:\n  hook: true\n' } });
      await client.waitForDiagnostics(uri, (d) => h1(d).length === 1);
      await client.waitUntil(() => (lastStatus(client)?.notices ?? []).length === 1, 'a status with the notice');
      assert.match(lastStatus(client).notices[0], /^baseline HEAD lacks charts\/sub\/ \(not in git/);
      client.connection.sendNotification('textDocument/didChange', { textDocument: { uri: values, version: 2 }, contentChanges: [{ text: 'sub:\n  hook: true\n# more\n' }] });
      await client.waitForDiagnostics(values, (_, v) => v === 2);
      assert.equal(client.logs.filter((l) => l.includes('lacks charts/sub/')).length, 1, client.logs.join('\n'));
    } finally {
      await client.stop();
      repo.dispose();
    }
  });
});
