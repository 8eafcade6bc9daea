// The VS Code client: starts the bundled server and shows its state. Everything else happens in the server.
import * as path from 'node:path';
import { readFile } from 'node:fs/promises';
import {
  commands,
  env,
  StatusBarAlignment,
  TabInputText,
  Uri,
  version as vscodeVersion,
  window,
  workspace,
  type ExtensionContext,
  type StatusBarItem,
  type TextEditor,
} from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import {
  ActivityNotification,
  CheckWorkspaceRequest,
  ClientCommands,
  SERVER_ENV,
  SERVER_NODE_ARGS,
  PlanRequest,
  StatusNotification,
  type ActivityParams,
  type ChartStatus,
  type InitializationOptions,
  type OpenPlanArgs,
} from '../../protocol/src';
import { planAnalysed, setPlanSource, showPlan } from './planView';

/** The packaged docs (docs/rules/<id>.md) as read-only documents: a rule page is a preview, never an editable file. */
const DOCS_SCHEME = 'helm-hook-guard-docs';

let client: LanguageClient | undefined;

function initializationOptions(trusted: boolean): InitializationOptions {
  return { trusted, clientCommands: [ClientCommands.copyToClipboard, ClientCommands.showRuleDocs, ClientCommands.openPlan] };
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** The chart a file belongs to, among those the server reported. */
function chartOfFile(fsPath: string, statuses: Map<string, ChartStatus>): string | undefined {
  let best: string | undefined;
  for (const dir of statuses.keys()) if (fsPath.startsWith(dir + path.sep) && (!best || dir.length > best.length)) best = dir;
  return best;
}

/** Whether the status item belongs with this editor: a file of a chart (or a Helm template before the first status). */
function isChartEditor(editor: TextEditor | undefined, statuses: Map<string, ChartStatus>): boolean {
  const doc = editor?.document;
  if (!doc || doc.uri.scheme !== 'file') return false;
  return doc.languageId === 'helm' || chartOfFile(doc.uri.fsPath, statuses) !== undefined;
}

/** "origin/main (merge-base 1a2b3c4d)" -> "origin/main": the status bar text is short, the tooltip has the rest. */
const shortLabel = (label: string) => label.replace(/ \(.*\)$/, '');

function updateStatus(item: StatusBarItem, statuses: Map<string, ChartStatus>, busy: ActivityParams): void {
  if (!isChartEditor(window.activeTextEditor, statuses)) {
    item.hide();
    return;
  }
  const active = window.activeTextEditor && chartOfFile(window.activeTextEditor.document.uri.fsPath, statuses);
  const all = [...statuses.values()];
  const ref = workspace.getConfiguration('helmHookGuard', null).get<string>('baseRef') || 'HEAD';
  // The bases of the chart being edited (else of the first chart): every chart of a repository has the same ones.
  const shown = (active && statuses.get(active)) || all[0];
  const bases = shown?.bases?.length ? shown.bases : shown ? [{ ref: shown.baseRef, label: shown.baseRef, commit: shown.commit, reason: shown.reason }] : [];
  const readable = bases.filter((b) => b.commit && !b.reason);
  const missing = all.filter((s) => (s.bases?.length ? s.bases.every((b) => b.reason) : s.reason));
  if (all.length === 0) {
    item.text = `$(shield) Hook Guard: ${ref}`;
    item.tooltip = 'Helm Hook Guard: no chart analysed yet';
  } else if (missing.length > 0) {
    item.text = `$(warning) Hook Guard: no baseline`;
    item.tooltip =
      'Rules that compare with a base are off:\n' +
      missing.map((s) => `${path.basename(s.chartDir)}: ${(s.bases?.length ? s.bases.map((b) => `${b.label}: ${b.reason}`).join('; ') : s.reason) ?? ''}`).join('\n');
  } else {
    const one = readable.length === 1 ? readable[0] : undefined;
    item.text = one ? `$(shield) Hook Guard: ${shortLabel(one.label)} (${one.commit!.slice(0, 8)})` : `$(shield) Hook Guard: ${readable.map((b) => shortLabel(b.label)).join(' + ')}`;
    item.tooltip =
      `Helm Hook Guard compares ${plural(all.length, 'chart')} with ${plural(bases.length, 'base')} (a finding shows while any of them shows it):\n` +
      bases.map((b) => `  ${b.label}${b.reason ? `: ${b.reason}` : b.commit && !b.label.includes(b.commit.slice(0, 8)) ? ` = ${b.commit.slice(0, 8)}` : ''}`).join('\n');
  }
  const notices = [...new Set(all.flatMap((s) => (s.notices ?? []).map((n) => `${path.basename(s.chartDir)}: ${n}`)))];
  if (notices.length > 0) item.tooltip += `\n${notices.join('\n')}`;
  // The profile the rules follow: one for all charts, or "mixed" when charts resolve differently (auto).
  const labels = [...new Set(all.map((s) => s.deployer?.label).filter(Boolean))];
  if (labels.length > 0) {
    item.text += ` · ${labels.length === 1 ? labels[0] : 'mixed profiles'}`;
    item.tooltip += `\nProfile: ${all.map((s) => `${path.basename(s.chartDir)}: ${s.deployer?.label}`).join(', ')} (helmHookGuard.deployer)`;
  }
  if (busy.busy) {
    // The spinner replaces the leading icon while a scan or a long analysis runs.
    item.text = item.text.replace(/^\$\([^)]+\)/, '$(sync~spin)');
    item.tooltip = `${busy.title ?? 'Analysing'}…\n${item.tooltip}`;
  }
  item.tooltip += '\nClick for the Helm Hook Guard menu';
  item.show();
}

