// npm run bench: speed and memory, as medians, p95s and ratios against baselines measured in the same run, with the
// machine they ran on. Writes bench/results.json. It never fails on a number: targets are judged by people.
//   npm run bench                        everything, with a soak of 2,000 edits per chart
//   npm run bench -- --soak [--edits N]  only the soak, 10,000 edits per chart unless told (bench/results-soak.json)
//   npm run bench -- --monorepo          only the monorepo scan and a branch switch (bench/results-monorepo.json)
//   --real-charts <folder>               the real charts of the soak and the monorepo (default /work/realcharts)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { git, ms, now, peakRssMb, root, round, startServer, stats } from './common.mjs';
import { largeChart, workspace } from './generate.mjs';
import { monorepo, monorepoScan } from './monorepo.mjs';
import { soak, soakCharts } from './soak.mjs';

const args = process.argv.slice(2);
const only = args.includes('--soak') ? 'soak' : args.includes('--monorepo') ? 'monorepo' : undefined;
const editsArg = args.indexOf('--edits');
const soakEdits = editsArg >= 0 ? Number(args[editsArg + 1]) : only === 'soak' ? 10000 : 2000;
if (!args.includes('--charts') && !(soakEdits >= 1000)) throw new Error('--edits takes a number of at least 1000');

// `npm run bench -- --charts <folder>`: the same measures on a folder of real charts (bench/real.mjs).
const chartsArg = process.argv.indexOf('--charts');
if (chartsArg >= 0) {
  const folder = process.argv[chartsArg + 1];
  if (!folder) throw new Error('--charts needs a folder of charts');
  const { realBench } = await import('./real.mjs');
  await realBench(resolve(folder), process.argv.slice(2));
  process.exit(0);
}

const require = createRequire(import.meta.url);
const { analyzeChart } = require(join(root, 'out/server/src/analysis/analyze.js'));
const { readChart } = require(join(root, 'out/server/src/workspace/files.js'));
const { helmBinary } = require(join(root, 'out/test/helpers/helm.js'));
const YAML = require('yaml');

const SAMPLE = join(root, 'samples', 'basic-app');
const FIXTURES = join(root, 'test', 'fixtures', 'charts');
const work = mkdtempSync(join(tmpdir(), 'hhg-bench-'));

// (a) render plus analysis per chart, warm, in process.
async function inProcess(dir, runs = 60) {
  const chart = await readChart(dir);
  const render = { releaseName: 'release-name', namespace: 'default' };
  for (let i = 0; i < 5; i++) analyzeChart({ chart: chart.files, render });
  const times = [];
  for (let i = 0; i < runs; i++) {
    // A fresh map each run, as after an edit: nothing of the previous result is reused but the parse cache.
    const files = { files: new Map(chart.files.files), binaries: chart.files.binaries };
    const t0 = now();
    analyzeChart({ chart: files, render });
    times.push(ms(t0));
  }
  return stats(times);
}

// (b) edit to diagnostics through the language server on the large chart.
async function editLatency(chartDir, edits = 200) {
  git(chartDir, 'init', '-q');
  git(chartDir, 'add', '.');
  git(chartDir, 'commit', '-q', '-m', 'base');
  const server = await startServer(chartDir);
  await server.initialize();
  await server.conn.sendNotification('initialized', {});
  const uri = server.rootUri + '/templates/t1.yaml';
  let text = readFileSync(join(chartDir, 'templates/t1.yaml'), 'utf8') + '# typed: ';
  const published = (version) => new Promise((resolve) => {
    const off = server.on((p) => p.uri === uri && p.version === version && (off(), resolve()));
  });
  let p = published(1);
  await server.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'helm', version: 1, text } });
  await p;
  const lines = text.split('\n');
  const times = [];
  for (let v = 2; v < edits + 2; v++) {
    const position = { line: lines.length - 1, character: lines[lines.length - 1].length + (v - 2) };
    p = published(v);
    const t0 = now();
    await server.conn.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: v },
      contentChanges: [{ range: { start: position, end: position }, text: 'abcdefghij'[v % 10] }],
    });
    await p;
    times.push(ms(t0));
  }
  await server.stop();
  return stats(times);
}

// (c) cold start on a workspace of many charts, and (e) the server's peak memory meanwhile.
async function coldStart(dir, charts) {
  const expected = new Set([...Array(charts).keys()].map((i) => `file://${dir}/charts/app-${i}/templates/configmap.yaml`));
  const server = await startServer(dir);
  const done = new Promise((resolve) => {
    server.on((p) => {
      if (p.diagnostics.some((d) => d.code === 'hook-deletes-referenced-resource')) expected.delete(p.uri);
      if (expected.size === 0) resolve();
    });
  });
  const t0 = now();
  await server.initialize();
  await server.conn.sendNotification('initialized', {});
  await done;
  const elapsed = ms(t0);
  const rss = peakRssMb(server.proc.pid);
  await server.stop();
  return { ms: round(elapsed), peakRssMb: rss };
}

// (d) what a user would script with the real Helm: helm template --no-hooks for the base and the working tree.
function withHelm(dir, charts) {
  const base = join(work, 'base-checkout');
  git(dir, 'worktree', 'add', '-q', '--detach', base, 'HEAD');
  const helm = helmBinary();
  const env = { ...process.env, HELM_CACHE_HOME: join(work, 'helm'), HELM_CONFIG_HOME: join(work, 'helm'), HELM_DATA_HOME: join(work, 'helm') };
  const t0 = now();
  for (let i = 0; i < charts; i++) {
    for (const tree of [base, dir]) {
      const r = spawnSync(helm, ['template', 'release-name', join(tree, 'charts', `app-${i}`), '--no-hooks'], { env, encoding: 'utf8' });
      if (r.status !== 0) throw new Error(r.stderr);
    }
  }
  return round(ms(t0));
}

