// The analysis entry point: chart sources in, findings out. No I/O; the LSP server, the CLI and the tests drive it.
import { renderChart } from '../chart/render';
import type { ChartFiles, RenderOptions, RenderedChart, RenderedTemplate, SourceSpan } from '../chart/types';
import { LineIndex, type Finding, type Location, type Severity } from './findings';
import { originOf } from './provenance';
import { isWorkload, referencesOf } from './references';
import { buildModel, type ChartModel, type ModelProblem, type OutRange, type Resource } from './resources';
import type { PlannedFix } from './fixes/edits';
import { BUILTIN_CHECKS, RULES } from './rules';
import { applySuppressions, suppressionFixes } from './suppressions';
import type { RenderView, RuleContext } from './rules/rule';

export type RuleSetting = Severity | 'off';

export interface AnalysisInput {
  chart: ChartFiles;
  /** The same chart at the base ref, or absent when it cannot be had (baseline rules stay silent). */
  baseline?: ChartFiles;
  /** The name of the base ref, for messages (`HEAD`, `origin/main`). */
  baseRef?: string;
  render: RenderOptions;
  /** Per-rule severity or 'off'; rules not named keep their default. */
  rules?: Record<string, RuleSetting>;
  /** Who deploys the chart. `auto` (the default) means Argo CD when the chart carries argocd.argoproj.io annotations. */
  deployer?: 'auto' | 'helm' | 'argocd';
  /** Renders a chart; callers pass a caching renderer. Defaults to a fresh render. */
  renderer?: (chart: ChartFiles, opts: RenderOptions) => RenderedChart;
}

export interface AnalysisResult {
  findings: Finding[];
  current: RenderView;
  baseline?: RenderView;
  /** A rendered range as a location in the template's own file of the current chart. */
  locate(template: RenderedTemplate, range: OutRange): Location;
}

export function view(files: ChartFiles, rendered: RenderedChart, namespace: string): RenderView {
  const model: ChartModel = buildModel(rendered, namespace);
  const references = model.resources.filter(isWorkload).flatMap(referencesOf);
  return { files, model, references };
}

function lineIndexes(files: ChartFiles) {
  const cache = new Map<string, LineIndex>();
  return (path: string): LineIndex => {
    let index = cache.get(path);
    if (!index) cache.set(path, (index = new LineIndex(files.files.get(path) ?? '')));
    return index;
  };
}

function severityOf(id: string, fallback: Severity, settings: Record<string, RuleSetting> | undefined): RuleSetting {
  return settings?.[id] ?? fallback;
}

// Baseline sources are the same object for as long as the base commit stays (see BaselineProvider), so their
// render is kept per object and options instead of being redone on every keystroke.
const baselineViews = new WeakMap<ChartFiles, { key: string; view: RenderView }>();

function baselineView(files: ChartFiles, opts: RenderOptions, render: NonNullable<AnalysisInput['renderer']>): RenderView {
  const key = JSON.stringify(opts);
  const hit = baselineViews.get(files);
  if (hit && hit.key === key) return hit.view;
  const v = view(files, render(files, opts), opts.namespace);
  baselineViews.set(files, { key, view: v });
  return v;
}

export function analyzeChart(input: AnalysisInput): AnalysisResult {
  const render = input.renderer ?? renderChart;
  const ns = input.render.namespace;
  const current = view(input.chart, render(input.chart, input.render), ns);
  const baseline = input.baseline ? baselineView(input.baseline, input.render, render) : undefined;
  const index = lineIndexes(input.chart);
  const spanLocation = (span: SourceSpan): Location => ({ path: span.path, range: index(span.path).range(span.start, span.end) });
  const ctx: RuleContext = {
    current,
    baseline,
    origin: (template: RenderedTemplate, range: OutRange) => originOf(template, range.start, range.end),
    locate: (template: RenderedTemplate, range: OutRange) => spanLocation(originOf(template, range.start, range.end).site),
    spanLocation,
    objects: (v: RenderView): Resource[] => v.model.resources.filter((r) => r.lifecycle.kind !== 'dropped'),
    text: (path: string) => input.chart.files.get(path),
    release: { name: input.render.releaseName, namespace: input.render.namespace },
    baseRef: input.baseRef ?? 'the base ref',
    deployer: deployerOf(input.deployer ?? 'auto', current),
  };

  const findings: Finding[] = [];
  for (const check of BUILTIN_CHECKS) {
    const severity = severityOf(check.id, check.defaultSeverity, input.rules);
    if (severity === 'off') continue;
    for (const p of current.model.problems.filter((x) => x.rule === check.id)) {
      const location = p.span ? spanLocation(p.span) : p.template && p.out ? ctx.locate(p.template, p.out) : undefined;
      if (location) findings.push({ rule: check.id, severity, message: p.message, location, related: [], fix: quoteFix(ctx, p) });
    }
  }
  for (const rule of RULES) {
    const setting = severityOf(rule.id, rule.defaultSeverity, input.rules);
    if (setting === 'off' || (rule.needsBaseline && !baseline)) continue;
    for (const f of rule.check(ctx)) {
      // A configured severity replaces the default; a rule's own downgrade (e.g. optional references) stays.
      const severity = f.severity === rule.defaultSeverity ? setting : f.severity;
      findings.push({ rule: rule.id, ...f, severity });
    }
  }
  const kept = applySuppressions(findings, ctx.text);
  for (const f of kept) f.fix = [...((f.fix as PlannedFix[] | undefined) ?? []), ...suppressionFixes(f, ctx.text(f.location.path))];
  return { findings: sortFindings(kept), current, baseline, locate: ctx.locate };
}

/** Quotes a literal scalar that must be a string. */
function quoteFix(ctx: RuleContext, p: ModelProblem): PlannedFix[] | undefined {
  if (!p.quote || !p.template) return undefined;
  const o = ctx.origin(p.template, p.quote);
  const text = ctx.text(p.template.path);
  if (!o.literal || o.span.path !== p.template.path || text === undefined) return undefined;
  const raw = text.slice(o.span.start, o.span.end);
  return [{ title: `Quote the value: "${raw}"`, isPreferred: true, edits: [{ path: o.span.path, start: o.span.start, end: o.span.end, newText: JSON.stringify(raw) }] }];
}

function deployerOf(setting: 'auto' | 'helm' | 'argocd', current: RenderView): 'helm' | 'argocd' {
  if (setting !== 'auto') return setting;
  const argo = current.model.resources.some((r) => [...r.annotations.keys()].some((k) => k.startsWith('argocd.argoproj.io/')));
  return argo ? 'argocd' : 'helm';
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
