// The repository config drives the language server as it drives the CLI (the same file as test/cli/config.test.ts):
// options per chart, ignore globs, settings over it, and a broken config as a diagnostic in the config file.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { positionOf } from '../helpers/charts';
import { tempRepo, type TempRepo } from '../helpers/git';
import { startServer, type TestClient } from '../helpers/lspClient';
import { BROKEN_TEXT, CONFIG_TEXT, configuredRepo, EXPECTED } from '../helpers/repoConfig';

describe('helm-hook-guard-ls with .helm-hook-guard.yaml', () => {
  let repo: TempRepo;
  let client: TestClient;
  const uri = (rel: string) => 'file://' + repo.dir + '/' + rel;
  const CM = 'basic-app/templates/configmap.yaml';
  const hazard = (d: Diagnostic[]) => d.find((x) => x.code === 'hook-deletes-referenced-resource');

  before(async () => {
    repo = configuredRepo();
    client = await startServer(repo.dir, {}); // no settings: the config decides
  });
  after(async () => {
    await client.stop();
    repo.dispose();
  });

  it('applies the config: severities, release name, values files, set; ignored charts get nothing', async () => {
    const d = await client.waitForDiagnostics(uri(CM), (x) => !!hazard(x));
    assert.equal(hazard(d)!.severity, 2, 'warning, as the config says');
    assert.match(String(hazard(d)!.message), new RegExp(EXPECTED.configMap));
    assert.ok(!(client.diagnostics.get(uri('basic-app/templates/migration-job.yaml'))?.diagnostics ?? []).some((x) => x.code === 'hook-uses-regular-resource'));
    assert.equal(client.diagnostics.get(uri('vendor/copy/templates/configmap.yaml')), undefined, 'vendor/** is ignored');
    const text = repo.read(CM);
    client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: uri(CM), languageId: 'helm', version: 1, text } });
    await client.waitForDiagnostics(uri(CM), (_, v) => v === 1);
    const hover = async (find: string) =>
      ((await client.connection.sendRequest('textDocument/hover', { textDocument: { uri: uri(CM) }, position: positionOf(text, find, 3) })) as { contents: { value: string } }).contents.value;
    assert.match(await hover('.Values.config.greeting'), new RegExp(`"${EXPECTED.greeting}"`));
    assert.match(await hover('.Values.config.databaseUrl'), /"007"/);
  });

  it('settings override the config where set', async () => {
    client.settings = { rules: { 'hook-deletes-referenced-resource': 'error' }, releaseName: 'from-settings' };
    client.connection.sendNotification('workspace/didChangeConfiguration', { settings: {} });
    const d = await client.waitForDiagnostics(uri(CM), (x) => hazard(x)?.severity === 1);
    assert.match(String(hazard(d)!.message), /from-settings-basic-app-config/);
    client.settings = {};
    client.connection.sendNotification('workspace/didChangeConfiguration', { settings: {} });
    await client.waitForDiagnostics(uri(CM), (x) => hazard(x)?.severity === 2);
  });

  it('a broken config: a located diagnostic in the config file while typing, gone once fixed', async () => {
    const cfg = uri('.helm-hook-guard.yaml');
    client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: cfg, languageId: 'yaml', version: 1, text: BROKEN_TEXT } });
    const [problem] = await client.waitForDiagnostics(cfg, (d) => d.length > 0);
    assert.equal(problem.severity, 1);
    assert.equal(problem.source, 'Helm Hook Guard');
    assert.deepEqual(problem.range.start, positionOf(BROKEN_TEXT, 'helm5'));
    assert.match(String(problem.message), /"helm5" is not a deployer/);
    client.connection.sendNotification('textDocument/didChange', { textDocument: { uri: cfg, version: 2 }, contentChanges: [{ text: CONFIG_TEXT }] });
    await client.waitForDiagnostics(cfg, (d) => d.length === 0);
    await client.waitForDiagnostics(uri(CM), (x) => hazard(x)?.severity === 2);
  });

  it('a config changed on disk is read again', async () => {
    client.connection.sendNotification('textDocument/didClose', { textDocument: { uri: uri('.helm-hook-guard.yaml') } });
    repo.write('.helm-hook-guard.yaml', CONFIG_TEXT.replace('hook-deletes-referenced-resource: warning', 'hook-deletes-referenced-resource: info'));
    client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uri('.helm-hook-guard.yaml'), type: 2 }] });
    await client.waitForDiagnostics(uri(CM), (x) => hazard(x)?.severity === 3);
  });
});

describe('helm-hook-guard-ls with flux.helmRelease', () => {
  let repo: TempRepo;
  let client: TestClient;
  const uri = (rel: string) => 'file://' + repo.dir + '/' + rel;
  const HR = (disable: boolean) =>
    `apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata: { name: app }\nspec:\n  chart: { spec: { chart: ./app } }\n  install: { disableHooks: ${disable} }\n  upgrade: { disableHooks: ${disable} }\n`;
  const never = (d: Diagnostic[]) => d.find((x) => x.code === 'reference-not-in-chart');

  before(async () => {
    repo = tempRepo({});
    repo.write('app/Chart.yaml', 'apiVersion: v2\nname: app\nversion: 0.1.0\n');
    repo.write('app/templates/cm.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: shared\n  annotations:\n    helm.sh/hook: pre-install,pre-upgrade\ndata:\n  k: v\n');
    repo.write(
      'app/templates/deploy.yaml',
      'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app\nspec:\n  selector: {matchLabels: {a: b}}\n  template:\n    metadata: {labels: {a: b}}\n    spec:\n      containers: [{name: c, image: x}]\n      volumes: [{name: v, configMap: {name: shared}}]\n',
    );
    repo.write('clusters/app.yaml', HR(true));
    repo.write('.helm-hook-guard.yaml', 'deployer: flux\nflux:\n  helmRelease: clusters/app.yaml\n');
    client = await startServer(repo.dir, {});
  });
  after(async () => {
    await client.stop();
    repo.dispose();
  });

  it('reads the HelmRelease, and again when the manifest changes', async () => {
    const d = await client.waitForDiagnostics(uri('app/templates/deploy.yaml'), (x) => !!never(x));
    assert.equal(never(d)!.severity, 1);
    repo.write('clusters/app.yaml', HR(false));
    client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uri('clusters/app.yaml'), type: 2 }] });
    await client.waitForDiagnostics(uri('app/templates/deploy.yaml'), (x) => !never(x));
  });
});
