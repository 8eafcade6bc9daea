// `npm run bench -- --charts <folder>`: the bench's measures on real charts. Each subfolder with a Chart.yaml is one
// chart (its dependencies vendored under charts/), ideally its own git repository so the baseline path runs. Figures
// against Helm are taken in the same run, alternating, so machine drift hits both sides. Writes bench/results-real.json.
// Options: --runs N (CLI runs per chart, default 3), --only-charts a,b, --edits N (default 60), --edit-charts a,b (default: the largest
// charts by template count, kube-prometheus-stack first when present), --only a,b (measure letters; f, the floor, only when
// asked: YAML-parsing raw template text of CRD-heavy charts takes long and says little).
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, tmpdir, totalmem } from 'node:os';
import { basename, join } from 'node:path';
import { cpuMs, median, ms, now, peakRssMb, root, round, startServer, stats, toolRoot } from './common.mjs';

const require = createRequire(import.meta.url);
const { analyzeChart } = require(join(root, 'out/server/src/analysis/analyze.js'));
const { readChart } = require(join(root, 'out/server/src/workspace/files.js'));
const { helmBinary } = require(join(root, 'out/test/helpers/helm.js'));
const YAML = require('yaml');

const CLI = join(toolRoot, 'bin/helm-hook-guard');

function option(argv, name, fallback) {
  const i = argv.indexOf(name);
  return i >= 0 && argv[i + 1] !== undefined ? argv[i + 1] : fallback;
}

function chartFolders(folder) {
  return readdirSync(folder)
    .map((n) => join(folder, n))
    .filter((d) => statSync(d).isDirectory() && existsSync(join(d, 'Chart.yaml')))
    .sort();
}

function templatesOf(dir) {
  const out = [];
  const walk = (d, rel) => {
    for (const name of readdirSync(d)) {
      if (name === '.git') continue;
      const p = join(d, name);
      const r = rel ? `${rel}/${name}` : name;
      if (statSync(p).isDirectory()) walk(p, r);
      else if (/(^|\/)templates\/.*\.(ya?ml|tpl)$/.test(r)) out.push(r);
    }
  };
  walk(dir, '');
  return out;
}

// (a) render plus analysis, warm, in process, with the baseline equal to the working tree (a render of its own).
async function inProcess(dir, runs) {
  const chart = await readChart(dir);
  const render = { releaseName: 'release-name', namespace: 'default' };
  for (let i = 0; i < 3; i++) analyzeChart({ chart: chart.files, render });
  const times = [];
  for (let i = 0; i < runs; i++) {
    const files = { files: new Map(chart.files.files), binaries: chart.files.binaries };
    const t0 = now();
    analyzeChart({ chart: files, render });
    times.push(ms(t0));
  }
  return stats(times);
}

/**
 * An edit that matters to the rules: a hook annotation on an object of the top chart that a workload references
 * (else on any object), written on the line above its `name:` in the template. Null when there is no such line.
 */
async function editTarget(dir) {
  const chart = await readChart(dir);
  const result = analyzeChart({ chart: chart.files, render: { releaseName: 'release-name', namespace: 'default' } });
  const used = new Set(result.current.references.map((x) => `${x.kind}/${x.name}`));
  const top = result.current.model.resources.filter((r) => r.template.path.startsWith('templates/') && r.nameRange && !r.annotationsPair);
  // Referenced ConfigMaps and Secrets first, then anything referenced (a ServiceAccount), then any object.
  const candidates = [
    ...top.filter((r) => (r.kind === 'ConfigMap' || r.kind === 'Secret') && used.has(`${r.kind}/${r.name}`)),
    ...top.filter((r) => used.has(`${r.kind}/${r.name}`)),
    ...top,
  ];
  for (const r of candidates) {
    const loc = result.locate(r.template, r.nameRange);
    if (loc.path !== r.template.path) continue;
    const text = chart.files.files.get(loc.path);
    const line = text.split('\n')[loc.range.start.line];
    const m = /^(\s*)name\s*:/.exec(line);
    if (!m) continue;
    return { path: loc.path, text, line: loc.range.start.line, insert: `${m[1]}annotations: {"helm.sh/hook": "pre-install,pre-upgrade"}\n`, object: `${r.kind} ${r.name}` };
  }
  return null;
}

