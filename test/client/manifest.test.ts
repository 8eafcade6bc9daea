// The extension manifest stays in step with the code: versions, settings, language patterns (rule settings: see
// test/analysis/catalog.test.ts).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { DEFAULT_SETTINGS } from '../../server/src/lsp/settings';
import { VERSION } from '../../server/src/version';
import { REPO_ROOT } from '../helpers/charts';

const pkg = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));
const props = pkg.contributes.configuration.properties;

describe('package.json', () => {
  it('has the version the code reports', () => {
    assert.equal(pkg.version, VERSION);
  });

  it('defaults settings as the server does', () => {
    assert.equal(props['helmHookGuard.baseRef'].default, DEFAULT_SETTINGS.baseRef);
    assert.equal(props['helmHookGuard.releaseName'].default, DEFAULT_SETTINGS.releaseName);
    assert.equal(props['helmHookGuard.namespace'].default, DEFAULT_SETTINGS.namespace);
  });

  it('contributes the helm language with the Kubernetes extension file patterns', () => {
    const helm = pkg.contributes.languages.find((l: { id: string }) => l.id === 'helm');
    assert.equal(helm.aliases[0], 'Helm Template');
    for (const ext of ['yaml', 'yml', 'tpl']) {
      assert.ok(helm.filenamePatterns.includes(`**/templates/*.${ext}`));
      assert.ok(helm.filenamePatterns.includes(`**/templates/**/*.${ext}`));
    }
  });

  it('activates for charts only: a folder with a Chart.yaml or a Helm template, never any YAML file', () => {
    assert.deepEqual(pkg.activationEvents, ['workspaceContains:**/Chart.yaml', 'onLanguage:helm']);
  });

  it('contributes a restart command next to the others', () => {
    const ids = pkg.contributes.commands.map((c: { command: string }) => c.command);
    for (const id of ['helmHookGuard.showPlan', 'helmHookGuard.checkWorkspace', 'helmHookGuard.showOutput', 'helmHookGuard.restartServer']) assert.ok(ids.includes(id), id);
  });

  it('points bin entries and main at the bundles', () => {
    assert.equal(pkg.main, './dist/client.js');
    assert.deepEqual(Object.keys(pkg.bin).sort(), ['helm-hook-guard', 'helm-hook-guard-ls']);
  });
});
