// `npm run bench -- --charts <folder>`: the bench's measures on real charts. Each subfolder with a Chart.yaml is one
// chart (its dependencies vendored under charts/), ideally its own git repository so the baseline path runs. Figures
// against Helm are taken in the same run, alternating, so machine drift hits both sides. Writes bench/results-real.json.
// Options: --runs N (CLI runs per chart, default 3), --only-charts a,b, --edits N (default 60), --edit-charts a,b (default: the largest
// charts by template count, kube-prometheus-stack first when present), --only a,b (measure letters; f, the floor, only when
// asked: YAML-parsing raw template text of CRD-heavy charts takes long and says little), --before <checkout> (a built
// checkout, e.g. of main: each language server and CLI measure runs both, alternating, before first). Ends with the rows
// of README's "Real charts" table, from this run.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, tmpdir, totalmem } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { cpuMs, median, ms, now, peakRssMb, root, round, startServer, stats, toolRoot } from './common.mjs';

const require = createRequire(import.meta.url);
const { analyzeChart } = require(join(root, 'out/server/src/analysis/analyze.js'));
const { readChart } = require(join(root, 'out/server/src/workspace/files.js'));
const { helmBinary } = require(join(root, 'out/test/helpers/helm.js'));
const YAML = require('yaml');

const cliOf = (tool) => join(tool.root, 'bin/helm-hook-guard');

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
async function editLatency(dir, edits, tool) {
  const target = await editTarget(dir);
  if (!target) return { skipped: 'no object with a literal name line in the top chart' };
  const server = await startServer(dir, {}, tool.env, tool.root);
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
  const cpu = cpuMs(server.proc.pid) - cpu0;
  const rss = peakRssMb(server.proc.pid);
  await server.stop();
  return { object: `${target.object} (${target.path})`, times, cpu, rss };
}

/** editLatency of each tool, alternating in two halves (before, after, before, after). */
async function editLatencies(dir, edits, tools) {
  const runs = new Map(tools.map((t) => [t.name, []]));
  for (let half = 0; half < 2; half++) for (const t of tools) runs.get(t.name).push(await editLatency(dir, Math.ceil(edits / 2), t));
  const out = {};
  for (const t of tools) {
    const rs = runs.get(t.name);
    if (rs[0].skipped) return rs[0];
    const times = rs.flatMap((r) => r.times);
    out[t.name] = {
      object: rs[0].object,
      ...stats(times),
      'server CPU ms per edit': round(rs.reduce((a, r) => a + r.cpu, 0) / times.length),
      peakRssMb: Math.max(...rs.map((r) => r.rss)),
    };
  }
  return out;
}

// (g) first diagnostics: from starting the server to the first publish for a template opened right after initialize.
// The first start of each tool has an empty cache folder (reported on its own); later starts find the baseline
// render stored by the first, as any start at an unchanged base commit does.
async function firstDiagnostics(dir, tools, runs = 4) {
  const target = (await editTarget(dir))?.path ?? templatesOf(dir).find((t) => t.startsWith('templates/') && !basename(t).startsWith('_'));
  if (!target) return { skipped: 'no template' };
  const text = readFileSync(join(dir, target), 'utf8');
  const data = new Map(tools.map((t) => [t.name, { times: [], cpus: [], analysed: [], rss: 0 }]));
  for (let i = 0; i < runs; i++) {
    for (const tool of tools) {
      const d = data.get(tool.name);
      const env = i === 0 ? { ...tool.env, XDG_CACHE_HOME: mkdtempSync(join(tmpdir(), 'hhg-bench-cold-')) } : tool.env;
      const t0 = now();
      const server = await startServer(dir, {}, env, tool.root);
      const uri = `${server.rootUri}/${target}`;
      const done = new Promise((resolve) => server.on((p) => p.uri === uri && p.version === 1 && resolve()));
      await server.initialize();
      await server.conn.sendNotification('initialized', {});
      await server.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'helm', version: 1, text } });
      await done;
      d.times.push(ms(t0));
      d.cpus.push(cpuMs(server.proc.pid));
      // A hover waits for the chart's analysis when the first publish came from the stored findings.
      await server.conn.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 0 } });
      d.analysed.push(ms(t0));
      d.rss = Math.max(d.rss, peakRssMb(server.proc.pid));
      await server.stop();
      if (i === 0) rmSync(env.XDG_CACHE_HOME, { recursive: true, force: true });
    }
  }
  const out = {};
  for (const t of tools) {
    const d = data.get(t.name);
    out[t.name] = {
      file: target,
      'empty cache: ms': round(d.times[0]),
      'empty cache: server CPU ms': d.cpus[0],
      ...stats(d.times.slice(1)),
      'server CPU ms, median': median(d.cpus.slice(1)),
      'until a hover is answered from the analysis: empty cache ms': round(d.analysed[0]),
      'until a hover is answered from the analysis: ms, median': median(d.analysed.slice(1)),
      peakRssMb: d.rss,
    };
  }
  return out;
}