// (b) edit to diagnostics over stdio, alternating the hook annotation on and off; (e) the server's peak memory.
async function editLatency(dir, edits, env) {
  const target = await editTarget(dir);
  if (!target) return { skipped: 'no object with a literal name line in the top chart' };
  const server = await startServer(dir, {}, env);
  await server.initialize();
  await server.conn.sendNotification('initialized', {});
  const uri = `${server.rootUri}/${target.path}`;
  const published = (version) =>
    new Promise((resolve) => {
      const off = server.on((p) => p.uri === uri && p.version === version && (off(), resolve(p)));
    });
  let p = published(1);
  await server.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'helm', version: 1, text: target.text } });
  await p;
  const times = [];
  const at = { line: target.line, character: 0 };
  const cpu0 = cpuMs(server.proc.pid);
  for (let v = 2; v < edits + 2; v++) {
    const on = v % 2 === 0;
    const change = on
      ? { range: { start: at, end: at }, text: target.insert }
      : { range: { start: at, end: { line: target.line + 1, character: 0 } }, text: '' };
    p = published(v);
    const t0 = now();
    await server.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version: v }, contentChanges: [change] });
    await p;
    times.push(ms(t0));
  }
  const cpu = round((cpuMs(server.proc.pid) - cpu0) / edits);
  const rss = peakRssMb(server.proc.pid);
  await server.stop();
  return { object: `${target.object} (${target.path})`, ...stats(times), 'server CPU ms per edit': cpu, peakRssMb: rss };
}

// (g) first diagnostics: from starting the server to the first publish for a template opened right after initialize.
async function firstDiagnostics(dir, env, runs = 3) {
  const target = (await editTarget(dir))?.path ?? templatesOf(dir).find((t) => t.startsWith('templates/') && !basename(t).startsWith('_'));
  if (!target) return { skipped: 'no template' };
  const text = readFileSync(join(dir, target), 'utf8');
  const times = [];
  const cpus = [];
  let rss = 0;
  for (let i = 0; i < runs; i++) {
    const t0 = now();
    const server = await startServer(dir, {}, env);
    const uri = `${server.rootUri}/${target}`;
    const done = new Promise((resolve) => server.on((p) => p.uri === uri && p.version === 1 && resolve()));
    await server.initialize();
    await server.conn.sendNotification('initialized', {});
    await server.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'helm', version: 1, text } });
    await done;
    times.push(ms(t0));
    cpus.push(cpuMs(server.proc.pid));
    rss = Math.max(rss, peakRssMb(server.proc.pid));
    await server.stop();
  }
  return { file: target, ...stats(times), 'server CPU ms, median': median(cpus), peakRssMb: rss };
}

// (c) cold start on the whole folder: one template opened per chart, initialize to every chart's first publish.
async function coldStart(folder, charts, env) {
  const opened = charts
    .map((dir) => [dir, templatesOf(dir).find((t) => t.startsWith('templates/') && !basename(t).startsWith('_') && !t.endsWith('NOTES.txt'))])
    .filter(([, t]) => t);
  const server = await startServer(folder, {}, env);
  const pending = new Set(opened.map(([dir, t]) => `file://${dir}/${t}`));
  const done = new Promise((resolve) =>
    server.on((p) => {
      if (p.version === 1) pending.delete(p.uri);
      if (pending.size === 0) resolve();
    }),
  );
  const t0 = now();
  await server.initialize();
  await server.conn.sendNotification('initialized', {});
  for (const [dir, t] of opened) {
    await server.conn.sendNotification('textDocument/didOpen', {
      textDocument: { uri: `file://${dir}/${t}`, languageId: 'helm', version: 1, text: readFileSync(join(dir, t), 'utf8') },
    });
  }
  await done;
  const elapsed = ms(t0);
  const rss = peakRssMb(server.proc.pid);
  await server.stop();
  return { charts: opened.length, ms: round(elapsed), peakRssMb: rss };
}

// Wall time, and the CPU time of the process and its children (from the kernel's rusage of this process's children).
function timed(cmd, args, env) {
  const before = childCpu();
  const t0 = now();
  const r = spawnSync(cmd, args, { env, encoding: 'utf8', maxBuffer: 1 << 28 });
  return { ms: ms(t0), cpu: childCpu() - before, status: r.status, stderr: r.stderr };
}

function childCpu() {
  const f = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
  // cutime and cstime: fields 16 and 17 of stat (14 and 15 after the command name), reaped children only.
  return (Number(f[13]) + Number(f[14])) * 10;
}

