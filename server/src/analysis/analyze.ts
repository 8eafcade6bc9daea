// The analysis entry point: chart sources in, findings out. No I/O; the LSP server, the CLI and the tests drive it.
import { borrowDependencies, borrowedNotices } from '../chart/dependencies';
import { renderChart } from '../chart/render';
import type { ChartFiles, RenderOptions, RenderedChart, RenderedTemplate, SourceSpan } from '../chart/types';
import { LineIndex, shiftSeverity, type Finding, type Location, type Severity } from './findings';
import { buildModel, helmMajorOf, makeDeployer, originOf, resolveProfile, viewOf, type ApplyMode, type Deployer, type FluxConfig, type OutRange, type ProfileSetting, type RenderView } from './model';
import { RULES } from './rules';
import type { RuleContext, RuleMeta } from './contract';
import { mergeBaseFindings } from './bases';
import { applySuppressions, suppressionFixes } from './suppressions';

export type RuleSetting = Severity | 'off';

/** Every rule's meta, for settings, docs and front ends; nothing outside this module reads the rule files. */
export const RULE_METAS: readonly RuleMeta[] = RULES.map((r) => r.meta);

export interface AnalysisInput {
  chart: ChartFiles;
  /** The same chart at the base ref, or absent when it cannot be had (baseline rules stay silent). */
  baseline?: ChartFiles;
  /** The name of the base ref, for messages (`HEAD`, `origin/main`). */
  baseRef?: string;
  /** Several bases (instead of `baseline` and `baseRef`): rules that compare with a base run against each, and a
   *  finding any base shows is reported once, named by the first base showing it (bases.ts). The first base is the
   *  one the rest of the result (`baseline`, the plan) uses. */
  baselines?: { label: string; files: ChartFiles }[];
  render: RenderOptions;
  /** Per-rule severity or 'off'; rules not named keep their default. */
  rules?: Record<string, RuleSetting>;
  /** Who deploys the chart (the profile). `auto` (the default) means Argo CD when the chart carries
   *  argocd.argoproj.io annotations, else helm4. The render follows the profile's Helm (`render.helmMajor` is set). */
  deployer?: ProfileSetting;
  /** How Helm 4 applies (helm4 and flux): `auto` (the default) as Helm 4 does. */
  applyMode?: ApplyMode;
  /** The HelmRelease settings that matter under the flux profile (disableHooks, remediation); Flux's defaults when absent. */
  flux?: FluxConfig;
  /** Renders a chart; callers pass a caching renderer. Defaults to a fresh render. */
  renderer?: (chart: ChartFiles, opts: RenderOptions) => RenderedChart;
}

export interface AnalysisResult {
  findings: Finding[];
  /** The profile the analysis assumed; `current.order()` and the baseline's follow it. */
  deployer: Deployer;
  /** The render options used, with the profile's Helm. */
  render: RenderOptions;
  current: RenderView;
  /** The first base's render. */
  baseline?: RenderView;
  /** Every base's render, in order, with its label. */
  baselines: { label: string; view: RenderView }[];
  /** What the user should be told once about the comparison (a baseline that borrowed the working tree's subcharts). */
  notices: string[];
  /** A rendered range as a location in the template's own file of the current chart. */
  locate(template: RenderedTemplate, range: OutRange): Location;
}

function lineIndexes(files: ChartFiles) {
  const cache = new Map<string, LineIndex>();
  return (path: string): LineIndex => {
    let index = cache.get(path);
    if (!index) cache.set(path, (index = new LineIndex(files.files.get(path) ?? '')));
    return index;
  };
}

/** The configured severity of a rule, or 'off'. */
export function configuredSeverity(meta: RuleMeta, settings: Record<string, RuleSetting> | undefined): RuleSetting {
  return settings?.[meta.id] ?? meta.defaultSeverity;
}

// Baseline sources are the same object for as long as the base commit stays (see BaselineProvider), so their
// render is kept per object and options instead of being redone on every keystroke.
const baselineViews = new WeakMap<ChartFiles, { key: string; view: RenderView }>();

