// npm run bench: speed figures as medians and p95, with the machine they ran on. Not a test: it never fails on a number.
import { spawn } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const require = createRequire(import.meta.url);
const { analyzeChart } = require(join(root, 'out/server/src/analysis/analyze.js'));
const { readChartDir, withHook, SAMPLE_CHART } = require(join(root, 'out/test/helpers/charts.js'));
const { createMessageConnection, StreamMessageReader, StreamMessageWriter } = require('vscode-languageserver-protocol/node');

const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const at = (q) => s[Math.min(s.length - 1, Math.floor(q * s.length))];
  return { n: s.length, median: +at(0.5).toFixed(3), p95: +at(0.95).toFixed(3) };
};
const ms = (t0) => Number(process.hrtime.bigint() - t0) / 1e6;

function inProcess() {
  const base = readChartDir(SAMPLE_CHART);
  const cur = new Map(base);
  cur.set('templates/configmap.yaml', withHook(base.get('templates/configmap.yaml')));
  const baseline = { files: base };
  const render = { releaseName: 'basic-app', namespace: 'default' };
  const times = [];
  for (let i = 0; i < 500; i++) {
    const files = new Map(cur);
    files.set('templates/configmap.yaml', cur.get('templates/configmap.yaml') + `\n# edit ${i}`);
    const t0 = process.hrtime.bigint();
    const r = analyzeChart({ chart: { files }, baseline, render });
    if (i >= 50) times.push(ms(t0));
    if (r.findings.length !== 1) throw new Error('the sample must produce its finding');
  }
  return stats(times);
}

async function editToDiagnostics() {
  const work = mkdtempSync(join(tmpdir(), 'hhg-bench-'));
  const git = (...a) => execFileSync('git', ['-c', 'user.name=b', '-c', 'user.email=b@example.invalid', ...a], { cwd: work });
  cpSync(SAMPLE_CHART, join(work, 'basic-app'), { recursive: true });
  git('init', '-q');
  git('add', '.');
  git('commit', '-q', '-m', 'base');
  const proc = spawn(process.execPath, [join(root, 'bin/helm-hook-guard-ls'), '--stdio']);
  const conn = createMessageConnection(new StreamMessageReader(proc.stdout), new StreamMessageWriter(proc.stdin));
  let waiter;
  conn.onNotification('textDocument/publishDiagnostics', (p) => waiter?.(p));
  conn.onRequest('workspace/configuration', (p) => p.items.map(() => ({ releaseName: 'basic-app' })));
  conn.onRequest('client/registerCapability', () => null);
  conn.listen();
  const rootUri = 'file://' + work;
  await conn.sendRequest('initialize', { processId: process.pid, rootUri, workspaceFolders: [{ uri: rootUri, name: 'b' }], capabilities: { workspace: { configuration: true } } });
  await conn.sendNotification('initialized', {});
  const uri = rootUri + '/basic-app/templates/configmap.yaml';
  const text = withHook(readFileSync(join(work, 'basic-app/templates/configmap.yaml'), 'utf8'));
  const published = (version) =>
    new Promise((resolve) => {
      waiter = (p) => p.uri === uri && p.version === version && resolve(p);
    });
  let p = published(1);
  await conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'helm', version: 1, text } });
  await p;
  const times = [];
  for (let v = 2; v < 202; v++) {
    p = published(v);
    const t0 = process.hrtime.bigint();
    await conn.sendNotification('textDocument/didChange', { textDocument: { uri, version: v }, contentChanges: [{ text: text + `\n# ${v}` }] });
    await p;
    times.push(ms(t0));
  }
  await conn.sendRequest('shutdown');
  await conn.sendNotification('exit');
  conn.dispose();
  proc.kill();
  rmSync(work, { recursive: true, force: true });
  return stats(times);
}

const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`;
const results = {
  machine,
  date: new Date().toISOString(),
  'analysis of the sample chart, warm, in process (ms)': inProcess(),
  'edit to diagnostics over stdio, sample chart (ms, includes the 25 ms debounce)': await editToDiagnostics(),
};
mkdirSync(join(root, 'bench'), { recursive: true });
writeFileSync(join(root, 'bench', 'results.json'), JSON.stringify(results, null, 2) + '\n');
console.log(`machine: ${machine}`);
console.log('| measure | n | median | p95 |\n|---|---|---|---|');
for (const [k, v] of Object.entries(results)) if (typeof v === 'object') console.log(`| ${k} | ${v.n} | ${v.median} | ${v.p95} |`);
