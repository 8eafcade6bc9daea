// A monorepo of 200 charts: the scan keeps memory bounded, and a hover, code actions and an edit's diagnostics answer
// while it runs (their latencies are measured by `npm run bench`, not asserted here).
import assert from 'node:assert/strict';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import type { CodeAction, Diagnostic, Hover } from 'vscode-languageserver-protocol';
import { positionOf, SAMPLE_CHART, withHook } from '../helpers/charts';
import { tempRepo } from '../helpers/git';
import { startServer } from '../helpers/lspClient';

const CHARTS = 200;

describe('a monorepo of 200 charts', () => {
  it('scans with bounded memory; hover, code actions and an edit answer before the scan ends', async () => {
    const repo = tempRepo({});
    for (let i = 0; i < CHARTS; i++) {
      const dir = path.join(repo.dir, 'charts', `app-${String(i).padStart(3, '0')}`);
      cpSync(SAMPLE_CHART, dir, { recursive: true });
      // Every tenth chart is larger: 40 more ConfigMaps.
      if (i % 10 === 0) {
        for (let t = 0; t < 40; t++) {
          writeFileSync(path.join(dir, 'templates', `extra-${t}.yaml`), `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}-extra-${t}\ndata:\n  n: "${t}"\n`);
        }
      }
    }
    repo.commit('base');
    const rel = 'charts/app-190/templates/configmap.yaml';
    const uri = 'file://' + path.join(repo.dir, rel);
    const text = withHook(readFileSync(path.join(repo.dir, rel), 'utf8'));

    const client = await startServer(repo.dir, { releaseName: 'basic-app' });
    let scanEnded = false;
    client.connection.onNotification('$/progress', (p: { value?: { kind?: string } }) => {
      if (p.value?.kind === 'end') scanEnded = true;
    });
    const logs: string[] = [];
    client.connection.onNotification('window/logMessage', (m: { message: string }) => void logs.push(m.message));
    try {
      await client.waitUntil(() => client.diagnostics.size > 0, 'the scan to begin', 30000);
      const answered: string[] = [];

      void client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'helm', version: 1, text } });
      const [finding] = (await client.waitForDiagnostics(uri, (d, v) => v === 1 && d.some((x) => x.code === 'hook-deletes-referenced-resource'), 30000)).filter(
        (d: Diagnostic) => d.code === 'hook-deletes-referenced-resource',
      );
      if (!scanEnded) answered.push('diagnostics of the opened file');

      const hover = (await client.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: positionOf(text, '"helm.sh/hook"', 2) })) as Hover | null;
      assert.match(JSON.stringify(hover?.contents), /pre-upgrade/);
      if (!scanEnded) answered.push('hover');

      const actions = (await client.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: finding.range, context: { diagnostics: [finding] } })) as CodeAction[];
      assert.ok(actions.some((a) => a.isPreferred && a.edit), JSON.stringify(actions.map((a) => a.title)));
      if (!scanEnded) answered.push('code actions');

      void client.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: readFileSync(path.join(repo.dir, rel), 'utf8') }] });
      await client.waitForDiagnostics(uri, (d, v) => v === 2 && !d.some((x) => x.code === 'hook-deletes-referenced-resource'), 30000);
      if (!scanEnded) answered.push('diagnostics of an edit');

      assert.deepEqual(answered, ['diagnostics of the opened file', 'hover', 'code actions', 'diagnostics of an edit'], 'each answered while the scan ran');
      await client.waitUntil(() => scanEnded, 'the scan to end', 120000);
      // Every chart was analysed: each sample copy's migration Job has findings.
      const charts = new Set([...client.diagnostics.keys()].map((u) => /charts\/(app-\d+)\//.exec(u)?.[1]).filter(Boolean));
      assert.equal(charts.size, CHARTS);
      // The scan's analyses ran on the background worker, the open chart's on the main thread.
      assert.ok(logs.some((m) => /Background analysis worker started/.test(m)), logs.join('\n'));
      const status = readFileSync(`/proc/${client.process.pid}/status`, 'utf8');
      const peakMb = Number(/VmHWM:\s+(\d+)/.exec(status)![1]) / 1024;
      assert.ok(peakMb < 250, `peak resident memory ${peakMb} MB during the scan of ${CHARTS} charts`);
    } finally {
      await client.stop();
      repo.dispose();
    }
  });
});
