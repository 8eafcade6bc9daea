// Extension-host tests with the real `vscode` API. VS Code loads this file as extensionTestsPath and calls run():
// in code-server through the page URL's payload (test/e2e/vscode.e2e.ts), or under @vscode/test-electron
// (test/vscode/runTest.ts). The workspace is made by test/vscode/workspace.ts: HEAD has the regular ConfigMap, the
// working tree has it as a hook, and tag `hook-ref` has the hook committed.
//
// No exit code comes back from code-server, so run() writes its results to $HHG_VSCODE_RESULT (JSON), logs one
// summary line, and throws when a test failed (which is what test-electron reports).
import { execFileSync } from 'node:child_process';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';

const RULE = 'hook-deletes-referenced-resource';
const REL = 'basic-app/templates/configmap.yaml';
const TIMEOUT = Number(process.env.HHG_VSCODE_TEST_TIMEOUT_MS || 30_000);

export interface TestResult {
  name: string;
  ok: boolean;
  ms: number;
  error?: string;
}
export interface RunResult {
  vscodeVersion: string;
  passed: number;
  failed: number;
  tests: TestResult[];
}

function assert(cond: unknown, message: string): asserts cond {
  if (!cond) throw new Error(message);
}

async function until<T>(what: string, probe: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = TIMEOUT): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await probe();
      if (v !== undefined && v !== false) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last instanceof Error ? ` (${last.message})` : ''}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function positionOf(text: string, find: string, offsetInMatch = 0): vscode.Position {
  const i = text.indexOf(find);
  assert(i >= 0, `"${find}" not found`);
  const before = text.slice(0, i + offsetInMatch);
  const line = before.split('\n').length - 1;
  return new vscode.Position(line, before.length - before.lastIndexOf('\n') - 1);
}

const ours = (uri: vscode.Uri) => vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'Helm Hook Guard');
const codeOf = (d: vscode.Diagnostic) => (typeof d.code === 'object' ? d.code.value : d.code);

