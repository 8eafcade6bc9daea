import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { CodeAction, Diagnostic, TextDocumentEdit, TextEdit } from 'vscode-languageserver-protocol';

const message = (d: Diagnostic) => d.message as string;
const h1 = (ds: Diagnostic[]) => ds.filter((d) => d.code === RULE);
import { applyEdits, positionOf, SAMPLE_CHART, withHook } from '../helpers/charts';
import { tempRepo, type TempRepo } from '../helpers/git';
import { sampleSession, startServer, type SampleSession, type TestClient } from '../helpers/lspClient';

const RULE = 'hook-deletes-referenced-resource';

describe('helm-hook-guard-ls over stdio', () => {
  let repo: TempRepo;
  let client: TestClient;
  const rel = 'basic-app/templates/configmap.yaml';
  let uri: string;

  before(async () => {
    repo = tempRepo({ 'basic-app': SAMPLE_CHART });
    repo.commit('regular ConfigMap');
    uri = 'file://' + repo.dir + '/' + rel;
    client = await startServer(repo.dir, { releaseName: 'basic-app' });
  });
  after(async () => {
    await client.stop();
    repo.dispose();
  });

  it('publishes the error for an unsaved edit, fixes it with a code action, and clears it', async () => {
    const text = withHook(repo.read(rel));
    client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'helm', version: 1, text } });
    const diagnostics = await client.waitForDiagnostics(uri, (d, version) => version === 1 && d.some((x) => x.code === RULE));
    assert.equal(h1(diagnostics).length, 1);
    const [d] = h1(diagnostics);
    assert.equal(d.severity, 1);
    assert.equal(d.source, 'Helm Hook Guard');
    assert.deepEqual(d.range.start, positionOf(text, '"helm.sh/hook":'));
    assert.match(message(d), /Helm deletes it because it left the release manifest/);
    assert.ok(d.relatedInformation![0].location.uri.endsWith('basic-app/templates/deployment.yaml'));
    // The two infos about the same ConfigMap are folded into the error, not squiggles of their own.
    assert.deepEqual(d.relatedInformation!.slice(1).map((r) => r.message.split(' ')[0]), ['hook-not-restored-on-rollback', 'hook-left-after-uninstall']);
    assert.match(message(d), /\nAlso \(hook-not-restored-on-rollback\): helm rollback does not restore/);
    assert.deepEqual(diagnostics.filter((x) => x.severity === 3), []);
    assert.ok(d.codeDescription?.href.endsWith(`docs/rules/${RULE}.md`));

    const actions = (await client.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri },
      range: d.range,
      context: { diagnostics: [d] },
    })) as CodeAction[];
    assert.deepEqual(
      actions.map((a) => a.title.split(' ')[0]),
      ['Keep', 'Give', 'Add', 'Add', 'Suppress', 'Suppress'], // the folded info's fix: Add pre-rollback
    );
    const keep = actions[0];
    assert.equal(keep.isPreferred, true);
    const edit = keep.edit!.documentChanges![0] as TextDocumentEdit;
    assert.equal(edit.textDocument.uri, uri);
    assert.equal(edit.textDocument.version, 1);
    const fixed = applyEdits(text, edit.edits as TextEdit[]);
    assert.equal(fixed, repo.read(rel));

    client.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: 2 },
      contentChanges: [{ text: fixed }],
    });
    await client.waitForDiagnostics(uri, (x: Diagnostic[], version) => version === 2 && h1(x).length === 0);
  });

  it('reacts to incremental edits that re-add the hook', async () => {
    const text = repo.read(rel);
    const at = positionOf(text, '  labels:');
    client.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: 3 },
      contentChanges: [{ range: { start: at, end: at }, text: '  annotations:\n    "helm.sh/hook": pre-upgrade\n' }],
    });
    const [d] = h1(await client.waitForDiagnostics(uri, (x, version) => version === 3 && h1(x).length === 1));
    assert.equal(d.code, RULE);
  });

  it('explains the hook on hover', async () => {
    const text = withHook(repo.read(rel));
    client.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 4 }, contentChanges: [{ text }] });
    await client.waitForDiagnostics(uri, (x, version) => h1(x).length === 1 && version === 4);
    const hover = (await client.connection.sendRequest('textDocument/hover', {
      textDocument: { uri },
      position: positionOf(text, '"helm.sh/hook":', 3),
    })) as { contents: { value: string } } | null;
    assert.ok(hover, 'no hover');
    assert.match(hover.contents.value, /Not part of the release manifest/);
    assert.match(hover.contents.value, /pre-upgrade\*\* runs on `helm upgrade`/);
  });

  it('reports a baseline it could read in its status, and the profile', () => {
    const s = client.statuses.at(-1) as { commit?: string; reason?: string; deployer?: { profile: string; label: string } };
    assert.ok(s.commit && /^[0-9a-f]{40}$/.test(s.commit), JSON.stringify(s));
    assert.deepEqual(s.deployer, { profile: 'helm4', applyMode: 'auto', auto: true, label: 'helm4 (auto)' });
  });
});

