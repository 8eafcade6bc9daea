// helm-hook-guard: the same analysis as the language server, for terminals, CI, Helm (as a plugin) and pre-commit.
import { existsSync, promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { analyzeChart, RULE_METAS, type AnalysisResult } from '../analysis/analyze';
import type { Finding } from '../analysis/findings';
import { buildPlan, planText } from '../analysis/plan';
import { helmErrorText, helmTemplateOutput } from '../chart/helmTemplate';
import { helmMajorOf } from '../analysis/model';
import { borrowDependencies, borrowedNotices } from '../chart/dependencies';
import { renderChart } from '../chart/render';
import { IncrementalRenderer } from '../chart/incremental';
import { Lru } from '../util/lru';
import { setTreeStore, setValuesStore } from '../engine';
import type { ChartFiles, RenderedChart, RenderOptions } from '../chart/types';
import { analysisDeployer, configuredBaseRefs, CONFIG_NAMES, formatProblem, mergeOptions, resolveChart, setKey, type ChartOptions, type ConfigProblem } from '../config/config';
import { ConfigLoader, loadConfig, type LoadedConfig } from '../config/load';
import type { Baseline } from '../git/baseline';
import { baseKind, Baselines } from '../git/sources';
import { chartDirOf, findCharts, readChart } from '../workspace/files';
import { VERSION } from '../version';
import { parseArgs, USAGE, UsageError, type Args } from './args';
import { audit } from './audit';
import { serve } from './daemon';
import { BaselineCache, cacheKey, defaultCacheDir, findingsKey, subchartsFingerprint, treeBundles, type TreeBundles } from '../git/baselineCache';
import { COLOR, PLAIN, toCodeClimate, toJson, toSarif, toText, type ChartFindings } from './formats';
import { exists } from '../util/exists';

export const RULE_IDS = RULE_METAS.map((r) => r.id);

/** Defaults under every layer: `helm template`'s. */
const DEFAULTS: ChartOptions = { releaseName: 'release-name', namespace: 'default', deployer: 'auto', applyMode: 'auto' };

/** A broken config: its located problems are the message. Exit 2. */
class ConfigError extends Error {
  constructor(readonly problems: ConfigProblem[]) {
    super(`${problems[0].file}: invalid config (${problems.length} problem${problems.length === 1 ? '' : 's'})`);
  }
}

export interface Io {
  out(s: string): void;
  err(s: string): void;
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** stdout is a terminal: colour unless told otherwise. */
  tty: boolean;
}


const fsConfigIO = {
  read: (f: string) => fs.readFile(f, 'utf8').catch((e: NodeJS.ErrnoException) => (e.code === 'ENOENT' || e.code === 'ENOTDIR' ? undefined : Promise.reject(e))),
  exists,
};

/** The chart folders the paths stand for: a chart folder, the chart holding a file, or every chart under a folder. */
async function chartsOf(args: Args, io: Io): Promise<string[]> {
  const out = new Set<string>();
  if (args.paths.length === 0) {
    for (const d of await findCharts(io.cwd)) out.add(d);
    if (out.size === 0) throw new Error(`no chart under ${io.cwd} (no Chart.yaml)`);
    return [...out];
  }
  for (const p of args.paths) {
    const abs = path.resolve(io.cwd, p);
    let stat;
    try {
      stat = await fs.stat(abs);
    } catch {
      // With --head the chart may not be in the working tree: git reads it.
      if (args.head) {
        out.add(abs);
        continue;
      }
      throw new Error(`${p} does not exist`);
    }
    if (stat.isDirectory()) {
      if (args.head) out.add(abs); // the chart as --head has it, whatever the working tree holds
      else if (await exists(path.join(abs, 'Chart.yaml'))) out.add((await chartDirOf(path.join(abs, 'Chart.yaml'), io.cwd)) ?? abs);
      else {
        const inside = await chartDirOf(path.join(abs, '.'), io.cwd);
        const found = inside ? [inside] : await findCharts(abs);
        if (found.length === 0) throw new Error(`${p} is not a chart folder (no Chart.yaml) and holds no chart`);
        for (const d of found) out.add(d);
      }
    } else if ((CONFIG_NAMES as readonly string[]).includes(path.basename(abs))) {
      // The repository config changed: every chart it covers.
      for (const d of await findCharts(path.dirname(abs))) out.add(d);
    } else {
      // A file (pre-commit passes the staged files): its chart, or nothing when it belongs to none.
      const dir = await chartDirOf(abs, io.cwd);
      if (dir) out.add(dir);
    }
  }
  return [...out];
}

interface Setup {
  args: Args;
  io: Io;
  configs: ConfigLoader;
  explicit?: LoadedConfig;
  baselines: Baselines;
  /** The persistent cache of baseline renders and findings; absent with --no-cache. */
  cache?: BaselineCache;
}

/** Parsed values files and templates from the cache (the engine reads them through setValuesStore and
 *  setTreeStore); written after each chart. */
let valuesStore: ReturnType<BaselineCache['values']> | undefined;
let trees: TreeBundles | undefined;

/** What a daemon keeps between calls: baseline renders read from the cache, and each chart's render state. */
let kept: { baselines: Lru<string, Promise<RenderedChart | undefined>>; renderers: Lru<string, IncrementalRenderer> } | undefined;

function useCache(cache: BaselineCache | undefined): BaselineCache | undefined {
  valuesStore = cache?.values();
  // A daemon keeps parsed templates in memory (engine/templates.ts); a bundle written from one call's lookups would
  // hold only what that call parsed.
  trees = cache && !kept ? treeBundles(cache) : undefined;
  setValuesStore(valuesStore);
  setTreeStore(trees);
  return cache;
}

/** The options of one chart, lowest layer first: defaults, Helm's plugin environment, the config file, the flags. */
async function optionsFor(dir: string, s: Setup): Promise<{ ignored: boolean; options: ChartOptions; config?: string }> {
  const loaded = s.explicit ?? (await s.configs.forChart(dir));
  if (loaded && !loaded.config) throw new ConfigError(loaded.problems);
  const resolved = loaded?.config ? resolveChart(loaded.config, dir) : { ignored: false, options: {} };
  // Run as a Helm plugin, `helm hook-guard -n prod` reaches us as HELM_NAMESPACE (Helm consumes its global flags).
  const helm: ChartOptions = s.io.env.HELM_PLUGIN_DIR && s.io.env.HELM_NAMESPACE ? { namespace: s.io.env.HELM_NAMESPACE } : {};
  const flags = { ...s.args.flags, valuesFiles: s.args.flags.valuesFiles?.map((f) => path.resolve(s.io.cwd, f)) };
  if (!flags.valuesFiles) delete flags.valuesFiles;
  return { ignored: resolved.ignored, options: mergeOptions(DEFAULTS, helm, resolved.options, flags), config: loaded?.file };
}

async function renderOptions(o: ChartOptions, io: Io): Promise<RenderOptions> {
  const valuesFiles = [];
  for (const f of o.valuesFiles ?? []) {
    try {
      valuesFiles.push({ path: path.relative(io.cwd, f) || f, text: await fs.readFile(f, 'utf8') });
    } catch (e) {
      throw new Error(`cannot read values file ${path.relative(io.cwd, f) || f}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
  }
  return {
    releaseName: o.releaseName!,
    namespace: o.namespace!,
    valuesFiles,
    set: o.set ?? [],
    setString: o.setString ?? [],
    kubeVersion: o.kubeVersion,
    apiVersions: o.apiVersions,
  };
}

/** The Helm that renders for a configured deployer: `auto` resolves to Argo CD or helm4, both Helm 4. */
function helmMajorFor(o: ChartOptions): 3 | 4 {
  const d = analysisDeployer(o.deployer ?? 'auto');
  return d === 'auto' ? 4 : helmMajorOf(d);
}

/** `--set-file a=path,b=path`: each file's text as a --set-string value (Helm applies them after --set-string). */
async function readSetFiles(exprs: string[], cwd: string): Promise<string[]> {
  const out: string[] = [];
  for (const expr of exprs) {
    for (const pair of expr.split(/(?<!\\),/)) {
      if (!pair) continue;
      const key = setKey(pair);
      if (key === pair) throw new UsageError(`--set-file takes key=path, not "${pair}"`);
      const file = pair.slice(key.length + 1);
      let text: string;
      try {
        text = await fs.readFile(path.resolve(cwd, file), 'utf8');
      } catch (e) {
        throw new Error(`--set-file ${key}: cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
      }
      out.push(`${key}=${text.replace(/[\\,]/g, (c) => '\\' + c)}`);
    }
  }
  return out;
}

/** The chart's own files: the working tree, or the chart at --head without touching the working tree. */
async function chartFiles(dir: string, s: Setup): Promise<ChartFiles> {
  if (s.args.head) {
    const head = await s.baselines.baseline(dir, s.args.head, s.io.cwd);
    if (!head.ok) throw new Error(`${rel(dir, s.io)}: cannot read --head ${s.args.head}: ${head.reason}`);
    return head.files;
  }
  const chart = await readChart(dir);
  if (!s.args.quiet) for (const sk of chart.skipped) s.io.err(`helm-hook-guard: ${path.join(rel(dir, s.io), sk.path)}: skipped (${sk.reason})`);
  return chart.files;
}

function rel(dir: string, io: Io): string {
  return path.relative(io.cwd, dir) || '.';
}

/**
 * Reads and analyses one chart against each of its bases. With the cache (git bases only): a baseline render comes from
 * it when the chart's tree at that base commit was seen with these options, and with `findingsOnly` so do the findings
 * when the working tree and every base were too (then `result` is absent).
 */
async function analyzeDir(dir: string, s: Setup, options: ChartOptions, findingsOnly = false): Promise<{ findings: Finding[]; result?: AnalysisResult; base: Baseline | { ok: true; ref: string; commit: string } }> {
  if (!s.args.head && !(await exists(path.join(dir, 'Chart.yaml')))) throw new Error(`${rel(dir, s.io)} is not a chart folder (no Chart.yaml)`);
  const render = await renderOptions(options, s.io);
  const specs = await s.baselines.bases(dir, configuredBaseRefs(options));
  const cacheable = (ref: string) => s.cache && baseKind(ref) === 'git' && !/^(oci|https?):\/\//i.test(ref);
  const cache = s.cache;
  // Both settle before anything throws: a read left running would outlive the command.
  const [filesP, treesP] = await Promise.allSettled([
    chartFiles(dir, s),
    Promise.all(specs.map((b) => (cacheable(b.ref) ? s.baselines.git.treeOf(dir, b.ref) : undefined))), // treeOf never rejects
  ]);
  if (filesP.status === 'rejected') throw filesP.reason;
  const files = filesP.value;
  const baseTrees = (treesP as PromiseFulfilledResult<(Awaited<ReturnType<typeof s.baselines.git.treeOf>> | undefined)[]>).value;
  const allTrees = baseTrees.every((t) => t?.ok) ? baseTrees.map((t) => (t!.ok ? t!.tree : '')) : undefined;
  const extra = { base: specs.map((b) => b.label).join('\n'), deployer: String(options.deployer), applyMode: String(options.applyMode), flux: JSON.stringify(options.flux ?? {}), rules: JSON.stringify(options.rules ?? {}) };
  const resultKey = cache && findingsOnly && allTrees ? findingsKey(files, `tree ${allTrees.join(' ')}`, render, extra) : undefined;
  const commitOf = (i: number) => { const t = baseTrees[i]; return t?.ok ? t.commit : ''; };
  if (resultKey) {
    const findings = await cache!.getFindings(resultKey);
    if (findings) return { findings, base: { ok: true, ref: specs[0].ref, commit: commitOf(0) } };
  }
  // The Helm the profile renders with is part of the key: a baseline rendered by Helm 3 is not Helm 4's.
  const major = helmMajorFor(options);
  // Per base: a cached render (its sources are never read: a stand-in object answers for it), or the baseline read.
  const cachedRenders = new Map<ChartFiles, RenderedChart>();
  const borrowing: { label: string; borrowed: string[] }[] = [];
  const subchartsPrint = cache ? subchartsFingerprint(files) : '';
  const toStore = new Map<ChartFiles, string>();
  const bases: { label: string; files: ChartFiles }[] = [];
  const read: (Baseline | { ok: true; ref: string; commit: string })[] = [];
  await Promise.all(
    specs.map(async (b, i) => {
      const t = baseTrees[i];
      // A baseline may borrow the working tree's subcharts (chart/dependencies.ts): they are part of its sources.
      const key = t?.ok ? cacheKey(`${t.tree}${subchartsPrint}`, { ...render, helmMajor: major }) : undefined;
      const cached = key ? await (kept ? kept.baselines.getOrSet(key, () => cache!.get(key)) : cache!.get(key)) : undefined;
      if (cached) {
        const standIn: ChartFiles = { files: new Map() };
        cachedRenders.set(standIn, cached);
        bases[i] = { label: b.label, files: standIn };
        read[i] = { ok: true, ref: b.ref, commit: commitOf(i) };
        return;
      }
      const got = await s.baselines.baseline(dir, b.ref, s.io.cwd); // never rejects
      read[i] = got;
      if (got.ok) {
        const { files: withDeps, borrowed } = borrowDependencies(got.files, files);
        borrowing[i] = { label: b.label, borrowed };
        bases[i] = { label: b.label, files: withDeps };
        if (key) toStore.set(withDeps, key);
      }
    }),
  );
  const anyOk = read.some((b) => b.ok);
  if (!s.args.quiet) {
    specs.forEach((b, i) => {
      const r = read[i];
      if (!r.ok) s.io.err(`helm-hook-guard: ${rel(dir, s.io)}: no baseline at ${b.label} (${r.reason})${anyOk ? '' : '; rules that compare with it are skipped'}`);
    });
  }
  if (!s.args.quiet) for (const n of borrowedNotices(borrowing.filter(Boolean))) s.io.err(`helm-hook-guard: ${rel(dir, s.io)}: ${n}`);
  const usable = bases.filter(Boolean);
  const fresh = new Map<string, RenderedChart>();
  // Output only: no values positions (hovers show them; the CLI never does).
  // The daemon continues the working tree's last render of this chart (chart/incremental.ts), as the editor does.
  const incremental = kept && !s.args.head ? kept.renderers.getOrSet(dir, () => new IncrementalRenderer({ locateValues: false })) : undefined;
  const renderer = (f: ChartFiles, opts: RenderOptions): RenderedChart => {
    const hit = cachedRenders.get(f);
    if (hit && opts.helmMajor === major) return hit;
    const out = f === files && incremental ? incremental.render(f, opts) : renderChart(f, opts, { locateValues: false });
    const key = toStore.get(f);
    if (key && opts.helmMajor === major) fresh.set(key, out);
    return out;
  };
  trees?.open(dir);
  const result = analyzeChart({
    chart: files,
    baselines: usable,
    render,
    rules: options.rules,
    deployer: analysisDeployer(options.deployer!),
    applyMode: options.applyMode,
    flux: options.flux,
    renderer,
  });
  await trees?.flush();
  for (const [key, r] of fresh) await cache!.put(key, r);
  await valuesStore?.flush();
  // Only when every base was read: otherwise the reason is said on every call, and it may be a passing one (git missing).
  if (resultKey && read.every((b) => b.ok)) await cache!.putFindings(resultKey, result.findings);
  return { findings: result.findings, result, base: read.find((b) => b.ok) ?? read[0] };
}

interface ChartOutcome {
  findings: Finding[];
  /** What the chart's analysis said on stderr, in order. */
  messages: string[];
  error?: string;
}

const WORKER = 'helm-hook-guard-check-worker';

/** A worker running this file; through the bins' code cache when this file is the bundle next to them. */
function startWorkerThread(data: unknown): Worker {
  const loader = path.join(__dirname, '..', 'bin', 'compile-cache.js');
  if (path.basename(__filename) === 'cli.js' && existsSync(loader)) {
    return new Worker(`require(${JSON.stringify(loader)}).load(${JSON.stringify(__filename)})`, { eval: true, workerData: data });
  }
  return new Worker(__filename, { workerData: data });
}

/** Analyses charts on worker threads, each taking the next chart when it is done with one. */
function checkParallel(s: Setup, jobs: { dir: string; options: ChartOptions }[], threads: number): Promise<ChartOutcome[]> {
  const outcomes: ChartOutcome[] = new Array(jobs.length);
  let next = 0;
  let running = 0;
  return new Promise((resolve, reject) => {
    const feed = (w: Worker) => {
      if (next < jobs.length) {
        w.postMessage({ index: next, ...jobs[next] });
        next++;
      } else {
        void w.terminate();
        if (--running === 0) resolve(outcomes);
      }
    };
    for (let j = 0; j < threads; j++) {
      const w = startWorkerThread({ [WORKER]: true, args: s.args, cwd: s.io.cwd, env: s.io.env, cache: s.cache ? defaultCacheDir(s.io.env) : undefined });
      running++;
      w.on('message', (m: { index: number; outcome: ChartOutcome }) => {
        outcomes[m.index] = m.outcome;
        feed(w);
      });
      w.on('error', reject);
      w.once('online', () => feed(w));
    }
  });
}

/** The worker's side of checkParallel. */
function startWorker(): void {
  const { args, cwd, env, cache } = workerData as { args: Args; cwd: string; env: NodeJS.ProcessEnv; cache?: string };
  const baselines = new Baselines();
  baselines.timeoutMs = args.timeoutMs;
  const store = useCache(cache ? new BaselineCache(cache) : undefined);
  parentPort!.on('message', async (m: { index: number; dir: string; options: ChartOptions }) => {
    const messages: string[] = [];
    const io: Io = { out: () => undefined, err: (x) => messages.push(x), cwd, env, tty: false };
    const s: Setup = { args, io, baselines, configs: new ConfigLoader(fsConfigIO, RULE_IDS), cache: store };
    let outcome: ChartOutcome;
    try {
      const { findings } = await analyzeDir(m.dir, s, m.options, true);
      outcome = { findings, messages };
    } catch (e) {
      outcome = { findings: [], messages, error: (e as Error).message };
    }
    parentPort!.postMessage({ index: m.index, outcome });
  });
  process.on('exit', () => baselines.dispose());
}

async function check(s: Setup): Promise<number> {
  const results: ChartFindings[] = [];
  const jobs: { dir: string; options: ChartOptions }[] = [];
  for (const dir of await chartsOf(s.args, s.io)) {
    const { ignored, options, config } = await optionsFor(dir, s);
    if (ignored) {
      if (!s.args.quiet) s.io.err(`helm-hook-guard: ${rel(dir, s.io)}: ignored (${path.relative(s.io.cwd, config!) || config})`);
      continue;
    }
    jobs.push({ dir, options });
  }
  // Workers pay their own start-up and warm-up: worth it from two charts on, one per processor at most.
  const threads = Math.min(jobs.length, s.args.jobs ?? (os.availableParallelism?.() ?? os.cpus().length));
  let outcomes: ChartOutcome[];
  if (threads > 1) outcomes = await checkParallel(s, jobs, threads);
  else {
    outcomes = [];
    for (const j of jobs) {
      const messages: string[] = [];
      const io: Io = { ...s.io, err: (x) => messages.push(x) };
      try {
        outcomes.push({ findings: (await analyzeDir(j.dir, { ...s, io }, j.options, true)).findings, messages });
      } catch (e) {
        outcomes.push({ findings: [], messages, error: (e as Error).message });
      }
    }
  }
  for (let i = 0; i < jobs.length; i++) {
    for (const m of outcomes[i].messages) s.io.err(m);
    if (outcomes[i].error !== undefined) throw new Error(outcomes[i].error);
    const findings = s.args.quiet ? outcomes[i].findings.filter((f) => f.severity === 'error') : outcomes[i].findings;
    results.push({ chartDir: jobs[i].dir, findings });
  }
  const all: Finding[] = results.flatMap((r) => r.findings);
  const { format } = s.args;
  if (format === 'json') s.io.out(toJson(results.map((r) => ({ ...r, chartDir: rel(r.chartDir, s.io) }))));
  else if (format === 'sarif') s.io.out(toSarif(results, s.io.cwd));
  else if (format === 'codeclimate') s.io.out(toCodeClimate(results, s.io.cwd));
  else {
    const color = s.args.color ?? (s.io.tty && !s.io.env.NO_COLOR && s.io.env.TERM !== 'dumb');
    s.io.out(toText(results, s.io.cwd, color ? COLOR : PLAIN, s.args.quiet));
  }
  return all.some((f) => f.severity === 'error') ? 1 : 0;
}

async function plan(s: Setup): Promise<number> {
  const [dir] = await chartsOf(s.args, s.io);
  const { options } = await optionsFor(dir, s);
  const { result, base } = await analyzeDir(dir, s, options);
  const p = buildPlan(result!, result!.current.model.rendered.chartName, base.ok ? ((base as Baseline).label ?? base.ref) : undefined);
  s.io.out(s.args.format === 'json' ? JSON.stringify(p, null, 2) + '\n' : planText(p));
  return 0;
}

async function render(s: Setup): Promise<number> {
  const [dir] = await chartsOf(s.args, s.io);
  if (!s.args.head && !(await exists(path.join(dir, 'Chart.yaml')))) throw new Error(`${rel(dir, s.io)} is not a chart folder (no Chart.yaml)`);
  const { options } = await optionsFor(dir, s);
  const major = helmMajorFor(options);
  const rendered = renderChart(await chartFiles(dir, s), { ...(await renderOptions(options, s.io)), helmMajor: major });
  // Like helm template of the profile's Helm: the first error only, in its words.
  const result = helmTemplateOutput(rendered, major);
  for (const sk of result.skipped) s.io.err(sk);
  if (result.error) {
    s.io.err(`Error: ${helmErrorText(result.error, major)}`);
    return 1;
  }
  s.io.out(result.text);
  return 0;
}

const writeStdout = (s: string) => void process.stdout.write(s);

/** Runs the CLI; resolves to the exit status. */
export async function main(
  argv: string[],
  out: (s: string) => void = writeStdout,
  err: (s: string) => void = (s) => void process.stderr.write(s + '\n'),
  cwd = process.cwd(),
  context: { env: NodeJS.ProcessEnv; tty: boolean } = { env: process.env, tty: out === writeStdout && !!process.stdout.isTTY },
): Promise<number> {
  const io: Io = { out, err, cwd, env: context.env, tty: context.tty };
  if (argv.includes('--help') || argv.includes('-h')) {
    out(USAGE + '\n');
    return 0;
  }
  if (argv.includes('--version')) {
    out(VERSION + '\n');
    return 0;
  }
  const baselines = new Baselines();
  try {
    const args = parseArgs(argv, RULE_IDS);
    baselines.timeoutMs = args.timeoutMs;
    if (args.setFile.length) args.flags.setString = [...(args.flags.setString ?? []), ...(await readSetFiles(args.setFile, cwd))];
    const s: Setup = { args, io, baselines, configs: new ConfigLoader(fsConfigIO, RULE_IDS), cache: useCache(args.cache ? new BaselineCache(defaultCacheDir(io.env)) : undefined) };
    if (args.config) {
      const file = path.resolve(cwd, args.config);
      const text = await fsConfigIO.read(file);
      if (text === undefined) throw new Error(`--config ${args.config}: no such file`);
      s.explicit = await loadConfig(text, file, RULE_IDS, fsConfigIO);
    }
    if (args.command === 'check') return await check(s);
    if (args.command === 'plan') return await plan(s);
    if (args.command === 'audit') {
      const [dir] = await chartsOf(args, io);
      const { options } = await optionsFor(dir, s);
      return await audit(dir, { ...args, options: { ...options, render: await renderOptions(options, io) } }, baselines.git, io);
    }
    return await render(s);
  } catch (e) {
    if (e instanceof UsageError) err(`helm-hook-guard: ${e.message}\n\n${USAGE}`);
    else if (e instanceof ConfigError) {
      for (const p of e.problems) err(formatProblem(p, cwd));
      err(`helm-hook-guard: ${path.relative(cwd, e.problems[0].file) || e.problems[0].file} is not a valid config; fix it (nothing was checked)`);
    } else err(`helm-hook-guard: ${(e as Error).message}`);
    return 2;
  } finally {
    await valuesStore?.flush();
    baselines.dispose();
  }
}

/** `--daemon`'s process (bin/daemon-client.js starts it): serves calls on `socket` until idle. */
export function serveDaemon(socket: string): Promise<void> {
  kept = { baselines: new Lru({ maxEntries: 16 }), renderers: new Lru({ maxEntries: 16 }) };
  return serve(socket, main);
}

// A worker thread of audit or check loads this bundle too: it must not run the command line again.
if (!isMainThread && (workerData as Record<string, unknown> | null)?.[WORKER]) {
  startWorker();
} else if (require.main === module && isMainThread) {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
