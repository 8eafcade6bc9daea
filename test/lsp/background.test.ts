// The background worker: the same findings as the main thread, ended when idle or at shutdown; through the server, a
// scan of many charts uses it and publishes what an analysis on the main thread publishes.
import assert from 'node:assert/strict';
import { cpSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import type { Diagnostic, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { analyzeChart } from '../../server/src/analysis/analyze';
import { Background, BackgroundEnded, type BackgroundInput } from '../../server/src/lsp/background';
import { chart, readChartDir, REPO_ROOT, SAMPLE_CHART, withHook } from '../helpers/charts';
import { tempRepo } from '../helpers/git';
import { startServer, type TestClient } from '../helpers/lspClient';

function sampleInput(): BackgroundInput {
  const base = readChartDir(SAMPLE_CHART);
  const files = new Map(base);
  files.set('templates/configmap.yaml', withHook(base.get('templates/configmap.yaml')!));
  return { chart: chart(files), baseline: chart(base), baseRef: 'HEAD', render: { releaseName: 'basic-app', namespace: 'default' } };
}

describe('background analysis worker', () => {
  it('finds what the main thread finds, and ends once idle', async () => {
    const logs: string[] = [];
    const bg = new Background({ info: (m) => logs.push(m), warn: (m) => logs.push(m) }, 50);
    const release = bg.hold();
    assert.ok(bg.active);
    try {
      const input = sampleInput();
      const [a, b] = await Promise.all([bg.analyze(input), bg.analyze(input)]);
      const expected = analyzeChart(input);
      assert.ok(expected.findings.some((f) => f.rule === 'hook-deletes-referenced-resource'));
      assert.deepEqual(a.findings, expected.findings);
      assert.deepEqual(b.findings, expected.findings);
      assert.deepEqual(a.deployer, expected.deployer);
      assert.equal(bg.started, 1, 'one worker for both');
      release();
      assert.ok(!bg.active);
      const end = Date.now() + 5000;
      while (bg.running && Date.now() < end) await new Promise((r) => setTimeout(r, 10));
      assert.ok(!bg.running, 'the idle worker ended');
      assert.ok(logs.some((m) => /ended \(idle\)/.test(m)), logs.join('\n'));
    } finally {
      bg.dispose();
    }
  });

  it('a dispose with work in flight rejects it as ended, and nothing more starts', async () => {
    const bg = new Background(undefined, 50);
    bg.hold();
    const job = bg.analyze(sampleInput());
    bg.dispose();
    await assert.rejects(job, BackgroundEnded);
    assert.ok(bg.ended && !bg.active && !bg.running);
    await assert.rejects(bg.analyze(sampleInput()), BackgroundEnded);
  });

  it('an error in the core comes back as that error, and the worker goes on', async () => {
    const bg = new Background(undefined, 50);
    bg.hold();
    try {
      // Not a chart the core can take: `files` is no map.
      await assert.rejects(bg.analyze({ ...sampleInput(), chart: { files: 42 as unknown as Map<string, string> } }), (e: Error) => !(e instanceof BackgroundEnded));
      assert.ok((await bg.analyze(sampleInput())).findings.length > 0);
      assert.equal(bg.started, 1);
    } finally {
      bg.dispose();
    }
  });
});

const withoutData = (p: PublishDiagnosticsParams | undefined) => p?.diagnostics.map(({ data: _data, ...d }: Diagnostic) => d);

describe('helm-hook-guard-ls: a scan of many charts on the background worker', () => {
  it('publishes what the main thread publishes for the same texts, ends the worker, and starts it for many changes', async () => {
    const repo = tempRepo({});
    // With findings of several rules, a render error, and (no findings) a subchart archive: binaries go to the worker too.
    const fixtures = ['hooks-mixed', 'umbrella', 'values-schema-dependent-required', 'subchart-tgz-archives'];
    for (const f of fixtures) cpSync(path.join(REPO_ROOT, 'test', 'fixtures', 'charts', f), path.join(repo.dir, f), { recursive: true });
    for (let i = 0; i < 8; i++) cpSync(SAMPLE_CHART, path.join(repo.dir, 'apps', `app-${i}`), { recursive: true });
    repo.commit('base');
    // A change since the base, so that the rules comparing with it have something to say.
    const cm = 'apps/app-3/templates/configmap.yaml';
    repo.write(cm, withHook(repo.read(cm)));

    let client: TestClient | undefined;
    const logs: string[] = [];
    let scans = 0;
    try {
      client = await startServer(repo.dir, { releaseName: 'basic-app' });
      const c = client;
      c.connection.onNotification('window/logMessage', (m: { message: string }) => void logs.push(m.message));
      c.connection.onNotification('$/progress', (p: { value?: { kind?: string } }) => {
        if (p.value?.kind === 'end') scans++;
      });
      await c.waitUntil(() => scans > 0, 'the scan to end', 60000);
      assert.ok(logs.some((m) => /Background analysis worker started/.test(m)), logs.join('\n'));
      assert.ok(!logs.some((m) => /Analysis of .* failed|Unexpected (error|rejection)/.test(m)), logs.join('\n'));

      for (const dir of [...fixtures.filter((f) => f !== 'subchart-tgz-archives'), 'apps/app-3']) {
        const uris = [...c.diagnostics.keys()].filter((u) => u.startsWith(`file://${repo.dir}/${dir}/`)).sort();
        const before = new Map(uris.map((u) => [u, withoutData(c.diagnostics.get(u))]));
        assert.ok(uris.length > 0 && [...before.values()].some((d) => d!.length > 0), `${dir} has findings`);
        // Opening a file with its disk text makes the main thread analyse the chart again and publish all of it.
        const rel = dir === 'apps/app-3' ? cm : `${dir}/Chart.yaml`;
        const uri = `file://${repo.dir}/${rel}`;
        void c.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text: readFileSync(path.join(repo.dir, rel), 'utf8') } });
        await c.waitForDiagnostics(uri, (_, v) => v === 1, 30000);
        for (const u of uris) assert.deepEqual(withoutData(c.diagnostics.get(u)), before.get(u), `${u}: main thread and worker agree`);
        void c.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
      }
      await c.waitUntil(() => logs.some((m) => /Background analysis worker ended \(idle\)/.test(m)), 'the idle worker to end', 15000);

      // Many charts changed at once (a branch switch would do it): analysed as a scan, on a worker again.
      const started = () => logs.filter((m) => /Background analysis worker started/.test(m)).length;
      const changes = [];
      for (let i = 0; i < 8; i++) {
        const rel = `apps/app-${i}/templates/configmap.yaml`;
        if (i !== 3) repo.write(rel, withHook(repo.read(rel)));
        changes.push({ uri: `file://${repo.dir}/${rel}`, type: 2 });
      }
      void c.connection.sendNotification('workspace/didChangeWatchedFiles', { changes });
      for (let i = 0; i < 8; i++) {
        const uri = `file://${repo.dir}/apps/app-${i}/templates/configmap.yaml`;
        await c.waitForDiagnostics(uri, (d) => d.some((x) => x.code === 'hook-deletes-referenced-resource'), 30000);
      }
      assert.equal(started(), 2, logs.join('\n'));
    } finally {
      await client?.stop();
      repo.dispose();
    }
  });
});