describe('helm-hook-guard-ls in a folder that is not a git repository', () => {
  it('still analyses, reports why there is no baseline, and does not crash', async () => {
    const dir = tempRepo({ 'basic-app': SAMPLE_CHART }, false);
    const client = await startServer(dir.dir);
    try {
      const uri = 'file://' + dir.dir + '/basic-app/templates/service.yaml';
      const text = dir.read('basic-app/templates/service.yaml').replace('{{- include', '{{- inclde');
      client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'helm', version: 1, text } });
      const [d] = await client.waitForDiagnostics(uri, (x) => x.some((y) => y.code === 'template-render-error'));
      assert.equal(d.code, 'template-render-error');
      assert.match(message(d), /function "inclde" not defined/);
      await client.waitUntil(() => client.statuses.length > 0, 'a status notification');
      const s = client.statuses.at(-1) as { reason?: string };
      assert.match(s.reason ?? '', /not in a git repository/);
      assert.equal(client.process.exitCode, null);
    } finally {
      await client.stop();
      dir.dispose();
    }
  });
});

describe('helm-hook-guard-ls workspace behaviour', () => {
  let repo: TempRepo;
  let client: TestClient;
  const rel = 'basic-app/templates/configmap.yaml';
  let uri: string;

  before(async () => {
    repo = tempRepo({ 'basic-app': SAMPLE_CHART });
    repo.commit('regular ConfigMap');
    repo.git('tag', 'v1');
    repo.write(rel, withHook(repo.read(rel)));
    repo.commit('hook');
    repo.git('tag', 'v2');
    // HEAD back at the regular ConfigMap, the hook left in the working tree.
    repo.git('reset', '-q', '--soft', 'v1');
    uri = 'file://' + repo.dir + '/' + rel;
    client = await startServer(repo.dir, { releaseName: 'basic-app' });
  });
  after(async () => {
    await client.stop();
    repo.dispose();
  });

  it('scans the workspace at start: findings of files that are not open', async () => {
    const [d] = h1(await client.waitForDiagnostics(uri, (x) => h1(x).length === 1));
    assert.equal(d.code, RULE);
  });

  it('applies a new baseRef from the settings', async () => {
    client.settings.baseRef = 'v2';
    client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    await client.waitForDiagnostics(uri, (x) => h1(x).length === 0);
    client.settings.baseRef = 'HEAD';
    client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    await client.waitForDiagnostics(uri, (x) => h1(x).length === 1);
  });

  it('applies the profile settings: deployer (helm reads as helm4), apply mode', async () => {
    const before = client.statuses.length;
    Object.assign(client.settings, { deployer: 'helm', applyMode: 'client-side', kubeVersion: 'v1.31.0', apiVersions: ['batch/v1/CronJob'] });
    client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    await client.waitUntil(() => client.statuses.slice(before).some((x) => (x as { deployer?: { label: string } }).deployer?.label === 'helm4, client-side'), 'a status with the new profile');
    Object.assign(client.settings, { deployer: 'auto', applyMode: 'auto', kubeVersion: '', apiVersions: [] });
    client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    await client.waitForDiagnostics(uri, (x) => h1(x).length === 1);
  });

  it('refreshes the baseline when HEAD moves (a commit)', async () => {
    repo.commit('make it a hook');
    client.connection.sendNotification('workspace/didChangeWatchedFiles', {
      changes: [{ uri: 'file://' + repo.dir + '/.git/HEAD', type: 2 }],
    });
    await client.waitForDiagnostics(uri, (x) => h1(x).length === 0);
  });

  it('answers the Check Workspace request', async () => {
    const r = (await client.connection.sendRequest('helmHookGuard/checkWorkspace')) as { charts: number };
    assert.equal(r.charts, 1);
  });
});

