// Unsaved buffers of every chart input drive the analysis, as template buffers do: values.yaml, Chart.yaml, a
// configured values file (outside the chart too), .helmignore and a file read through .Files. Closing the buffer goes
// back to the disk.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { tempRepo, type TempRepo } from '../helpers/git';
import { startServer, type TestClient } from '../helpers/lspClient';

// hook-left-after-uninstall needs no baseline (a configured values file applies to the baseline's render too); when
// the hook is new since the base, it is folded into the error about the same ConfigMap.
const RULES = ['hook-left-after-uninstall', 'hook-deletes-referenced-resource'];
const h1 = (ds: Diagnostic[]) => ds.filter((d) => RULES.includes(String(d.code)));

const CM = `apiVersion: v1
kind: ConfigMap
metadata:
  name: app-config
{{- if or .Values.hook .Values.prodHook (eq (.Files.Get "files/mode.txt" | trim) "hook") (eq .Chart.Version "2.0.0") }}
  annotations:
    "helm.sh/hook": pre-install,pre-upgrade
{{- end }}
data:
  k: v
`;
const DEPLOY = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: app
spec:
  template:
    spec:
      containers:
        - name: c
          image: busybox
      volumes:
        - name: v
          configMap:
            name: app-config
`;

describe('helm-hook-guard-ls: unsaved buffers of every chart input', () => {
  let repo: TempRepo;
  let client: TestClient;
  let cm: string;
  const file = (rel: string) => 'file://' + repo.dir + '/' + rel;
  let version = 0;
  const open = (rel: string, text: string) =>
    client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: file(rel), languageId: 'yaml', version: ++version, text } });
  const close = (rel: string) => client.connection.sendNotification('textDocument/didClose', { textDocument: { uri: file(rel) } });
  const hooked = () => client.waitForDiagnostics(cm, (d) => h1(d).length === 1);
  // Without findings the file gets an empty publish only once it had some.
  const regular = () => client.waitForDiagnostics(cm, (d) => h1(d).length === 0);

  before(async () => {
    repo = tempRepo();
    repo.write('app/Chart.yaml', 'apiVersion: v2\nname: app\nversion: 1.0.0\n');
    repo.write('app/values.yaml', 'hook: false\n');
    repo.write('app/templates/cm.yaml', CM);
    repo.write('app/templates/deploy.yaml', DEPLOY);
    repo.write('app/files/mode.txt', 'regular\n');
    repo.write('prod.yaml', 'prodHook: false\n');
    repo.commit('regular ConfigMap');
    cm = file('app/templates/cm.yaml');
    client = await startServer(repo.dir, { valuesFiles: ['../prod.yaml'] });
    await client.waitUntil(() => client.statuses.length > 0, 'the first analysis');
  });
  after(async () => {
    await client.stop();
    repo.dispose();
  });

  for (const [rel, text] of [
    ['app/values.yaml', 'hook: true\n'],
    ['app/Chart.yaml', 'apiVersion: v2\nname: app\nversion: 2.0.0\n'],
    ['prod.yaml', 'prodHook: true\n'],
    ['app/files/mode.txt', 'hook\n'],
  ] as const) {
    it(`${rel}: the unsaved text counts, and closing it goes back to the disk`, async () => {
      open(rel, text);
      await hooked();
      close(rel);
      await regular();
    });
  }

  it('.helmignore: an unsaved rule hides a file from .Files', async () => {
    repo.write('app/files/mode.txt', 'hook\n');
    client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: file('app/files/mode.txt'), type: 2 }] });
    await hooked();
    open('app/.helmignore', 'files/\n');
    await regular();
    close('app/.helmignore');
    await hooked();
    repo.write('app/files/mode.txt', 'regular\n');
    client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: file('app/files/mode.txt'), type: 2 }] });
    await regular();
  });

  it('a document outside every chart gets nothing', async () => {
    open('notes/workflow.yaml', 'on: push\n');
    open('app/values.yaml', 'hook: true\n');
    await hooked();
    assert.equal(client.diagnostics.get(file('notes/workflow.yaml')), undefined);
    close('app/values.yaml');
    await regular();
  });

  it('a values.yaml typo is one error at its line, not one per template', async () => {
    const values = file('app/values.yaml');
    open('app/values.yaml', 'hook: false\nconfig:\n  a: 1\n b: 2\n');
    const [d, ...more] = await client.waitForDiagnostics(values, (ds) => ds.length > 0);
    assert.deepEqual(more, []);
    assert.equal(d.code, 'template-render-error');
    assert.equal(d.range.start.line, 3, 'the unindented line');
    assert.match(d.message as string, /yaml: line 3: did not find expected key/);
    for (const [uri, p] of client.diagnostics) if (uri !== values) assert.deepEqual(p.diagnostics.filter((x) => x.code === 'template-render-error'), [], uri);
    close('app/values.yaml');
    await client.waitForDiagnostics(values, (ds) => ds.length === 0);
  });
});

