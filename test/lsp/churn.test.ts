// File-system churn while the workspace scan runs: a branch switch that changes hundreds of chart files, a chart folder
// deleted while its files are open, a renamed template, a subchart added and removed. Afterwards: nothing published
// for files that are gone, the baseline at the new HEAD, and the same findings as a fresh server.
import assert from 'node:assert/strict';
import { cpSync, existsSync, renameSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { SAMPLE_CHART, withHook } from '../helpers/charts';
import { tempRepo, type TempRepo } from '../helpers/git';
import { startServer, type TestClient } from '../helpers/lspClient';

const CHARTS = 50;
const FILES = ['templates/configmap.yaml', 'templates/deployment.yaml', 'templates/service.yaml', 'templates/migration-job.yaml', 'values.yaml'];

function shown(client: TestClient): Record<string, Omit<Diagnostic, 'data'>[]> {
  const out: Record<string, Omit<Diagnostic, 'data'>[]> = {};
  for (const [uri, p] of [...client.diagnostics].sort(([a], [b]) => a.localeCompare(b))) {
    if (p.diagnostics.length > 0) out[uri] = p.diagnostics.map(({ data: _data, ...d }) => d);
  }
  return out;
}

async function quiet(client: TestClient) {
  let last = '';
  let same = 0;
  for (const end = Date.now() + 60000; Date.now() < end; ) {
    const now = JSON.stringify(shown(client));
    same = now === last ? same + 1 : 0;
    last = now;
    if (same >= 4) return JSON.parse(now) as ReturnType<typeof shown>;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error('the diagnostics did not stop changing');
}

/** The last status the server reported for each chart: its base commit, or why there is none. */
function baselines(client: TestClient): Map<string, string | undefined> {
  const out = new Map<string, string | undefined>();
  for (const s of client.statuses as { chartDir: string; commit?: string; reason?: string }[]) out.set(s.chartDir, s.commit ?? s.reason);
  return out;
}

function workspace(): TempRepo {
  const repo = tempRepo({});
  for (let i = 0; i < CHARTS; i++) {
    cpSync(SAMPLE_CHART, path.join(repo.dir, 'charts', `app-${i}`), { recursive: true });
  }
  cpSync(SAMPLE_CHART, path.join(repo.dir, 'gone-app'), { recursive: true });
  cpSync(SAMPLE_CHART, path.join(repo.dir, 'sub-host'), { recursive: true });
  repo.commit('base');
  // A branch where every ConfigMap is a hook and every chart file changed: 250 files.
  repo.git('checkout', '-q', '-b', 'hooks');
  for (let i = 0; i < CHARTS; i++) {
    for (const f of FILES) {
      const rel = `charts/app-${i}/${f}`;
      const text = repo.read(rel);
      repo.write(rel, (f === 'templates/configmap.yaml' ? withHook(text) : text) + `# on the hooks branch\n`);
    }
  }
  repo.commit('hooks');
  repo.git('checkout', '-q', 'main');
  return repo;
}

describe('file-system churn during a workspace scan', () => {
  it('a checkout of 250 files, a deleted open chart, a renamed template, a subchart added and removed', async () => {
    const repo = workspace();
    const fileUri = (rel: string) => 'file://' + path.join(repo.dir, rel);
    const client = await startServer(repo.dir, { releaseName: 'basic-app' });
    const fresh: TestClient[] = [];
    const changed = (changes: { rel: string; type: 1 | 2 | 3 }[]) =>
      client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: changes.map((c) => ({ uri: fileUri(c.rel), type: c.type })) });
    try {
      // Open documents of the chart that will be deleted: its ConfigMap, unsaved, is a hook.
      const goneConfigMap = 'gone-app/templates/configmap.yaml';
      const goneText = withHook(repo.read(goneConfigMap));
      const open = new Map<string, string>([
        [goneConfigMap, goneText],
        ['gone-app/templates/deployment.yaml', repo.read('gone-app/templates/deployment.yaml')],
        ['charts/app-3/templates/configmap.yaml', repo.read('charts/app-3/templates/configmap.yaml')],
      ]);
      for (const [rel, text] of open) {
        void client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: fileUri(rel), languageId: 'helm', version: 1, text } });
      }
      await client.waitForDiagnostics(fileUri(goneConfigMap), (d) => d.some((x) => x.code === 'hook-deletes-referenced-resource'), 20000);
      await client.waitUntil(() => client.diagnostics.has(fileUri('charts/app-1/templates/migration-job.yaml')), 'app-1 to be analysed', 20000);
      const renamedFrom = 'charts/app-1/templates/migration-job.yaml';
      assert.ok(client.diagnostics.get(fileUri(renamedFrom))!.diagnostics.length > 0, 'the template to be renamed has findings');

      // Everything at once while charts are still being analysed: the scan is asked for again, the churn begins.
      const scan = client.connection.sendRequest('helmHookGuard/checkWorkspace');
      const before = repo.git('rev-parse', 'HEAD').trim();
      repo.git('checkout', '-q', 'hooks');
      const head = repo.git('rev-parse', 'HEAD').trim();
      assert.notEqual(head, before);
      const diff = repo.git('diff', '--name-only', before, head).trim().split('\n');
      assert.ok(diff.length >= 250, `${diff.length} files changed`);
      void changed([...diff.map((rel) => ({ rel, type: 2 as const })), { rel: '.git/HEAD', type: 2 }]);

      rmSync(path.join(repo.dir, 'gone-app'), { recursive: true }); // its documents stay open
      void changed([{ rel: 'gone-app', type: 3 }]);

      renameSync(path.join(repo.dir, renamedFrom), path.join(repo.dir, 'charts/app-1/templates/job.yaml'));
      void changed([
        { rel: renamedFrom, type: 3 },
        { rel: 'charts/app-1/templates/job.yaml', type: 1 },
      ]);

      repo.write('sub-host/charts/child/Chart.yaml', 'apiVersion: v2\nname: child\nversion: 0.1.0\n');
      repo.write('sub-host/charts/child/templates/cm.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: child\n  annotations:\n    "helm.sh/hook": pre-install\n');
      void changed([
        { rel: 'sub-host/charts/child/Chart.yaml', type: 1 },
        { rel: 'sub-host/charts/child/templates/cm.yaml', type: 1 },
      ]);
      await client.waitUntil(
        () => (client.diagnostics.get(fileUri('sub-host/charts/child/templates/cm.yaml'))?.diagnostics.length ?? 0) > 0,
        'the subchart to be analysed',
        20000,
      );
      rmSync(path.join(repo.dir, 'sub-host/charts/child'), { recursive: true });
      void changed([{ rel: 'sub-host/charts/child', type: 3 }]);
      await scan;

      const churned = await quiet(client);
      assert.equal(client.process.exitCode, null);

      // Nothing is shown for a file that is gone, open or not.
      for (const uri of Object.keys(churned)) assert.ok(existsSync(new URL(uri)), `diagnostics for ${uri}, which is gone`);
      // Every chart's baseline is the new HEAD: the ConfigMaps were hooks there already, so nothing is "now a hook".
      const bases = baselines(client);
      for (let i = 0; i < CHARTS; i++) assert.equal(bases.get(path.join(repo.dir, 'charts', `app-${i}`)), head, `app-${i}`);
      assert.ok(!Object.values(churned).flat().some((d) => d.code === 'hook-deletes-referenced-resource'), 'no finding against the old baseline');

      // The same as a fresh server on the same disk and the same open buffers.
      const second = await startServer(repo.dir, { releaseName: 'basic-app' });
      fresh.push(second);
      for (const [rel, text] of open) {
        void second.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: fileUri(rel), languageId: 'helm', version: 1, text } });
      }
      await second.connection.sendRequest('helmHookGuard/checkWorkspace');
      const expected = await quiet(second);
      assert.ok(Object.keys(expected).length >= CHARTS, 'the comparison compares findings of every chart');
      assert.deepEqual(churned, expected);
      assert.deepEqual(baselines(client).get(path.join(repo.dir, 'sub-host')), baselines(second).get(path.join(repo.dir, 'sub-host')));

      // The deleted chart's buffers can still be edited and closed without anything coming back.
      void client.connection.sendNotification('textDocument/didChange', { textDocument: { uri: fileUri(goneConfigMap), version: 2 }, contentChanges: [{ text: goneText + '# x\n' }] });
      void client.connection.sendNotification('textDocument/didClose', { textDocument: { uri: fileUri(goneConfigMap) } });
      assert.deepEqual(await quiet(client), expected);
    } finally {
      for (const c of fresh) await c.stop();
      await client.stop();
      repo.dispose();
    }
  });
});