/** The bases the settings ask for (a repository's .helm-hook-guard.yaml may name others; the server logs those). */
function configuredBases(): string {
  const config = workspace.getConfiguration('helmHookGuard', null);
  const list = config.get<string[]>('baseRefs') ?? [];
  const ref = config.get<string>('baseRef') || 'HEAD';
  if (list.length > 0) return list.join(', ');
  return ref !== 'HEAD' ? ref : 'HEAD + the upstream merge-base (default)';
}

/** The rule page as a read-only preview. */
async function showRuleDocs(rule: string): Promise<void> {
  if (!/^[a-z0-9-]+$/.test(rule)) return;
  await commands.executeCommand('markdown.showPreview', Uri.from({ scheme: DOCS_SCHEME, path: `/rules/${rule}.md` }));
}

export async function activate(context: ExtensionContext): Promise<void> {
  const output = window.createOutputChannel('Helm Hook Guard', { log: true });
  const pkg = context.extension.packageJSON as { displayName: string; version: string };
  output.info(`${pkg.displayName} ${pkg.version} starting: Node ${process.versions.node}, VS Code ${vscodeVersion}, bases ${configuredBases()}`);

  const docsDir = context.asAbsolutePath('docs');
  context.subscriptions.push(
    workspace.registerTextDocumentContentProvider(DOCS_SCHEME, {
      async provideTextDocumentContent(uri) {
        const file = path.join(docsDir, ...uri.path.split('/').filter(Boolean));
        // Only the packaged docs: a crafted link cannot read other files through this scheme.
        if (!file.startsWith(docsDir + path.sep) || !file.endsWith('.md')) return `Not a Helm Hook Guard page: ${uri.path}`;
        return readFile(file, 'utf8').catch(() => `No such page: ${uri.path}`);
      },
    }),
    // A rule link (Problems panel, hover) opens the page as text: show the rendered preview in its place.
    window.tabGroups.onDidChangeTabs(async (e) => {
      for (const tab of e.opened) {
        if (!(tab.input instanceof TabInputText) || tab.input.uri.scheme !== DOCS_SCHEME) continue;
        const uri = tab.input.uri;
        await window.tabGroups.close(tab).then(undefined, () => undefined);
        await commands.executeCommand('markdown.showPreview', uri);
      }
    }),
  );

  const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
  // The user's own setting of a variable wins.
  const serverEnv = { ...SERVER_ENV, ...process.env };
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: [...SERVER_NODE_ARGS], env: serverEnv } },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: [...SERVER_NODE_ARGS, '--nolazy', '--inspect=6011'], env: serverEnv } },
  };
  const rulesDir = path.join(docsDir, 'rules') + path.sep;
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
    middleware: {
      // The server links each rule's page as a file of the extension (editable); here it opens read-only.
      handleDiagnostics(uri, diagnostics, next) {
        for (const d of diagnostics) {
          const code = d.code;
          if (typeof code === 'object' && code.target.scheme === 'file' && code.target.fsPath.startsWith(rulesDir)) {
            d.code = { value: code.value, target: Uri.from({ scheme: DOCS_SCHEME, path: `/rules/${path.basename(code.target.fsPath)}` }) };
          }
        }
        next(uri, diagnostics);
      },
    },
  };

  const status = window.createStatusBarItem('helmHookGuard.status', StatusBarAlignment.Left, 10);
  status.name = 'Helm Hook Guard';
  status.command = 'helmHookGuard.statusMenu';
  const statuses = new Map<string, ChartStatus>();
  let busy: ActivityParams = { busy: false };
  const refreshStatus = () => updateStatus(status, statuses, busy);
  refreshStatus();

  const openPlan = async (uri: string | undefined, focus?: OpenPlanArgs) => {
    const r = await client?.sendRequest(PlanRequest, { uri });
    if (r) showPlan(r, focus && { kind: focus.kind, name: focus.name, namespace: focus.namespace });
    else void window.showInformationMessage('Helm Hook Guard: no chart in this workspace.');
  };
  setPlanSource(async (chartDir) => client?.sendRequest(PlanRequest, { uri: Uri.file(path.join(chartDir, 'Chart.yaml')).toString() }));

  const checkWorkspace = async () => {
    const r = await client?.sendRequest(CheckWorkspaceRequest);
    if (!r) return;
    // Not awaited: the command is done when the check is (the message stays until dismissed).
    void window.showInformationMessage(`Helm Hook Guard checked ${plural(r.charts, 'chart')}: ${plural(r.findings, 'finding')}.`, 'Show Problems').then((pick) => {
      if (pick === 'Show Problems') void commands.executeCommand('workbench.actions.view.problems');
    });
    return r;
  };

  const restart = async () => {
    output.info('Restarting the language server');
    statuses.clear();
    busy = { busy: false };
    refreshStatus();
    await client?.restart();
  };

  context.subscriptions.push(
    output,
    status,
    commands.registerCommand('helmHookGuard.showOutput', () => output.show(true)),
    commands.registerCommand('helmHookGuard.restartServer', restart),
    commands.registerCommand('helmHookGuard.statusMenu', async () => {
      const items = [
        { label: '$(debug-restart) Restart Server', run: restart },
        { label: '$(output) Show Output', run: async () => output.show(true) },
        { label: '$(check-all) Check Workspace', run: checkWorkspace },
        { label: '$(list-ordered) Open Plan', run: () => commands.executeCommand('helmHookGuard.showPlan') },
      ];
      const picked = await window.showQuickPick(items, { title: 'Helm Hook Guard', placeHolder: status.tooltip?.toString().split('\n')[0] });
      await picked?.run();
    }),
    // Run by code actions that hand the user shell commands (e.g. adopting an object into a release).
    commands.registerCommand(ClientCommands.copyToClipboard, async (text: string) => {
      await env.clipboard.writeText(text);
      void window.showInformationMessage('Helm Hook Guard: commands copied to the clipboard.');
    }),
    commands.registerCommand(ClientCommands.showRuleDocs, (rule: string) => showRuleDocs(String(rule))),
    // A hook's code lens: the plan of its chart, at the hook.
    commands.registerCommand(ClientCommands.openPlan, (args: OpenPlanArgs) => openPlan(args.uri, args)),
    commands.registerCommand('helmHookGuard.showPlan', async () => {
      const uri = window.activeTextEditor?.document.uri;
      await openPlan(uri?.scheme === 'file' ? uri.toString() : undefined);
    }),
    commands.registerCommand('helmHookGuard.checkWorkspace', checkWorkspace),
    workspace.onDidChangeConfiguration((e) => e.affectsConfiguration('helmHookGuard') && refreshStatus()),
    window.onDidChangeActiveTextEditor(refreshStatus),
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
    // Registered before start: the client keeps them across restarts.
    context.subscriptions.push(
      c.onNotification(StatusNotification, (s: ChartStatus) => {
        statuses.set(s.chartDir, s);
        refreshStatus();
        planAnalysed(s.chartDir);
      }),
      c.onNotification(ActivityNotification, (a: ActivityParams) => {
        busy = a;
        refreshStatus();
      }),
    );
    await c.start();
  };
  await startClient(client = new LanguageClient('helmHookGuard', 'Helm Hook Guard', serverOptions, clientOptions));
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
