// Fix all (source.fixAll.helmHookGuard, for editor.codeActionsOnSave) and "Show documentation for <rule>".
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { CodeAction, Diagnostic, TextDocumentEdit, TextEdit } from 'vscode-languageserver-protocol';
import { ClientCommands, FIX_ALL_KIND } from '../../protocol/src';
import { applyEdits, withHook } from '../helpers/charts';
import { sampleSession, type SampleSession } from '../helpers/lspClient';

const CM = 'basic-app/templates/configmap.yaml';
const JOB = 'basic-app/templates/migration-job.yaml';

describe('helm-hook-guard-ls fix all', () => {
  let s: SampleSession;
  before(async () => {
    s = await sampleSession({ initializationOptions: { clientCommands: [ClientCommands.copyToClipboard, ClientCommands.showRuleDocs] } });
  });
  after(() => s.dispose());

  const fixAll = async (uri: string, only = [FIX_ALL_KIND]) =>
    (await s.client.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: [], only },
    })) as CodeAction[];

  it('is advertised, so editor.codeActionsOnSave can ask for it', () => {
    const provider = s.client.initializeResult!.capabilities.codeActionProvider as { codeActionKinds: string[] };
    assert.deepEqual(provider.codeActionKinds, ['quickfix', FIX_ALL_KIND]);
  });

  it('applies every safe preferred fix of the document in one edit, and then has nothing left to do', async () => {
    const committed = s.repo.read(CM);
    // Two problems with preferred fixes: the ConfigMap became a hook, and its weight is not an integer.
    const text = withHook(committed).replace('"helm.sh/hook-weight": "-5"', '"helm.sh/hook-weight": "-5.0"');
    assert.notEqual(text, withHook(committed), 'the weight was changed');
    const { uri } = await s.open(CM, text);
    const ds = s.client.diagnostics.get(uri)!.diagnostics;
    assert.ok(ds.some((d) => d.code === 'hook-deletes-referenced-resource'));
    assert.ok(ds.some((d) => d.code === 'hook-weight-invalid'));
    // Asked by the general source kind too; the light bulb (no `only`) and quick fixes get no fix-all.
    for (const only of [[FIX_ALL_KIND], ['source.fixAll'], ['source']]) assert.equal((await fixAll(uri, only)).length, 1, only.join());
    assert.deepEqual((await fixAll(uri, ['quickfix'])).filter((a) => a.kind === FIX_ALL_KIND), []);
    const [action] = await fixAll(uri);
    assert.equal(action.kind, FIX_ALL_KIND);
    assert.match(action.title, /^Fix all Helm hook problems \(\d+\)$/);
    assert.ok(action.title.length < 60);
    const changes = action.edit!.documentChanges as TextDocumentEdit[];
    assert.deepEqual(changes.map((c) => [c.textDocument.uri, c.textDocument.version]), [[uri, 1]], 'only this document, at the version analysed');
    const fixed = applyEdits(text, changes[0].edits as TextEdit[]);
    assert.equal(fixed, committed, 'removing the hook also removed the bad weight: overlapping fixes are made once');
    s.client.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: fixed }] });
    // Asked at once (as on save), before the debounced analysis ran: analysed first, so nothing is left to fix.
    assert.deepEqual(await fixAll(uri), []);
    await s.client.waitForDiagnostics(uri, (d, v) => v === 2 && !d.some((x) => x.code === 'hook-deletes-referenced-resource'));
  });

  it('leaves fixes that are not safe to apply unseen: other files, suppressions, commands', async () => {
    // The Job's pre-install hook uses the regular ConfigMap: its only fix (a copy for the hooks) is not preferred.
    const { uri } = await s.open(JOB);
    const ds = s.client.diagnostics.get(uri)!.diagnostics;
    assert.ok(ds.some((d: Diagnostic) => d.code === 'hook-uses-regular-resource'), JSON.stringify(ds.map((d) => d.code)));
    assert.deepEqual(await fixAll(uri), []);
  });

  it('offers "Show documentation for <rule>" through the client command', async () => {
    const { uri } = await s.open(CM, withHook(s.repo.read(CM)));
    await s.client.waitForDiagnostics(uri, (d) => d.some((x) => x.code === 'hook-deletes-referenced-resource'));
    const d = s.client.diagnostics.get(uri)!.diagnostics.find((x) => x.code === 'hook-deletes-referenced-resource')!;
    const actions = (await s.client.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: d.range, context: { diagnostics: [d] } })) as CodeAction[];
    const docs = actions.filter((a) => a.title.startsWith('Show documentation'));
    assert.deepEqual(
      docs.map((a) => [a.title, a.command?.command, a.command?.arguments]),
      [['Show documentation for hook-deletes-referenced-resource', ClientCommands.showRuleDocs, ['hook-deletes-referenced-resource']]],
    );
    assert.equal(actions.at(-1), docs[0], 'after the fixes');
  });
});

describe('helm-hook-guard-ls documentation action without a way to show it', () => {
  it('is not offered when the client has neither the command nor showDocument', async () => {
    const s = await sampleSession();
    try {
      const { uri } = await s.open(CM, withHook(s.repo.read(CM)));
      await s.client.waitForDiagnostics(uri, (d) => d.some((x) => x.code === 'hook-deletes-referenced-resource'));
      const d = s.client.diagnostics.get(uri)!.diagnostics.find((x) => x.code === 'hook-deletes-referenced-resource')!;
      const actions = (await s.client.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: d.range, context: { diagnostics: [d] } })) as CodeAction[];
      assert.ok(actions.length > 0);
      assert.deepEqual(actions.filter((a) => a.title.startsWith('Show documentation')), []);
    } finally {
      await s.dispose();
    }
  });
});
