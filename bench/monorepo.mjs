// A monorepo: 200 generated bitnami-shaped charts (plus the real charts at hand) in one repository. Measures the scan
// (time, server CPU, peak resident memory) and, while it runs, the latency of a hover, of code actions and of an edit's
// diagnostics on a chart the user has open; then the same during a branch switch that changes every generated chart.
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { typicalChart } from './genChart.mjs';
import { loadavg } from 'node:os';
import { cpuMs, git, memoryMb, ms, now, round, startServer, stats } from './lsp.mjs';
import { realChart } from './soak.mjs';

const HOOK = '  annotations:\n    "helm.sh/hook": pre-install,pre-upgrade\n';

export function monorepo(dir, sampleChart, charts = 200) {
  const files = typicalChart();
  for (let i = 0; i < charts; i++) {
    const chart = join(dir, 'charts', `app-${String(i).padStart(3, '0')}`);
    for (const [p, text] of files) {
      mkdirSync(join(chart, p, '..'), { recursive: true });
      writeFileSync(join(chart, p), p === 'Chart.yaml' ? text.replace('name: typical', `name: app-${i}`) : text);
    }
  }
  const real = [realChart('bitnami-redis', 'redis'), realChart('cert-manager')].filter((d) => existsSync(join(d, 'Chart.yaml')));
  // Their own .git stays out: they are folders of the monorepo's one repository.
  for (const d of real) cpSync(d, join(dir, 'real', basename(d)), { recursive: true, filter: (p) => !p.endsWith('/.git') });
  cpSync(sampleChart, join(dir, 'open', 'basic-app'), { recursive: true });
  git(dir, 'init', '-q');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'base');
  // A branch that changes every generated chart's values, for the branch switch after the scan.
  const switched = [];
  git(dir, 'checkout', '-q', '-b', 'switch');
  for (let i = 0; i < charts; i++) {
    const rel = `charts/app-${String(i).padStart(3, '0')}/values.yaml`;
    writeFileSync(join(dir, rel), readFileSync(join(dir, rel), 'utf8') + '# on the other branch\n');
    switched.push(rel);
  }
  git(dir, 'commit', '-q', '-am', 'switch');
  git(dir, 'checkout', '-q', 'main');
  return { dir, charts: charts + real.length + 1, real: real.map((d) => basename(d)), switched };
}

export async function monorepoScan(ws) {
  const server = await startServer(ws.dir, { releaseName: 'basic-app' }, { workspace: { configuration: true }, window: { workDoneProgress: true } });
  let ended = false;
  server.conn.onNotification('$/progress', (p) => {
    if (p.value?.kind === 'end') ended = true;
  });
  const rel = 'open/basic-app/templates/configmap.yaml';
  const uri = `${server.rootUri}/${rel}`;
  const plain = readFileSync(join(ws.dir, rel), 'utf8');
  const at = plain.indexOf('metadata:\n') + 'metadata:\n'.length;
  const hooked = plain.slice(0, at) + HOOK + plain.slice(at);
  const hookLine = hooked.slice(0, hooked.indexOf('"helm.sh/hook"')).split('\n').length - 1;
  const published = new Set();
  server.on((p) => published.add(p.uri));
  const t0 = now();
  const load0 = loadavg()[0];
  await server.initialize();
  await server.conn.sendNotification('initialized', {});
  while (published.size === 0) await new Promise((r) => setTimeout(r, 5));
  let p = server.published(uri, 1);
  await server.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'helm', version: 1, text: hooked } });
  let diagnostics = await p;
  let version = 1;
  // Hovers, code actions and two edits (the hook goes and comes back) in a loop until `done()`.
  const duringWork = async (done) => {
    const hover = [];
    const actions = [];
    const edits = [];
    let rounds = 0;
    while (!done()) {
      rounds++;
      let t = now();
      await server.conn.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: hookLine, character: 6 } });
      hover.push(ms(t));
      const finding = diagnostics.find((d) => d.code === 'hook-deletes-referenced-resource');
      if (finding) {
        t = now();
        await server.conn.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: finding.range, context: { diagnostics: [finding] } });
        actions.push(ms(t));
      }
      for (const text of [plain, hooked]) {
        version++;
        p = server.published(uri, version);
        t = now();
        await server.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
        diagnostics = await p;
        edits.push(ms(t));
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    return { rounds, hoverMs: stats(hover), codeActionsMs: stats(actions), editToDiagnosticsMs: stats(edits) };
  };
  const duringTheScan = await duringWork(() => ended);
  const scanMs = ms(t0);
  const cpu = cpuMs(server.proc.pid);
  const memory = memoryMb(server.proc.pid);
  const load = [load0, loadavg()[0]].map(round);

  // A branch switch: every generated chart's values change, and the client says so (the files and .git/HEAD).
  const charts = new Set(ws.switched.map((rel) => rel.split('/').slice(0, 2).join('/')));
  const again = new Set();
  const off = server.on((pd) => {
    const chart = pd.uri.slice(server.rootUri.length + 1).split('/').slice(0, 2).join('/');
    if (charts.has(chart)) again.add(chart);
  });
  git(ws.dir, 'checkout', '-q', 'switch');
  const t1 = now();
  const cpu1 = cpuMs(server.proc.pid);
  const changes = [...ws.switched, '.git/HEAD'].map((rel) => ({ uri: `${server.rootUri}/${rel}`, type: 2 }));
  await server.conn.sendNotification('workspace/didChangeWatchedFiles', { changes });
  const duringTheSwitch = await duringWork(() => again.size === charts.size);
  const switchMs = ms(t1);
  const switchCpu = cpuMs(server.proc.pid) - cpu1;
  off();
  await server.stop();
  return {
    charts: ws.charts,
    realCharts: ws.real,
    scanMs: round(scanMs),
    // On a shared machine wall times stretch with the load; the server's CPU time (every thread) much less.
    serverCpuMs: cpu,
    loadAverage: load,
    peakMb: memory.peak,
    filesWithDiagnostics: published.size,
    duringTheScan,
    branchSwitch: { charts: charts.size, ms: round(switchMs), serverCpuMs: switchCpu, ...duringTheSwitch },
  };
}
