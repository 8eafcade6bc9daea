// npm run test:vscode: the extension-host tests under @vscode/test-electron, on a desktop VS Code given by
// VSCODE_EXECUTABLE_PATH (test-electron cannot download one on machines without internet access).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';
import { REPO_ROOT } from '../helpers/charts';
import { makeExtensionTestWorkspace } from './workspace';

async function main(): Promise<number> {
  const vscodeExecutablePath = process.env.VSCODE_EXECUTABLE_PATH;
  if (!vscodeExecutablePath) {
    console.error('test:vscode: set VSCODE_EXECUTABLE_PATH to a desktop VS Code (code binary); in code-server the same tests run through npm run test:e2e');
    return 2;
  }
  const repo = makeExtensionTestWorkspace();
  const scratch = mkdtempSync(path.join(tmpdir(), 'hhg-vscode-'));
  try {
    await runTests({
      vscodeExecutablePath,
      extensionDevelopmentPath: REPO_ROOT,
      extensionTestsPath: path.join(REPO_ROOT, 'out', 'test', 'vscode', 'index.js'),
      extensionTestsEnv: { HHG_VSCODE_RESULT: path.join(scratch, 'result.json'), HHG_VSCODE_TEST_TIMEOUT_MS: '60000' },
      launchArgs: [repo.dir, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes', '--user-data-dir', path.join(scratch, 'ud')],
    });
    return 0;
  } catch (e) {
    console.error(e instanceof Error ? e.message : e);
    return 1;
  } finally {
    repo.dispose();
    rmSync(scratch, { recursive: true, force: true });
  }
}

void main().then((code) => process.exit(code));
