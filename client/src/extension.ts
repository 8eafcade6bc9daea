// The VS Code client: starts the bundled server and shows its state. Everything else happens in the server.
import * as path from 'node:path';
import { commands, env, StatusBarAlignment, window, workspace, type ExtensionContext, type StatusBarItem } from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import {
  CheckWorkspaceRequest,
  ClientCommands,
  SERVER_NODE_ARGS,
  PlanRequest,
  StatusNotification,
  type ChartStatus,
  type InitializationOptions,
} from '../../protocol/src';
import { showPlan } from './planView';

let client: LanguageClient | undefined;

function initializationOptions(trusted: boolean): InitializationOptions {
  return { trusted, clientCommands: [ClientCommands.copyToClipboard] };
}

function updateStatus(item: StatusBarItem, statuses: Map<string, ChartStatus>): void {
  const all = [...statuses.values()];
  const ref = workspace.getConfiguration('helmHookGuard', null).get<string>('baseRef') || 'HEAD';
  const missing = all.filter((s) => s.reason);
  if (all.length === 0) {
    item.text = `$(shield) Hook Guard: ${ref}`;
    item.tooltip = 'Helm Hook Guard: no chart analysed yet';
  } else if (missing.length > 0) {
    item.text = `$(warning) Hook Guard: no baseline`;
    item.tooltip = `Rules that compare with ${ref} are off:\n` + missing.map((s) => `${path.basename(s.chartDir)}: ${s.reason}`).join('\n');
  } else {
    const commit = all[0].commit?.slice(0, 8);
    item.text = `$(shield) Hook Guard: ${ref}${commit ? ` (${commit})` : ''}`;
    item.tooltip = `Helm Hook Guard compares ${all.length} chart${all.length === 1 ? '' : 's'} with ${ref}`;
  }
  // The profile the rules follow: one for all charts, or "mixed" when charts resolve differently (auto).
  const labels = [...new Set(all.map((s) => s.deployer?.label).filter(Boolean))];
  if (labels.length > 0) {
    item.text += ` · ${labels.length === 1 ? labels[0] : 'mixed profiles'}`;
    item.tooltip += `\nProfile: ${all.map((s) => `${path.basename(s.chartDir)}: ${s.deployer?.label}`).join(', ')} (helmHookGuard.deployer)`;
  }
  item.show();
}

export async function activate(context: ExtensionContext): Promise<void> {
  const output = window.createOutputChannel('Helm Hook Guard', { log: true });
  const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: [...SERVER_NODE_ARGS] } },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: [...SERVER_NODE_ARGS, '--nolazy', '--inspect=6011'] } },
  };
  const clientOptions: LanguageClientOptions = {
    // Templates by language id; every other chart input (values files, Chart.yaml, .helmignore, files read through
    // .Files) by file, so unsaved edits count. The server reads only documents of a chart or a configured values file,
    // and answers nothing for other files.
    documentSelector: [
      { scheme: 'file', language: 'helm' },
      { scheme: 'file', language: 'yaml', pattern: '**/templates/**' },
      { scheme: 'file', pattern: '**/*' },
    ],
    outputChannel: output,
    // In a restricted workspace the server renders in process but never runs git.
    initializationOptions: initializationOptions(workspace.isTrusted),
  };
  client = new LanguageClient('helmHookGuard', 'Helm Hook Guard', serverOptions, clientOptions);

  const status = window.createStatusBarItem(StatusBarAlignment.Left, 10);
  status.command = 'helmHookGuard.showOutput';
  const statuses = new Map<string, ChartStatus>();
  updateStatus(status, statuses);
  context.subscriptions.push(
    output,
    status,
    commands.registerCommand('helmHookGuard.showOutput', () => output.show(true)),
    // Run by code actions that hand the user shell commands (e.g. adopting an object into a release).
    commands.registerCommand(ClientCommands.copyToClipboard, async (text: string) => {
      await env.clipboard.writeText(text);
      void window.showInformationMessage('Helm Hook Guard: commands copied to the clipboard.');
    }),
    commands.registerCommand('helmHookGuard.showPlan', async () => {
      const uri = window.activeTextEditor?.document.uri;
      const r = await client?.sendRequest(PlanRequest, { uri: uri?.scheme === 'file' ? uri.toString() : undefined });
      if (r) showPlan(r);
      else void window.showInformationMessage('Helm Hook Guard: no chart in this workspace.');
    }),
    commands.registerCommand('helmHookGuard.checkWorkspace', async () => {
      const r = await client?.sendRequest(CheckWorkspaceRequest);
      if (r) void window.showInformationMessage(`Helm Hook Guard checked ${r.charts} chart(s): ${r.findings} finding(s).`);
    }),
    workspace.onDidChangeConfiguration((e) => e.affectsConfiguration('helmHookGuard') && updateStatus(status, statuses)),
    workspace.onDidGrantWorkspaceTrust(async () => {
      await client?.stop();
      client = new LanguageClient('helmHookGuard', 'Helm Hook Guard', serverOptions, {
        ...clientOptions,
        initializationOptions: initializationOptions(true),
      });
      await startClient(client);
    }),
  );
  const startClient = async (c: LanguageClient) => {
    await c.start();
    context.subscriptions.push(
      c.onNotification(StatusNotification, (s: ChartStatus) => {
        statuses.set(s.chartDir, s);
        updateStatus(status, statuses);
      }),
    );
  };
  await startClient(client);
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