/** A template of the top chart to touch, so that a call sees a changed working tree. */
function touchable(dir) {
  const t = templatesOf(dir).find((p) => p.startsWith('templates/') && !basename(p).startsWith('_') && !p.endsWith('NOTES.txt'));
  if (!t) return undefined;
  const file = join(dir, t);
  const text = readFileSync(file, 'utf8');
  let n = 0;
  return { touch: () => writeFileSync(file, `${text}\n# bench edit ${n++}\n`), restore: () => writeFileSync(file, text) };
}

/**
 * The CLI's three situations: `--no-cache` (every call renders the base and the working tree), `edited` (the working
 * tree changed since the last call: a comment appended to a template before each call; the base render is cached) and
 * `unchanged` (the same working tree as the last call: its findings are cached).
 */
const SITUATIONS = { 'no-cache': ['--no-cache'], edited: [], unchanged: [] };

// (h) one CLI process per chart, as pre-commit calls it, alternating with `helm template` of the same chart.
function cliPerChart(charts, runs, env, helmEnv, situation) {
  const helm = helmBinary();
  const extra = SITUATIONS[situation];
  const rows = {};
  const ratios = [];
  const cpuRatios = [];
  for (const dir of charts) {
    const t = situation === 'edited' ? touchable(dir) : undefined;
    try {
      t?.touch();
      timed(CLI, ['check', dir, ...extra], env); // warm-up: fills the cache when it is on
      timed(helm, ['template', 'release-name', dir], helmEnv);
      const ours = [];
      const theirs = [];
      const oursCpu = [];
      const theirsCpu = [];
      let status;
      for (let i = 0; i < runs; i++) {
        t?.touch();
        const a = timed(CLI, ['check', dir, ...extra], env);
        status = a.status;
        ours.push(a.ms);
        oursCpu.push(a.cpu);
        const b = timed(helm, ['template', 'release-name', dir], helmEnv);
        theirs.push(b.ms);
        theirsCpu.push(b.cpu);
      }
      const row = {
        check: median(ours),
        helm: median(theirs),
        ratio: round(median(ours) / median(theirs)),
        'cpu ratio': round(median(oursCpu) / Math.max(10, median(theirsCpu))),
        exit: status,
      };
      rows[basename(dir)] = row;
      ratios.push(row.ratio);
      cpuRatios.push(row['cpu ratio']);
    } finally {
      t?.restore();
    }
  }
  const s = stats(ratios);
  return {
    'ratio check / helm template, median over charts': s.median,
    'p95 over charts': s.p95,
    max: round(Math.max(...ratios)),
    'CPU time ratio, median over charts': stats(cpuRatios).median,
    charts: rows,
  };
}

// (i) all charts in one CLI call against the sum of one `helm template` process per chart, alternating.
function cliAllCharts(charts, runs, env, helmEnv, situation) {
  const helm = helmBinary();
  const extra = SITUATIONS[situation];
  const touches = situation === 'edited' ? charts.map(touchable).filter(Boolean) : [];
  try {
    touches.forEach((t) => t.touch());
    timed(CLI, ['check', ...charts, ...extra], env);
    const ours = [];
    const theirs = [];
    const oursCpu = [];
    const theirsCpu = [];
    for (let i = 0; i < runs; i++) {
      touches.forEach((t) => t.touch());
      const a = timed(CLI, ['check', ...charts, ...extra], env);
      ours.push(a.ms);
      oursCpu.push(a.cpu);
      let sum = 0;
      let cpu = 0;
      for (const dir of charts) {
        const b = timed(helm, ['template', 'release-name', dir], helmEnv);
        sum += b.ms;
        cpu += b.cpu;
      }
      theirs.push(sum);
      theirsCpu.push(cpu);
    }
    return {
      check: median(ours),
      'sum of helm template': median(theirs),
      ratio: round(median(ours) / median(theirs)),
      'CPU time ratio': round(median(oursCpu) / median(theirsCpu)),
    };
  } finally {
    touches.forEach((t) => t.restore());
  }
}

// (f) the floor: read and YAML-parse every template text, rendering nothing.
function floor(charts) {
  const t0 = now();
  for (const dir of charts) for (const t of templatesOf(dir)) YAML.parseAllDocuments(readFileSync(join(dir, t), 'utf8'));
  return round(ms(t0));
}