function baselineView(files: ChartFiles, opts: RenderOptions, deployer: Deployer, render: NonNullable<AnalysisInput['renderer']>): RenderView {
  const key = JSON.stringify([opts, deployer]);
  const hit = baselineViews.get(files);
  if (hit && hit.key === key) return hit.view;
  const v = viewOf(files, buildModel(render(files, opts), opts.namespace), deployer);
  baselineViews.set(files, { key, view: v });
  return v;
}

export function analyzeChart(input: AnalysisInput): AnalysisResult {
  const render = input.renderer ?? renderChart;
  const ns = input.render.namespace;
  const setting = input.deployer ?? 'auto';
  // Every profile `auto` can pick renders with Helm 4, so the first render decides it.
  const guess = setting === 'auto' ? 4 : helmMajorOf(setting);
  let opts: RenderOptions = { ...input.render, helmMajor: guess };
  let model = buildModel(render(input.chart, opts), ns);
  const profile = resolveProfile(setting, model);
  if (helmMajorOf(profile) !== guess) {
    opts = { ...input.render, helmMajor: helmMajorOf(profile) };
    model = buildModel(render(input.chart, opts), ns);
  }
  const deployer = makeDeployer(profile, input.applyMode ?? 'auto', setting === 'auto', input.flux);
  const current = viewOf(input.chart, model, deployer);
  const borrowing: { label: string; borrowed: string[] }[] = [];
  const bases = (input.baselines ?? (input.baseline ? [{ label: input.baseRef ?? 'the base ref', files: input.baseline }] : [])).map((b) => {
    // Subcharts git does not hold (charts/* ignored, only a .tgz): the working tree's copy stands in.
    const { files, borrowed } = borrowDependencies(b.files, input.chart);
    borrowing.push({ label: b.label, borrowed });
    return { label: b.label, files };
  });
  const notices = borrowedNotices(borrowing);
  const views = bases.map((b) => ({ label: b.label, view: baselineView(b.files, opts, deployer, render) }));
  const baseline = views[0]?.view;
  const index = lineIndexes(input.chart);
  const spanLocation = (span: SourceSpan): Location => ({ path: span.path, range: index(span.path).range(span.start, span.end) });
  const text = (path: string) => input.chart.files.get(path);
  const ctx: RuleContext = {
    current,
    baseline,
    origin: (template, range) => originOf(template, range.start, range.end),
    locate: (template, range) => spanLocation(originOf(template, range.start, range.end).site),
    spanLocation,
    text,
    release: { name: input.render.releaseName, namespace: input.render.namespace },
    baseRef: views[0]?.label ?? input.baseRef ?? 'the base ref',
    deployer,
  };

  const findings: Finding[] = [];
  const perBase = views.map((v) => ({ label: v.label, findings: [] as Finding[] }));
  for (const rule of RULES) {
    const configured = configuredSeverity(rule.meta, input.rules);
    if (configured === 'off' || (rule.meta.needsBaseline && !baseline)) continue;
    const run = (c: RuleContext, into: Finding[]) =>
      rule.check(c, ({ level, related, fix, ...f }) =>
        into.push({ rule: rule.meta.id, ...f, severity: shiftSeverity(configured, level ?? 0), related: related ?? [], fix: fix ?? [] }),
      );
    // Rules that only glance at the base (is this new?) read the first one; comparing rules read each.
    if (!rule.meta.needsBaseline) run(ctx, findings);
    else views.forEach((v, i) => run({ ...ctx, baseline: v.view, baseRef: v.label }, perBase[i].findings));
  }
  findings.push(...mergeBaseFindings(perBase));
  const kept = applySuppressions(findings, text);
  for (const f of kept) f.fix = [...f.fix, ...suppressionFixes(f, text(f.location.path))];
  return { findings: sortFindings(kept), deployer, render: opts, current, baseline, baselines: views, notices, locate: ctx.locate };
}

function sortFindings(findings: Finding[]): Finding[] {
  return findings.sort(
    (a, b) =>
      a.location.path.localeCompare(b.location.path) ||
      a.location.range.start.line - b.location.range.start.line ||
      a.location.range.start.character - b.location.range.start.character ||
      a.rule.localeCompare(b.rule),
  );
}
