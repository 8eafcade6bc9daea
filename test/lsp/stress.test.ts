// The server under a burst of edits, and with files that vanish: it stays responsive and publishes the last text.
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { positionOf, withHook } from '../helpers/charts';
import { sampleSession, type SampleSession } from '../helpers/lspClient';

describe('helm-hook-guard-ls under load', () => {
  let s: SampleSession;
  const rel = 'basic-app/templates/configmap.yaml';
  before(async () => (s = await sampleSession()));
  after(() => s.dispose());

  it('1000 rapid edits: hovers answer in between, the last version is published, memory stays bounded', async () => {
    const { client } = s;
    const { uri, text } = await s.open(rel);
    let last = text;
    for (let v = 2; v <= 1001; v++) {
      last = v === 1001 ? withHook(text) : text + `# ${'x'.repeat(v % 50)}\n`;
      void client.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: v }, contentChanges: [{ text: last }] });
      if (v % 250 === 0) {
        const t0 = Date.now();
        await client.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 0 } });
        assert.ok(Date.now() - t0 < 2000, `hover took ${Date.now() - t0} ms during the burst`);
      }
    }
    const diagnostics = await client.waitForDiagnostics(uri, (d, v) => v === 1001, 20000);
    assert.ok(diagnostics.some((d) => d.code === 'hook-deletes-referenced-resource'));
    const status = await import('node:fs').then((fs) => fs.readFileSync(`/proc/${client.process.pid}/status`, 'utf8'));
    const rssMb = Number(/VmRSS:\s+(\d+)/.exec(status)![1]) / 1024;
    assert.ok(rssMb < 400, `server RSS ${rssMb} MB after the burst`);
  });

  it('a file deleted while open: its buffer still counts, and closing it lets the deletion show', async () => {
    const { client, repo } = s;
    const uri = s.uri(rel);
    const deploymentRel = 'basic-app/templates/deployment.yaml';
    const dUri = 'file://' + repo.dir + '/' + deploymentRel;
    const text = repo.read(deploymentRel);
    client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: dUri, languageId: 'helm', version: 1, text } });
    rmSync(path.join(repo.dir, deploymentRel));
    client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: dUri, type: 3 }] });
    // The unsaved buffer still holds the Deployment, so the ConfigMap hook is still referenced.
    await client.waitForDiagnostics(uri, (d) => d.some((x) => x.code === 'hook-deletes-referenced-resource'));
    client.connection.sendNotification('textDocument/didClose', { textDocument: { uri: dUri } });
    await client.waitForDiagnostics(uri, (d) => !d.some((x) => x.code === 'hook-deletes-referenced-resource'));
    assert.equal(client.process.exitCode, null);
  });
});

describe('helm-hook-guard-ls values files', () => {
  it('applies helmHookGuard.valuesFiles, and says once when one is missing', async () => {
    const logs: string[] = [];
    const s = await sampleSession({
      settings: { releaseName: 'basic-app', valuesFiles: ['prod.yaml', 'missing.yaml'] },
      prepare: (repo) => repo.write('basic-app/prod.yaml', 'config:\n  greeting: from-prod\n'),
    });
    s.client.connection.onNotification('window/logMessage', (m: { message: string }) => {
      logs.push(m.message);
    });
    try {
      const { uri, text } = await s.open('basic-app/templates/configmap.yaml');
      const hover = (await s.client.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: positionOf(text, '.Values.config.greeting', 3) })) as { contents: { value: string } };
      assert.match(hover.contents.value, /"from-prod"/);
      for (let v = 2; v < 6; v++) {
        s.client.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: v }, contentChanges: [{ text: text + `# ${v}\n` }] });
        await s.client.waitForDiagnostics(uri, (_, version) => version === v);
      }
      assert.equal(logs.filter((l) => l.includes('missing.yaml: skipped (values file not found')).length, 1, logs.join('\n'));
    } finally {
      await s.dispose();
    }
  });
});