export async function run(): Promise<void> {
  const resultFile = process.env.HHG_VSCODE_RESULT || path.join(tmpdir(), 'helm-hook-guard-vscode-tests.json');
  const results: TestResult[] = [];
  const folder = vscode.workspace.workspaceFolders?.[0];
  const cmUri = folder && vscode.Uri.joinPath(folder.uri, REL);
  const git = (...args: string[]) =>
    execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.invalid', ...args], { cwd: folder!.uri.fsPath, encoding: 'utf8' });
  const config = () => vscode.workspace.getConfiguration('helmHookGuard', folder);
  const ruleDiagnostic = () => until(`the ${RULE} diagnostic on ${REL}`, () => ours(cmUri!).find((d) => codeOf(d) === RULE && /ConfigMap basic-app-config/.test(d.message)));

  const tests: [string, () => Promise<void>][] = [
    [
      'the extension activates in a folder with a chart',
      async () => {
        assert(folder && cmUri, 'no workspace folder');
        const ext = vscode.extensions.all.find((e) => e.packageJSON?.name === 'helm-hook-guard');
        assert(ext, 'extension helm-hook-guard is not installed');
        await until('activation', () => ext.isActive || undefined);
        if (config().get('releaseName') !== 'basic-app') {
          await config().update('releaseName', 'basic-app', vscode.ConfigurationTarget.Global);
        }
      },
    ],
    [
      'publishes the error on the hook line of a file that is not open (working tree vs HEAD)',
      async () => {
        const text = readFileSync(cmUri!.fsPath, 'utf8');
        const d = await ruleDiagnostic();
        assert(d.severity === vscode.DiagnosticSeverity.Error, `severity ${d.severity}`);
        const at = positionOf(text, '"helm.sh/hook":');
        assert(d.range.start.isEqual(at), `range starts at ${d.range.start.line}:${d.range.start.character}, expected ${at.line}:${at.character}`);
        assert(/Helm deletes it because it left the release manifest/.test(d.message), d.message);
        const target = typeof d.code === 'object' ? d.code.target : undefined;
        // The rule page through the extension's read-only scheme, not the editable file of the extension.
        assert(target && target.scheme === 'helm-hook-guard-docs' && target.path === `/rules/${RULE}.md`, `code link ${target}`);
        const page = await vscode.workspace.openTextDocument(target);
        assert(page.getText().startsWith(`# ${RULE}`), `page text: ${page.getText().slice(0, 80)}`);
        const related = d.relatedInformation ?? [];
        assert(related[0]?.location.uri.path.endsWith('basic-app/templates/deployment.yaml'), `relatedInformation ${JSON.stringify(related)}`);
        // The infos about the same ConfigMap are folded into the error (one squiggle), as related lines of their own.
        const folded = related.slice(1).map((r) => r.message.split(' ')[0]);
        assert(folded.join() === 'hook-not-restored-on-rollback,hook-left-after-uninstall', `folded: ${JSON.stringify(related)}`);
        // Other rules may add information on the same hook (rollback, uninstall); this one is the only error.
        const errors = ours(cmUri!).filter((x) => x.severity === vscode.DiagnosticSeverity.Error);
        assert(errors.length === 1, `expected exactly one error, got ${errors.map((x) => codeOf(x))}`);
      },
    ],
    [
      'vscode.executeCodeActionProvider: three quick fixes, the preferred one restores the regular ConfigMap',
      async () => {
        const doc = await vscode.workspace.openTextDocument(cmUri!);
        assert(doc.languageId === 'helm', `language id ${doc.languageId}`);
        const d = await ruleDiagnostic();
        let seen = '';
        const actions = await until('quick fixes', async () => {
          const all = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', cmUri, d.range, vscode.CodeActionKind.QuickFix.value);
          seen = JSON.stringify((all ?? []).map((a) => ({ title: a.title, kind: a.kind?.value, diagnostics: a.diagnostics?.map(codeOf) })));
          const mine = (all ?? []).filter((a) => /^(Keep it regular: remove|Give the hooks|Add helm\.sh\/resource-policy)/.test(a.title));
          return mine.length >= 3 ? { all: all!, mine } : undefined;
        }).catch((e: Error) => {
          throw new Error(`${e.message}; the provider returned ${seen}`);
        });
        for (const a of actions.mine) assert(a.kind?.value === 'quickfix', `${a.title}: kind ${a.kind?.value}`);
        const titles = actions.mine.map((a) => a.title);
        assert(/^Keep it regular: remove the hook annotations$/.test(titles[0]), titles.join(' | '));
        assert(/^Give the hooks their own copy/.test(titles[1]), titles.join(' | '));
        assert(/^Add helm\.sh\/resource-policy: keep/.test(titles[2]), titles.join(' | '));
        // The safe fix is the one preferred action here, so Auto Fix (Shift+Alt+.) applies it without asking.
        const preferred = actions.all.filter((a) => a.isPreferred).map((a) => a.title);
        assert(preferred.length === 1 && preferred[0] === titles[0], `preferred actions: ${JSON.stringify(preferred)}`);
        // The preferred edit, applied to the text, is HEAD's file.
        const edits = actions.mine[0].edit?.get(cmUri!) ?? [];
        assert(edits.length > 0, 'the preferred action has no edit for the ConfigMap');
        let fixed = doc.getText();
        for (const e of [...edits].sort((a, b) => doc.offsetAt(b.range.start) - doc.offsetAt(a.range.start))) {
          fixed = fixed.slice(0, doc.offsetAt(e.range.start)) + e.newText + fixed.slice(doc.offsetAt(e.range.end));
        }
        assert(fixed === git('show', `HEAD:${REL}`), `the preferred fix does not give HEAD's text:\n${fixed}`);
      },
    ],
    [
      'vscode.executeHoverProvider explains the hook',
      async () => {
        const doc = await vscode.workspace.openTextDocument(cmUri!);
        const at = positionOf(doc.getText(), '"helm.sh/hook":', 3);
        const text = await until('a hover on the hook annotation', async () => {
          const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', cmUri, at);
          const all = (hovers ?? [])
            .flatMap((h) => h.contents)
            .map((c) => (typeof c === 'string' ? c : c.value))
            .join('\n');
          return /release manifest/.test(all) ? all : undefined;
        });
        assert(/Not part of the release manifest/.test(text), text);
        assert(/pre-upgrade\*\* runs on `helm upgrade`/.test(text), text);
      },
    ],
    [
      'command helmHookGuard.checkWorkspace exists and runs',
      async () => {
        const commands = await vscode.commands.getCommands(true);
        for (const c of ['helmHookGuard.checkWorkspace', 'helmHookGuard.showOutput']) assert(commands.includes(c), `command ${c} is missing`);
        await vscode.commands.executeCommand('helmHookGuard.checkWorkspace');
        await ruleDiagnostic();
      },
    ],
    [
      'helmHookGuard.baseRef: a ref where the ConfigMap already was a hook has nothing to report',
      async () => {
        await config().update('baseRef', 'hook-ref', vscode.ConfigurationTarget.Global);
        try {
          await until(`${RULE} to go with baseRef hook-ref`, () => !ours(cmUri!).some((d) => codeOf(d) === RULE));
        } finally {
          await config().update('baseRef', undefined, vscode.ConfigurationTarget.Global);
        }
        await ruleDiagnostic(); // back to HEAD: reported again
      },
    ],
    [
      'committing the working tree (HEAD now has the hook) clears the diagnostic',
      async () => {
        await ruleDiagnostic();
        git('add', 'basic-app');
        git('commit', '-q', '-m', 'ConfigMap as a hook');
        await until(`${RULE} to go after the commit`, () => !ours(cmUri!).some((d) => codeOf(d) === RULE));
      },
    ],
  ];

  for (const [name, fn] of tests) {
    const started = Date.now();
    try {
      await fn();
      results.push({ name, ok: true, ms: Date.now() - started });
    } catch (e) {
      results.push({ name, ok: false, ms: Date.now() - started, error: e instanceof Error ? e.stack ?? e.message : String(e) });
      if (!folder) break;
    }
  }
  const failed = results.filter((r) => !r.ok).length;
  const summary: RunResult = { vscodeVersion: vscode.version, passed: results.length - failed, failed, tests: results };
  writeFileSync(resultFile + '.tmp', JSON.stringify(summary, null, 2));
  renameSync(resultFile + '.tmp', resultFile); // the harness polls for the file: never let it read half of it
  console.log(`helm-hook-guard extension-host tests (VS Code ${vscode.version}): ${summary.passed} passed, ${failed} failed`);
  if (failed) throw new Error(`${failed} extension-host test(s) failed:\n` + results.filter((r) => !r.ok).map((r) => `${r.name}: ${r.error}`).join('\n'));
}
