// Client-only commands are offered only to clients that declare them: VS Code copies H2's adoption commands, any
// other client gets a server command that shows them.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-protocol';
import { ClientCommands, ServerCommands } from '../../protocol/src';
import { withHook } from '../helpers/charts';
import { sampleSession, type SampleSession } from '../helpers/lspClient';

const RULE = 'hook-to-regular-ownership-conflict';
const CM = 'basic-app/templates/configmap.yaml';

/** The sample whose ConfigMap was a hook at HEAD and is regular in the working tree. */
async function session(initializationOptions?: unknown): Promise<SampleSession> {
  return sampleSession({
    initializationOptions,
    prepare: (repo) => {
      const regular = repo.read(CM);
      repo.write(CM, withHook(regular));
      repo.commit('the ConfigMap as a hook');
      repo.write(CM, regular);
    },
  });
}

async function adoptionAction(s: SampleSession): Promise<CodeAction> {
  const uri = s.uri(CM);
  const [d] = await s.client.waitForDiagnostics(uri, (ds) => ds.some((x) => x.code === RULE));
  const diagnostic = (s.client.diagnostics.get(uri)!.diagnostics as Diagnostic[]).find((x) => x.code === RULE) ?? d;
  const actions = (await s.client.connection.sendRequest('textDocument/codeAction', {
    textDocument: { uri },
    range: diagnostic.range,
    context: { diagnostics: [diagnostic] },
  })) as CodeAction[];
  const action = actions.find((a) => a.title.startsWith('Copy the kubectl commands'));
  assert.ok(action, actions.map((a) => a.title).join(' | '));
  return action;
}

describe('client-only commands', () => {
  let plain: SampleSession;
  let vscodeLike: SampleSession;
  before(async () => {
    plain = await session();
    vscodeLike = await session({ clientCommands: [ClientCommands.copyToClipboard] });
  });
  after(async () => {
    await plain.dispose();
    await vscodeLike.dispose();
  });

  it('a client that declares copyToClipboard gets it, with the commands as its argument', async () => {
    const a = await adoptionAction(vscodeLike);
    assert.equal(a.command?.command, ClientCommands.copyToClipboard);
    assert.match(String(a.command?.arguments?.[0]), /^kubectl annotate -n default configmap\/basic-app-config meta\.helm\.sh\/release-name=basic-app/);
  });

  it('any other client gets a server command that shows the commands', async () => {
    const a = await adoptionAction(plain);
    assert.equal(a.command?.command, ServerCommands.showText);
    const shown = new Promise<{ type: number; message: string }>((resolve) => plain.client.connection.onNotification('window/showMessage', resolve));
    await plain.client.connection.sendRequest('workspace/executeCommand', { command: a.command!.command, arguments: a.command!.arguments });
    const m = await shown;
    assert.equal(m.type, 3);
    assert.match(m.message, /kubectl commands that let release basic-app adopt ConfigMap basic-app-config:\nkubectl annotate/);
    assert.match(m.message, /kubectl label -n default configmap\/basic-app-config app\.kubernetes\.io\/managed-by=Helm --overwrite/);
  });
});