export async function realBench(source, argv) {
  if (!existsSync(source) || !statSync(source).isDirectory()) throw new Error(`--charts ${source}: not a folder`);
  if (chartFolders(source).length === 0) throw new Error(`${source}: no chart folders (subfolders with a Chart.yaml)`);
  const work = mkdtempSync(join(tmpdir(), 'hhg-bench-real-'));
  // A copy, git repositories included: the bench edits templates, and the folder may be shared.
  const folder = join(work, 'charts');
  cpSync(source, folder, { recursive: true });
  const pick = option(argv, '--only-charts', '');
  const charts = chartFolders(folder).filter((d) => !pick || pick.split(',').includes(basename(d)));
  const runs = Number(option(argv, '--runs', '3'));
  const edits = Number(option(argv, '--edits', '60'));
  const only = option(argv, '--only', 'abcghi').replace(/,/g, '');
  const bySize = [...charts].sort((a, b) => templatesOf(b).length - templatesOf(a).length);
  const kps = charts.find((d) => basename(d) === 'kube-prometheus-stack');
  const editCharts = option(argv, '--edit-charts', '')
    ? option(argv, '--edit-charts', '').split(',').map((n) => join(folder, n))
    : [...new Set([kps, ...bySize].filter(Boolean))].slice(0, 3);
  // A cache folder of the bench's own: the user's cache is not touched, and the first call of each chart fills it.
  const env = { ...process.env, XDG_CACHE_HOME: join(work, 'cache') };
  const helmEnv = { ...process.env, HELM_CACHE_HOME: join(work, 'helm'), HELM_CONFIG_HOME: join(work, 'helm'), HELM_DATA_HOME: join(work, 'helm') };
  const hasCacheFlag = spawnSync(CLI, ['--help'], { encoding: 'utf8' }).stdout.includes('--no-cache');
  const results = {
    machine: `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`,
    date: new Date().toISOString(),
    folder: source,
    charts: charts.map((d) => ({ name: basename(d), templates: templatesOf(d).length, git: existsSync(join(d, '.git')) })),
    measures: {},
  };
  const m = results.measures;
  const step = (letter, label, fn) => (only.includes(letter) ? (console.error(`bench: ${label}`), fn()) : undefined);
  try {
    await step('a', 'a. in process', async () => {
      const rows = {};
      for (const dir of charts) rows[basename(dir)] = await inProcess(dir, 20);
      const medians = Object.values(rows).map((r) => r.median);
      m['a. render + analysis per chart, warm, in process (ms)'] = { 'median over charts': median(medians), max: round(Math.max(...medians)), charts: rows };
    });
    await step('b', 'b. edit to diagnostics', async () => {
      m['b. edit to diagnostics over stdio, alternating a hook annotation on a referenced object (ms)'] = {};
      for (const dir of editCharts) m['b. edit to diagnostics over stdio, alternating a hook annotation on a referenced object (ms)'][basename(dir)] = await editLatency(dir, edits, env);
    });
    await step('g', 'g. first diagnostics', async () => {
      m['g. first diagnostics: server start to the first publish of an opened template (ms)'] = {};
      for (const dir of editCharts) m['g. first diagnostics: server start to the first publish of an opened template (ms)'][basename(dir)] = await firstDiagnostics(dir, env);
    });
    await step('c', 'c. cold start', async () => {
      m['c. cold start, every chart: initialize to a publish for one open template per chart (ms), e. with peak memory (MB)'] = await coldStart(folder, charts, env);
    });
    await step('h', 'h. CLI per chart', async () => {
      for (const situation of hasCacheFlag ? Object.keys(SITUATIONS) : ['edited']) {
        m[`h. CLI, one process per chart${hasCacheFlag ? `, ${situation}` : ''} (ms)`] = cliPerChart(charts, runs, env, helmEnv, hasCacheFlag ? situation : 'edited');
      }
    });
    await step('i', 'i. CLI all charts', async () => {
      for (const situation of hasCacheFlag ? Object.keys(SITUATIONS) : ['edited']) {
        m[`i. CLI, all charts in one call${hasCacheFlag ? `, ${situation}` : ''} (ms)`] = cliAllCharts(charts, runs, env, helmEnv, hasCacheFlag ? situation : 'edited');
      }
    });
    await step('f', 'f. floor', async () => {
      m['f. floor: read + YAML-parse all template text (ms)'] = floor(charts);
    });
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  mkdirSync(join(root, 'bench'), { recursive: true });
  writeFileSync(join(root, 'bench', 'results-real.json'), JSON.stringify(results, null, 2) + '\n');
  console.log(`machine: ${results.machine}; ${charts.length} charts in ${source}\n`);
  console.log(JSON.stringify(m, (k, v) => (k === 'charts' && !Array.isArray(v) ? undefined : v), 2));
}