describe('helm-hook-guard-ls navigation', () => {
  let s: SampleSession;
  const deploymentRel = 'basic-app/templates/deployment.yaml';
  const configRel = 'basic-app/templates/configmap.yaml';
  before(async () => (s = await sampleSession()));
  after(() => s.dispose());

  it('goes from a volume reference to the ConfigMap, finds its references, and explains it on hover', async () => {
    const { client, repo } = s;
    const { uri, text } = await s.open(deploymentRel);
    const at = positionOf(text, '}}-config', 3);
    const defs = (await client.connection.sendRequest('textDocument/definition', { textDocument: { uri }, position: at })) as { uri: string; range: { start: { line: number } } }[];
    assert.equal(defs.length, 1);
    assert.ok(defs[0].uri.endsWith(configRel));
    assert.equal(defs[0].range.start.line, positionOf(repo.read(configRel), '  name:').line);

    const refs = (await client.connection.sendRequest('textDocument/references', { textDocument: { uri }, position: at, context: { includeDeclaration: false } })) as { uri: string }[];
    assert.deepEqual(refs.map((r) => r.uri.split('/').pop()).sort(), ['deployment.yaml', 'migration-job.yaml']);

    const hover = (await client.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: at })) as { contents: { value: string } };
    assert.match(hover.contents.value, /ConfigMap basic-app-config\*\*, referenced by Deployment basic-app \(volume "config"\)/);
    assert.match(hover.contents.value, /defined in `templates\/configmap.yaml` line 4: a regular resource/);
  });

  it('shows a code lens above each hook with its order and users', async () => {
    const { client } = s;
    const { uri } = await s.open('basic-app/templates/migration-job.yaml');
    const lenses = (await client.connection.sendRequest('textDocument/codeLens', { textDocument: { uri } })) as { command: { title: string } }[];
    assert.equal(lenses.length, 1);
    assert.match(lenses[0].command.title, /^hook Job basic-app-migrate: runs pre-install 1\/1, pre-upgrade 1\/1 \(weight 0\) · nothing in the chart uses it$/);
  });
});

describe('helm-hook-guard-ls in an untrusted workspace', () => {
  it('never runs git, says so, and still checks what needs no baseline', async () => {
    const s = await sampleSession({ initializationOptions: { trusted: false } });
    try {
      const rel = 'basic-app/templates/configmap.yaml';
      const text = withHook(s.repo.read(rel)).replace('pre-install,pre-upgrade', 'pre-install,');
      const { uri } = await s.open(rel, text);
      const diagnostics = s.client.diagnostics.get(uri)!.diagnostics;
      assert.ok(diagnostics.some((d) => d.code === 'hook-event-unknown'));
      assert.ok(!diagnostics.some((d) => d.code === RULE));
      await s.client.waitUntil(() => s.client.statuses.length > 0, 'a status');
      assert.match((s.client.statuses.at(-1) as { reason: string }).reason, /not trusted, so git is not run/);
    } finally {
      await s.dispose();
    }
  });
});

describe('helm-hook-guard-ls hover on template actions', () => {
  it('shows what an action renders to and the values line it came from', async () => {
    const s = await sampleSession();
    try {
      const { uri, text } = await s.open('basic-app/templates/configmap.yaml');
      const hover = (await s.client.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: positionOf(text, '.Values.config.greeting', 3) })) as { contents: { value: string } };
      assert.match(hover.contents.value, /Renders to:\n```yaml\n"hello"\n```/);
      const values = s.repo.read('basic-app/values.yaml');
      assert.match(hover.contents.value, new RegExp(`From \`values.yaml\` line ${positionOf(values, 'greeting').line + 1}: \`greeting: hello\``));
    } finally {
      await s.dispose();
    }
  });
});
