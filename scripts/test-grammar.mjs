// Grammar tests (npm run test:grammar): vscode-tmgrammar-test on test/grammar/<group>/*.test.yaml, with VS Code's own
// YAML grammars (the ones the injection composes with) taken from the code-server that
// scripts/install-real-clients.sh installs, or from HHG_VSCODE_YAML_SYNTAXES.
//
//   helm/              the helm language with our base grammar (source.helm = YAML) + the injection
//   yaml/              a template opened as YAML (source.yaml) + the injection
//   kubernetes-tools/  source.helm is vscode-kubernetes-tools' grammar (a stand-in fixture) + the injection
//
// Our grammar entries come from package.json's contributes.grammars when it has them (so a wrong path or injectTo
// there fails here), else from PROPOSED below.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const PROPOSED = [
  { language: 'helm', scopeName: 'source.helm', path: './syntaxes/helm.tmLanguage.json' },
  {
    scopeName: 'template.helm.injection',
    path: './syntaxes/helm-template.injection.tmLanguage.json',
    injectTo: ['source.yaml', 'source.helm'],
  },
];

function fail(message) {
  console.error(`test:grammar: ${message}`);
  process.exit(1);
}

const clients = process.env.HHG_CLIENTS_DIR || path.join(ROOT, '.cache', 'real-clients');
const yamlDir =
  process.env.HHG_VSCODE_YAML_SYNTAXES ||
  path.join(clients, 'tools', 'node_modules', 'code-server', 'lib', 'vscode', 'extensions', 'yaml', 'syntaxes');
const yamlPackage = path.join(yamlDir, '..', 'package.json');
if (!existsSync(yamlPackage)) {
  fail(`VS Code's YAML grammars are not at ${yamlDir}: run bash scripts/install-real-clients.sh (or set HHG_VSCODE_YAML_SYNTAXES)`);
}
// VS Code's yaml extension registers source.yaml plus the per-version grammars it includes.
const yamlGrammars = JSON.parse(readFileSync(yamlPackage, 'utf8'))
  .contributes.grammars.filter((g, i, all) => all.findIndex((h) => h.scopeName === g.scopeName) === i)
  .map((g) => ({ scopeName: g.scopeName, path: path.join(yamlDir, '..', g.path) }));

const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
let ours = pkg.contributes?.grammars;
if (!ours) {
  console.log('test:grammar: package.json has no contributes.grammars yet; testing the proposed entries');
  ours = PROPOSED;
}
ours = ours.map((g) => ({ ...g, path: path.resolve(ROOT, g.path) }));
const injection = ours.find((g) => g.injectTo);
const base = ours.find((g) => g.language === 'helm');
if (!injection || !base) fail('contributes.grammars needs the helm grammar and the injection grammar (with injectTo)');
for (const scope of ['source.yaml', 'source.helm']) {
  if (!injection.injectTo.includes(scope)) fail(`the injection grammar must be injected into ${scope}`);
}
for (const g of ours) if (!existsSync(g.path)) fail(`missing grammar file ${g.path}`);

const groups = {
  helm: [...yamlGrammars, base, injection],
  yaml: [...yamlGrammars, base, injection],
  'kubernetes-tools': [
    ...yamlGrammars,
    { language: 'helm', scopeName: 'source.helm', path: path.join(ROOT, 'test', 'grammar', 'fixtures', 'kubernetes-tools-helm.tmLanguage.json') },
    injection,
  ],
};

const cli = path.join(ROOT, 'node_modules', 'vscode-tmgrammar-test', 'dist', 'unit.js');
if (!existsSync(cli)) fail('vscode-tmgrammar-test is not installed (npm install)');
const work = mkdtempSync(path.join(tmpdir(), 'hhg-grammar-'));
let failed = 0;
let ran = 0;
try {
  for (const [group, grammars] of Object.entries(groups)) {
    const config = path.join(work, `${group}.json`);
    // vscode-tmgrammar-test joins each path to the config's folder, so they must be relative to it.
    const rel = grammars.map((g) => ({ ...g, path: path.relative(work, g.path) }));
    writeFileSync(config, JSON.stringify({ contributes: { grammars: rel } }, null, 2));
    const pattern = path.join('test', 'grammar', group, '*.test.yaml');
    console.log(`\n# grammar tests: ${group}`);
    const r = spawnSync(process.execPath, [cli, '--config', config, pattern], { cwd: ROOT, stdio: 'inherit' });
    ran++;
    if (r.status !== 0) failed++;
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
console.log(`\n${ran - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
