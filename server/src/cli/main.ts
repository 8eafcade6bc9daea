// helm-hook-guard: the same analysis as the language server, for terminals and CI.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { analyzeChart } from '../analysis/analyze';
import type { Finding } from '../analysis/findings';
import { buildPlan, planText } from '../analysis/plan';
import { helmErrorText, helmTemplateOutput } from '../chart/helmTemplate';
import { APPLY_MODES, helmMajorOf, parseApplyMode, parseProfileSetting, type ApplyMode, type ProfileSetting } from '../analysis/model';
import { renderChart } from '../chart/render';
import type { RenderOptions } from '../chart/types';
import { BaselineProvider } from '../git/baseline';
import { readChart } from '../workspace/files';
import { toJson, toSarif, toText, type ChartFindings } from './formats';
import { VERSION } from '../version';

const USAGE = `Usage:
  helm-hook-guard check <chartDir>... [--base <gitRef>] [--format text|json|sarif] [--release-name NAME] [--namespace NS] [-f values.yaml]... [--set a.b=c]... [profile]
  helm-hook-guard render <chartDir> [--release-name NAME] [--namespace NS] [-f values.yaml]... [--set a.b=c]... [profile]
  helm-hook-guard plan <chartDir> [--base <gitRef>] [--format text|json] [--release-name NAME] [--namespace NS] [-f values.yaml]... [--set a.b=c]... [profile]

profile: [--deployer auto|helm4|helm3|flux|argocd] [--apply-mode auto|server-side|client-side]
         [--kube-version v1.x.y] [--api-versions group/version[/Kind]]...
         auto (the default) is argocd for charts with argocd.argoproj.io annotations, else helm4 (Helm 4.1.4);
         helm3 renders and reasons as Helm 3.17.3. --apply-mode is how Helm 4 applies (auto: as Helm 4 does).

check   compares each chart with its version at --base (default HEAD) and reports Helm hook lifecycle hazards.
        Exit status: 0 without error findings, 1 with error findings, 2 on usage or runtime failure.
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
  deployer: ProfileSetting;
  applyMode: ApplyMode;
  kubeVersion?: string;
  apiVersions: string[];
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
    applyMode: 'auto',
    apiVersions: [],
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
        // `helm` (before profiles) stays accepted as helm4.
        const p = parseProfileSetting(d);
        if (!p) throw new UsageError(`unknown deployer "${d}" (auto, helm4, helm3, flux or argocd)`);
        args.deployer = p;
        break;
      }
      case '--apply-mode': {
        const m = take();
        const mode = parseApplyMode(m);
        if (!mode) throw new UsageError(`unknown apply mode "${m}" (${APPLY_MODES.join(', ')})`);
        args.applyMode = mode;
        break;
      }
      case '--kube-version':
        args.kubeVersion = take();
        break;
      case '--api-versions':
      case '-a':
        // As helm's string slice flag: repeatable, and comma-separated.
        args.apiVersions.push(...take().split(',').map((v) => v.trim()).filter(Boolean));
        break;
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
  return {
    releaseName: args.releaseName,
    namespace: args.namespace,
    valuesFiles,
    set: args.set,
    ...(args.kubeVersion !== undefined ? { kubeVersion: args.kubeVersion } : {}),
    ...(args.apiVersions.length ? { apiVersions: args.apiVersions } : {}),
  };
}

async function assertChart(dir: string): Promise<void> {
  try {
    await fs.access(path.join(dir, 'Chart.yaml'));
  } catch {
    throw new Error(`${dir} is not a chart folder (no Chart.yaml)`);
  }
}

async function analyzeDir(args: Args, dir: string, baselines: BaselineProvider, render: RenderOptions, err: (s: string) => void) {
  await assertChart(dir);
  const chart = await readChart(dir);
  for (const s of chart.skipped) err(`helm-hook-guard: ${path.join(dir, s.path)}: skipped (${s.reason})`);
  const base = await baselines.baseline(dir, args.base);
  if (!base.ok) err(`helm-hook-guard: ${dir}: no baseline at ${args.base} (${base.reason}); rules that compare with it are skipped`);
  return analyzeChart({
    chart: chart.files,
    baseline: base.ok ? base.files : undefined,
    baseRef: args.base,
    render,
    deployer: args.deployer,
    applyMode: args.applyMode,
  });
}

async function check(args: Args, out: (s: string) => void, err: (s: string) => void): Promise<number> {
  const render = await renderOptions(args);
  const baselines = new BaselineProvider();
  const results: ChartFindings[] = [];
  try {
    for (const dir of args.charts) {
      const result = await analyzeDir(args, dir, baselines, render, err);
      results.push({ chartDir: dir, findings: result.findings });
    }
  } finally {
    baselines.dispose();
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
    const result = await analyzeDir(args, dir, baselines, await renderOptions(args), err);
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
  const opts = await renderOptions(args);
  // The profile's Helm renders; `auto` picks Argo CD or helm4 from the chart, and both render with Helm 4.
  const major = args.deployer === 'auto' ? 4 : helmMajorOf(args.deployer);
  const rendered = renderChart(chart.files, { ...opts, helmMajor: major });
  const problems = [...rendered.errors, ...rendered.templates.flatMap((t) => (t.error ? [t.error] : []))];
  if (problems.length > 0) {
    for (const p of problems) err(`Error: ${helmErrorText(p.message, major)}`);
    return 1;
  }
  const result = helmTemplateOutput(rendered, major);
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

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