// (c) cold start on the whole folder: one template opened per chart, initialize to every chart's first publish.
async function coldStart(folder, charts, tool) {
  const env = tool.env;
  const opened = charts
    .map((dir) => [dir, templatesOf(dir).find((t) => t.startsWith('templates/') && !basename(t).startsWith('_') && !t.endsWith('NOTES.txt'))])
    .filter(([, t]) => t);
  const server = await startServer(folder, {}, env, tool.root);
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
// `edited, --daemon`: the same edits, each call served by the daemon of --daemon (its CPU is not in the CPU column: it
// is not the call's child). Only in the one-process-per-chart measure.
const SITUATIONS = { 'no-cache': ['--no-cache'], edited: [], unchanged: [], 'edited, --daemon': ['--daemon'] };
const edits = (situation) => situation.startsWith('edited');

// (h) one CLI process per chart, as pre-commit calls it, alternating with `helm template` of the same chart (and
// between the tools).
function cliPerChart(charts, runs, tools, helmEnv, situation) {
  const helm = helmBinary();
  const extra = SITUATIONS[situation];
  const rows = new Map(tools.map((t) => [t.name, {}]));
  for (const dir of charts) {
    const t = edits(situation) ? touchable(dir) : undefined;
    try {
      for (const tool of tools) {
        t?.touch();
        timed(cliOf(tool), ['check', dir, ...extra], tool.env); // warm-up: fills the cache when it is on
      }
      timed(helm, ['template', 'release-name', dir], helmEnv);
      const ours = new Map(tools.map((x) => [x.name, { ms: [], cpu: [], status: undefined }]));
      const theirs = [];
      const theirsCpu = [];
      for (let i = 0; i < runs; i++) {
        for (const tool of tools) {
          t?.touch();
          const a = timed(cliOf(tool), ['check', dir, ...extra], tool.env);
          const o = ours.get(tool.name);
          o.ms.push(a.ms);
          o.cpu.push(a.cpu);
          o.status = a.status;
        }
        const b = timed(helm, ['template', 'release-name', dir], helmEnv);
        theirs.push(b.ms);
        theirsCpu.push(b.cpu);
      }
      for (const tool of tools) {
        const o = ours.get(tool.name);
        rows.get(tool.name)[basename(dir)] = {
          check: median(o.ms),
          'check CPU': median(o.cpu),
          helm: median(theirs),
          'helm CPU': median(theirsCpu),
          ratio: round(median(o.ms) / median(theirs)),
          'cpu ratio': round(median(o.cpu) / Math.max(10, median(theirsCpu))),
          exit: o.status,
        };
      }
    } finally {
      t?.restore();
    }
  }
  const out = {};
  for (const tool of tools) {
    const r = rows.get(tool.name);
    const ratios = Object.values(r).map((x) => x.ratio);
    const s = stats(ratios);
    out[tool.name] = {
      'ratio check / helm template, median over charts': s.median,
      'p95 over charts': s.p95,
      max: round(Math.max(...ratios)),
      'CPU time ratio, median over charts': stats(Object.values(r).map((x) => x['cpu ratio'])).median,
      'check ms, median over charts': median(Object.values(r).map((x) => x.check)),
      'helm template ms, median over charts': median(Object.values(r).map((x) => x.helm)),
      charts: r,
    };
  }
  return out;
}

// (i) all charts in one CLI call against the sum of one `helm template` process per chart, alternating.
function cliAllCharts(charts, runs, tools, helmEnv, situation) {
  const helm = helmBinary();
  const extra = SITUATIONS[situation];
  const touches = edits(situation) ? charts.map(touchable).filter(Boolean) : [];
  try {
    for (const tool of tools) {
      touches.forEach((t) => t.touch());
      timed(cliOf(tool), ['check', ...charts, ...extra], tool.env);
    }
    const ours = new Map(tools.map((x) => [x.name, { ms: [], cpu: [] }]));
    const theirs = [];
    const theirsCpu = [];
    for (let i = 0; i < runs; i++) {
      for (const tool of tools) {
        touches.forEach((t) => t.touch());
        const a = timed(cliOf(tool), ['check', ...charts, ...extra], tool.env);
        ours.get(tool.name).ms.push(a.ms);
        ours.get(tool.name).cpu.push(a.cpu);
      }
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
    const out = {};
    for (const tool of tools) {
      const o = ours.get(tool.name);
      out[tool.name] = {
        check: median(o.ms),
        'check CPU': median(o.cpu),
        'sum of helm template': median(theirs),
        'sum of helm template CPU': median(theirsCpu),
        ratio: round(median(o.ms) / median(theirs)),
        'CPU time ratio': round(median(o.cpu) / median(theirsCpu)),
      };
    }
    return out;
  } finally {
    touches.forEach((t) => t.restore());
  }
}

/** README's rows for this run: | measure | before | after | target | (or | measure | result | target | for one tool). */
function readmeRows(m, tools, kps) {
  const rows = [];
  const cells = (f) => tools.map((t) => f(t.name) ?? '');
  const row = (label, f, target = '') => {
    const c = cells(f);
    if (c.some((x) => x !== '' && x !== undefined)) rows.push(`| ${label} | ${c.join(' | ')} | ${target} |`);
  };
  const B = m['b. edit to diagnostics over stdio, alternating a hook annotation on a referenced object (ms)'] ?? {};
  const G = m['g. first diagnostics: server start to the first publish of an opened template (ms)'] ?? {};
  const ms0 = (x) => (x === undefined ? undefined : `${Math.round(x)} ms`);
  const sec = (x) => (x === undefined ? undefined : `${(x / 1000).toFixed(2)} s`);
  if (B[kps]) {
    row(`edit to diagnostics over stdio, a hook annotation toggled on a referenced object: server CPU per edit, ${kps}`, (n) => ms0(B[kps][n]?.['server CPU ms per edit']));
    row(`the same, wall, ${kps}, median / p95`, (n) => B[kps][n] && `${Math.round(B[kps][n].median)} / ${Math.round(B[kps][n].p95)} ms`, 'p95 ≤ 50 ms');
  }
  const others = Object.keys(B).filter((c) => c !== kps && !B[c].skipped);
  if (others.length) row(`the same, server CPU per edit, ${others.join(' / ')}`, (n) => others.map((c) => Math.round(B[c][n]?.['server CPU ms per edit'] ?? NaN)).join(' / ') + ' ms');
  if (G[kps]) {
    row(`first diagnostics, server start to the first publish of an open template, ${kps}: wall / server CPU (an earlier start stored the baseline render and its findings)`, (n) => G[kps][n] && `${sec(G[kps][n].median)} / ${sec(G[kps][n]['server CPU ms, median'])}`, '≤ 500 ms (wall)');
    row(`the same with an empty cache folder`, (n) => G[kps][n] && `${sec(G[kps][n]['empty cache: ms'])} / ${sec(G[kps][n]['empty cache: server CPU ms'])}`);
    row(`server start to a hover answered from the chart's analysis, ${kps}: an earlier start's cache / an empty one`, (n) => G[kps][n] && `${sec(G[kps][n]['until a hover is answered from the analysis: ms, median'])} / ${sec(G[kps][n]['until a hover is answered from the analysis: empty cache ms'])}`);
  }
  if (B[kps]) row(`server peak resident memory, ${kps}, during the edits`, (n) => B[kps][n] && `${Math.round(B[kps][n].peakRssMb)} MB`, '≤ 150 MB');
  const WHAT = {
    'no-cache': '`--no-cache` (base and working tree rendered)',
    edited: 'the working tree edited since the last call (baseline render from the cache)',
    unchanged: 'nothing changed since the last call (findings from the cache)',
    'edited, --daemon': 'the working tree edited since the last call, `--daemon` (CPU: the calls only, not the daemon)',
  };
  for (const situation of Object.keys(SITUATIONS)) {
    const h = m[`h. CLI, one process per chart, ${situation} (ms)`];
    if (h) {
      const n = Object.keys(Object.values(h)[0].charts).length;
      row(`CLI, one process per chart, ${WHAT[situation]}: check / \`helm template\` of the chart, median over ${n} charts, wall (CPU)`, (t) => h[t] && `${h[t]['ratio check / helm template, median over charts']} (${h[t]['CPU time ratio, median over charts']})`, edits(situation) ? '≤ 2' : '');
    }
  }
  for (const situation of Object.keys(SITUATIONS)) {
    const i = m[`i. CLI, all charts in one call, ${situation} (ms)`];
    if (i) row(`CLI, all charts in one call, ${WHAT[situation]}: check / the sum of \`helm template\`, wall (CPU)`, (t) => i[t] && `${i[t].ratio} (${i[t]['CPU time ratio']}); ${sec(i[t].check)}`, situation === 'edited' ? '≤ 0.3' : '');
  }
  return rows;
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
  // A cache folder of the bench's own per tool: the user's cache is not touched, and the first call of each chart fills it.
  const beforeRoot = option(argv, '--before', '');
  if (beforeRoot && !existsSync(join(beforeRoot, 'dist', 'cli.js'))) throw new Error(`--before ${beforeRoot}: no built checkout (dist/cli.js)`);
  const tools = [...(beforeRoot ? [{ name: 'before', root: resolve(beforeRoot) }] : []), { name: beforeRoot ? 'after' : 'result', root: toolRoot }].map((t) => ({
    ...t,
    env: { ...process.env, XDG_CACHE_HOME: join(work, `cache-${t.name}`) },
  }));
  const helmEnv = { ...process.env, HELM_CACHE_HOME: join(work, 'helm'), HELM_CONFIG_HOME: join(work, 'helm'), HELM_DATA_HOME: join(work, 'helm') };
  const results = {
    machine: `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`,
    date: new Date().toISOString(),
    folder: source,
    tools: Object.fromEntries(tools.map((t) => [t.name, t.root])),
    charts: charts.map((d) => ({ name: basename(d), templates: templatesOf(d).length, git: existsSync(join(d, '.git')) })),
    measures: {},
  };
  const m = results.measures;
  const step = (letter, label, fn) => (only.includes(letter) ? (console.error(`bench: ${label}`), fn()) : undefined);
  const B = 'b. edit to diagnostics over stdio, alternating a hook annotation on a referenced object (ms)';
  const G = 'g. first diagnostics: server start to the first publish of an opened template (ms)';
  try {
    await step('a', 'a. in process', async () => {
      const rows = {};
      for (const dir of charts) rows[basename(dir)] = await inProcess(dir, 20);
      const medians = Object.values(rows).map((r) => r.median);
      m['a. render + analysis per chart, warm, in process (ms)'] = { 'median over charts': median(medians), max: round(Math.max(...medians)), charts: rows };
    });
    await step('b', 'b. edit to diagnostics', async () => {
      m[B] = {};
      for (const dir of editCharts) m[B][basename(dir)] = await editLatencies(dir, edits, tools);
    });
    await step('g', 'g. first diagnostics', async () => {
      m[G] = {};
      for (const dir of editCharts) m[G][basename(dir)] = await firstDiagnostics(dir, tools);
    });
    await step('c', 'c. cold start', async () => {
      const c = {};
      for (const tool of tools) c[tool.name] = await coldStart(folder, charts, tool);
      m['c. cold start, every chart: initialize to a publish for one open template per chart (ms), e. with peak memory (MB)'] = c;
    });
    await step('h', 'h. CLI per chart', async () => {
      for (const situation of Object.keys(SITUATIONS)) m[`h. CLI, one process per chart, ${situation} (ms)`] = cliPerChart(charts, runs, tools, helmEnv, situation);
      for (const tool of tools) timed(cliOf(tool), ['daemon', 'stop'], tool.env);
    });
    await step('i', 'i. CLI all charts', async () => {
      for (const situation of Object.keys(SITUATIONS).filter((x) => !x.includes('--daemon'))) m[`i. CLI, all charts in one call, ${situation} (ms)`] = cliAllCharts(charts, runs, tools, helmEnv, situation);
    });
    await step('f', 'f. floor', async () => {
      m['f. floor: read + YAML-parse all template text (ms)'] = floor(charts);
    });
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  results.readme = readmeRows(m, tools, 'kube-prometheus-stack');
  mkdirSync(join(root, 'bench'), { recursive: true });
  writeFileSync(join(root, 'bench', 'results-real.json'), JSON.stringify(results, null, 2) + '\n');
  console.log(`machine: ${results.machine}; ${charts.length} charts in ${source}\n`);
  console.log(JSON.stringify(m, (k, v) => (k === 'charts' && !Array.isArray(v) ? undefined : v), 2));
  console.log(`\n| measure | ${tools.map((t) => t.name).join(' | ')} | target |\n|---|${tools.map(() => '---|').join('')}---|`);
  for (const r of results.readme) console.log(r);
}