// (f) the floor: read and YAML-parse every template text of the workspace, rendering nothing.
function floor(dir) {
  const files = [];
  const walk = (d) => {
    for (const name of readdirSync(d)) {
      if (name === '.git') continue;
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (/\/templates\/.*\.(ya?ml|tpl)$/.test(p)) files.push(p);
    }
  };
  const t0 = now();
  walk(dir);
  for (const f of files) YAML.parseAllDocuments(readFileSync(f, 'utf8'));
  return round(ms(t0));
}

const results = { machine: `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`, date: new Date().toISOString(), measures: {} };
const m = results.measures;
try {
  if (!only) await classic();
  if (!only || only === 'soak') {
    // g. Resident memory every 1,000 edits; the target: at most 10% growth after the first 1,000.
    for (const chart of soakCharts(work)) {
      m[`g. soak, ${chart.name}`] = await soak(chart, soakEdits, 1000, (line) => console.error(line));
    }
  }
  if (!only || only === 'monorepo') {
    const ws = monorepo(join(work, 'monorepo'), SAMPLE, 200);
    m['h. monorepo: scan of 200 generated charts and the real ones, with requests during it'] = await monorepoScan(ws);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}

async function classic() {
  const large = largeChart(join(work, 'large'));
  const charts = [SAMPLE, ...(existsSync(FIXTURES) ? readdirSync(FIXTURES).map((n) => join(FIXTURES, n)).filter((d) => existsSync(join(d, 'Chart.yaml'))) : [])];
  m['a. render + analysis per chart, warm (ms)'] = {};
  for (const c of charts) m['a. render + analysis per chart, warm (ms)'][relative(root, c)] = await inProcess(c);
  m['a. render + analysis per chart, warm (ms)']['generated: 200 templates + library of 50 helpers'] = await inProcess(large, 30);
  m['b. edit to diagnostics over stdio, large chart (ms)'] = await editLatency(large);
  const ws = workspace(join(work, 'ws'), SAMPLE, 100);
  const cold = await coldStart(ws, 100);
  m['c. cold start, 100 charts: initialize to all diagnostics (ms)'] = cold.ms;
  m['e. server peak resident memory during c (MB)'] = cold.peakRssMb;
  const helm = withHelm(ws, 100);
  m['d. helm template --no-hooks, base + working tree of 100 charts (ms)'] = helm;
  m['c / d'] = round(cold.ms / helm);
  const fl = floor(ws);
  m['f. floor: read + YAML-parse all template text of c (ms)'] = fl;
  m['c / f'] = round(cold.ms / fl);
}

mkdirSync(join(root, 'bench'), { recursive: true });
writeFileSync(join(root, 'bench', only ? `results-${only}.json` : 'results.json'), JSON.stringify(results, null, 2) + '\n');
console.log(`machine: ${results.machine}\n`);
console.log('| measure | value |\n|---|---|');
for (const [k, v] of Object.entries(m)) {
  if (v && typeof v === 'object' && 'median' in v) console.log(`| ${k} | median ${v.median}, p95 ${v.p95} (n=${v.n}) |`);
  else if (v && typeof v === 'object' && 'residentMb' in v) {
    console.log(`| ${k}: resident MB at ${v.residentMb.map(([e]) => e).join(', ')} edits | ${v.residentMb.map(([, r]) => r).join(', ')} |`);
    console.log(`| ${k}: growth after the first 1,000 edits (target ≤ 10%) | ${v.growthAfterFirstThousandPct}% |`);
    console.log(`| ${k}: edit to diagnostics (ms) | median ${v.editToDiagnosticsMs.median}, p95 ${v.editToDiagnosticsMs.p95} |`);
  } else if (v && typeof v === 'object' && 'duringTheScan' in v) {
    const d = v.duringTheScan;
    console.log(`| ${k}: ${v.charts} charts, scan (ms) / server CPU (ms) / peak resident (MB) | ${v.scanMs} / ${v.serverCpuMs} / ${v.peakMb} |`);
    console.log(`| ${k}: load average at the start / end | ${v.loadAverage.join(' / ')} |`);
    for (const [name, s] of [['hover', d.hoverMs], ['code actions', d.codeActionsMs], ['edit to diagnostics', d.editToDiagnosticsMs]]) {
      console.log(`| ${k}: ${name} during the scan (ms) | median ${s.median}, p95 ${s.p95}, max ${s.max} (n=${s.n}) |`);
    }
    const b = v.branchSwitch;
    console.log(`| ${k}: branch switch of ${b.charts} charts, to all published again (ms) / server CPU (ms) | ${b.ms} / ${b.serverCpuMs} |`);
    for (const [name, s] of [['hover', b.hoverMs], ['code actions', b.codeActionsMs], ['edit to diagnostics', b.editToDiagnosticsMs]]) {
      console.log(`| ${k}: ${name} during the branch switch (ms) | median ${s.median}, p95 ${s.p95}, max ${s.max} (n=${s.n}) |`);
    }
  } else if (v && typeof v === 'object') for (const [c, s] of Object.entries(v)) console.log(`| ${k}: ${c} | median ${s.median}, p95 ${s.p95} |`);
  else console.log(`| ${k} | ${v} |`);
}
