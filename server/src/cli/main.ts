// helm-hook-guard: the same analysis as the language server, for terminals and CI.
import { existsSync, promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { analyzeChart, type AnalysisResult } from '../analysis/analyze';
import type { Finding } from '../analysis/findings';
import { buildPlan, planText } from '../analysis/plan';
import { helmTemplateOutput } from '../chart/helmTemplate';
import { renderChart } from '../chart/render';
import type { ChartFiles, RenderedChart, RenderOptions } from '../chart/types';
import { BaselineProvider } from '../git/baseline';
import { readChart } from '../workspace/files';
import { BaselineCache, cacheKey, defaultCacheDir, findingsKey } from './baselineCache';
import { toJson, toSarif, toText, type ChartFindings } from './formats';
import { VERSION } from '../version';

const USAGE = `Usage:
  helm-hook-guard check <chartDir>... [--base <gitRef>] [--format text|json|sarif] [--release-name NAME] [--namespace NS] [-f values.yaml]... [--deployer auto|helm|argocd] [--jobs N] [--no-cache]
  helm-hook-guard render <chartDir> [--release-name NAME] [--namespace NS] [-f values.yaml]... [--set a.b=c]...
  helm-hook-guard plan <chartDir> [--base <gitRef>] [--format text|json] [--release-name NAME] [--namespace NS] [-f values.yaml]...

check   compares each chart with its version at --base (default HEAD) and reports Helm hook lifecycle hazards.
        Exit status: 0 without error findings, 1 with error findings, 2 on usage or runtime failure.
        Baseline renders are cached in $XDG_CACHE_HOME/helm-hook-guard (else ~/.cache/helm-hook-guard), keyed by the
        chart's tree at the base commit and the options; --no-cache neither reads nor writes it. Several charts are
        checked in parallel, --jobs at a time (default: the number of processors).
render  prints the rendered chart as \`helm template\` does.
plan    prints what helm upgrade (from --base to the working tree), helm install and helm uninstall will do, in order.`;

class UsageError extends Error {}

interface Args {
  command: string;
  charts: string[];
  base: string;
  format: 'text' | 'json' | 'sarif';
  releaseName: string;
  namespace: string;
  valuesFiles: string[];
  set: string[];
  deployer: 'auto' | 'helm' | 'argocd';
  cache: boolean;
  jobs: number;
}

function parseArgs(argv: string[]): Args {
  const args: Args = {
    command: '',
    charts: [],
    base: 'HEAD',
    format: 'text',
    releaseName: 'release-name',
    namespace: 'default',
    valuesFiles: [],
    set: [],
    deployer: 'auto',
    cache: true,
    jobs: 0,
  };
  const value = (i: number, flag: string): string => {
    const v = argv[i];
    if (v === undefined || (v.startsWith('-') && v !== '-')) throw new UsageError(`${flag} needs a value`);
    return v;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const eq = a.startsWith('--') ? a.indexOf('=') : -1;
    const [flag, inline] = eq > 0 ? [a.slice(0, eq), a.slice(eq + 1)] : [a, undefined];
    const take = () => inline ?? value(++i, flag);
    switch (flag) {
      case '--base':
        args.base = take();
        break;
      case '--format': {
        const f = take();
        if (f !== 'text' && f !== 'json' && f !== 'sarif') throw new UsageError(`unknown format "${f}" (text, json or sarif)`);
        args.format = f;
        break;
      }
      case '--release-name':
        args.releaseName = take();
        break;
      case '--namespace':
      case '-n':
        args.namespace = take();
        break;
      case '-f':
      case '--values':
        args.valuesFiles.push(take());
        break;
      case '--set':
        args.set.push(take());
        break;
      case '--deployer': {
        const d = take();
        if (d !== 'auto' && d !== 'helm' && d !== 'argocd') throw new UsageError(`unknown deployer "${d}" (auto, helm or argocd)`);
        args.deployer = d;
        break;
      }
      case '--no-cache':
        if (inline !== undefined) throw new UsageError('--no-cache takes no value');
        args.cache = false;
        break;
      case '--jobs':
      case '-j': {
        const j = take();
        if (!/^[1-9][0-9]{0,3}$/.test(j)) throw new UsageError(`--jobs needs a whole number from 1, not "${j}"`);
        args.jobs = Number(j);
        break;
      }
      default:
        if (a.startsWith('-')) throw new UsageError(`unknown option ${a}`);
        if (!args.command) args.command = a;
        else args.charts.push(a);
    }
  }
  if (args.command !== 'check' && args.command !== 'render' && args.command !== 'plan') {
    throw new UsageError(args.command ? `unknown command "${args.command}"` : 'no command given');
  }
  if (args.charts.length === 0) throw new UsageError('no chart folder given');
  if (args.command !== 'check' && args.charts.length > 1) throw new UsageError(`${args.command} takes one chart folder`);
  if (args.command === 'plan' && args.format === 'sarif') throw new UsageError('plan prints text or json');
  return args;
}

async function renderOptions(args: Args): Promise<RenderOptions> {
  const valuesFiles = [];
  for (const f of args.valuesFiles) {
    try {
      valuesFiles.push({ path: f, text: await fs.readFile(f, 'utf8') });
    } catch (e) {
      throw new Error(`cannot read values file ${f}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
  }
  return { releaseName: args.releaseName, namespace: args.namespace, valuesFiles, set: args.set };
}

async function assertChart(dir: string): Promise<void> {
  try {
    await fs.access(path.join(dir, 'Chart.yaml'));
  } catch {
    throw new Error(`${dir} is not a chart folder (no Chart.yaml)`);
  }
}

async function analyzeDir(args: Args, dir: string, baselines: BaselineProvider, render: RenderOptions, err: (s: string) => void, cache?: BaselineCache): Promise<AnalysisResult> {
  return (await analyzeDirCached(args, dir, baselines, render, err, cache, false)).result!;
}

/**
 * Reads and analyses one chart. With a cache: the baseline render comes from it when the base tree was seen, and with
 * `findingsOnly` so do the findings when the working tree, baseline and options were (then `result` is absent).
 */
async function analyzeDirCached(
  args: Args,
  dir: string,
  baselines: BaselineProvider,
  render: RenderOptions,
  err: (s: string) => void,
  cache: BaselineCache | undefined,
  findingsOnly: boolean,
): Promise<{ findings: Finding[]; result?: AnalysisResult }> {
  await assertChart(dir);
  const [chart, located] = await Promise.all([readChart(dir), cache ? baselines.treeOf(dir, args.base) : undefined]);
  for (const s of chart.skipped) err(`helm-hook-guard: ${path.join(dir, s.path)}: skipped (${s.reason})`);
  const resultKey =
    cache && findingsOnly && located ? findingsKey(chart.files, located.ok ? `tree ${located.tree}` : 'none', render, { base: args.base, deployer: args.deployer }) : undefined;
  if (resultKey && located?.ok) {
    const findings = await cache!.getFindings(resultKey);
    if (findings) return { findings };
  }
  const key = located?.ok ? cacheKey(located.tree, render) : undefined;
  const cached = key ? await cache!.get(key) : undefined;
  let baseline: ChartFiles | undefined;
  if (cached) {
    // Stands for the baseline's sources, which a cache hit never reads: the renderer below answers for it.
    baseline = { files: new Map() };
  } else {
    const base = await baselines.baseline(dir, args.base);
    if (!base.ok) err(`helm-hook-guard: ${dir}: no baseline at ${args.base} (${base.reason}); rules that compare with it are skipped`);
    else baseline = base.files;
  }
  let fresh: RenderedChart | undefined;
  // Output only: no values positions (hovers show them; the CLI never does).
  const renderer = (files: ChartFiles, opts: RenderOptions): RenderedChart => {
    if (files !== baseline) return renderChart(files, opts, { locateValues: false });
    if (cached) return cached;
    return (fresh = renderChart(files, opts, { locateValues: false }));
  };
  const result = analyzeChart({ chart: chart.files, baseline, baseRef: args.base, render, deployer: args.deployer, renderer });
  if (key && fresh) await cache!.put(key, fresh);
  // Only with a baseline: without one, the reason is said on every call, and it may be a passing one (git missing).
  if (resultKey && located?.ok && baseline) await cache!.putFindings(resultKey, result.findings);
  return { findings: result.findings, result };
}

function baselineCache(args: Args): BaselineCache | undefined {
  return args.cache ? new BaselineCache(defaultCacheDir()) : undefined;
}

interface ChartOutcome {
  findings: Finding[];
  /** What the chart's analysis said on stderr, in order. */
  messages: string[];
  error?: string;
}

/** Analyses charts one after another in this thread. */
async function checkSerial(args: Args, dirs: string[], render: RenderOptions, onDone: (i: number, o: ChartOutcome) => void): Promise<void> {
  const baselines = new BaselineProvider();
  const cache = baselineCache(args);
  try {
    for (let i = 0; i < dirs.length; i++) {
      const messages: string[] = [];
      try {
        const { findings } = await analyzeDirCached(args, dirs[i], baselines, render, (s) => messages.push(s), cache, true);
        onDone(i, { findings, messages });
      } catch (e) {
        onDone(i, { findings: [], messages, error: (e as Error).message });
      }
    }
  } finally {
    baselines.dispose();
  }
}

const WORKER = 'helm-hook-guard-check-worker';

/** Analyses charts on worker threads, each taking the next chart when it is done with one. */
function checkParallel(args: Args, render: RenderOptions, jobs: number): Promise<ChartOutcome[]> {
  const outcomes: ChartOutcome[] = new Array(args.charts.length);
  let next = 0;
  let running = 0;
  return new Promise((resolve, reject) => {
    const feed = (w: Worker) => {
      if (next < args.charts.length) {
        w.postMessage({ index: next, dir: args.charts[next] });
        next++;
      } else {
        void w.terminate();
        if (--running === 0) resolve(outcomes);
      }
    };
    for (let j = 0; j < jobs; j++) {
      const w = startWorkerThread({ [WORKER]: true, args, render });
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

/** A worker running this file; through the bins' code cache when this file is the bundle next to them. */
function startWorkerThread(data: unknown): Worker {
  const loader = path.join(__dirname, '..', 'bin', 'compile-cache.js');
  if (path.basename(__filename) === 'cli.js' && existsSync(loader)) {
    return new Worker(`require(${JSON.stringify(loader)}).load(${JSON.stringify(__filename)})`, { eval: true, workerData: data });
  }
  return new Worker(__filename, { workerData: data });
}

/** The worker's side of checkParallel. */
function startWorker(): void {
  const { args, render } = workerData as { args: Args; render: RenderOptions };
  const baselines = new BaselineProvider();
  const cache = baselineCache(args);
  parentPort!.on('message', async (m: { index: number; dir: string }) => {
    const messages: string[] = [];
    let outcome: ChartOutcome;
    try {
      const { findings } = await analyzeDirCached(args, m.dir, baselines, render, (s) => messages.push(s), cache, true);
      outcome = { findings, messages };
    } catch (e) {
      outcome = { findings: [], messages, error: (e as Error).message };
    }
    parentPort!.postMessage({ index: m.index, outcome });
  });
  process.on('exit', () => baselines.dispose());
}

async function check(args: Args, out: (s: string) => void, err: (s: string) => void): Promise<number> {
  const render = await renderOptions(args);
  // Workers pay their own start-up and warm-up: worth it from two charts on, one per processor at most.
  const jobs = Math.min(args.charts.length, args.jobs || (os.availableParallelism?.() ?? os.cpus().length));
  let outcomes: ChartOutcome[];
  if (jobs > 1) {
    outcomes = await checkParallel(args, render, jobs);
  } else {
    outcomes = [];
    await checkSerial(args, args.charts, render, (i, o) => (outcomes[i] = o));
  }
  const results: ChartFindings[] = [];
  for (let i = 0; i < outcomes.length; i++) {
    const o = outcomes[i];
    for (const m of o.messages) err(m);
    if (o.error !== undefined) throw new Error(o.error);
    results.push({ chartDir: args.charts[i], findings: o.findings });
  }
  const all: Finding[] = results.flatMap((r) => r.findings);
  if (args.format === 'json') out(toJson(results));
  else if (args.format === 'sarif') out(toSarif(results, process.cwd()));
  else out(toText(results, process.cwd()));
  return all.some((f) => f.severity === 'error') ? 1 : 0;
}

async function plan(args: Args, out: (s: string) => void, err: (s: string) => void): Promise<number> {
  const baselines = new BaselineProvider();
  try {
    const dir = args.charts[0];
    const result = await analyzeDir(args, dir, baselines, await renderOptions(args), err, baselineCache(args));
    const p = buildPlan(result, result.current.model.rendered.chartName, result.baseline ? args.base : undefined);
    out(args.format === 'json' ? JSON.stringify(p, null, 2) + '\n' : planText(p));
    return 0;
  } finally {
    baselines.dispose();
  }
}

async function render(args: Args, out: (s: string) => void, err: (s: string) => void): Promise<number> {
  const dir = args.charts[0];
  await assertChart(dir);
  const chart = await readChart(dir);
  const rendered = renderChart(chart.files, await renderOptions(args));
  // Like helm template: the first error only, in Helm's words.
  const result = helmTemplateOutput(rendered);
  for (const s of result.skipped) err(s);
  if (result.error) {
    err(`Error: ${result.error}`);
    return 1;
  }
  out(result.text);
  return 0;
}

/** Runs the CLI; resolves to the exit status. */
export async function main(argv: string[], out = (s: string) => process.stdout.write(s), err = (s: string) => process.stderr.write(s + '\n')): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    out(USAGE + '\n');
    return 0;
  }
  if (argv.includes('--version')) {
    out(VERSION + '\n');
    return 0;
  }
  try {
    const args = parseArgs(argv);
    if (args.command === 'check') return await check(args, out, err);
    if (args.command === 'plan') return await plan(args, out, err);
    return await render(args, out, err);
  } catch (e) {
    if (e instanceof UsageError) err(`helm-hook-guard: ${e.message}\n\n${USAGE}`);
    else err(`helm-hook-guard: ${(e as Error).message}`);
    return 2;
  }
}

if (!isMainThread && (workerData as Record<string, unknown> | null)?.[WORKER]) {
  startWorker();
} else if (require.main === module) {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
