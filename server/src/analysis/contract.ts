// The rule contract. A rule is one file in rules/: its `meta` and a `check` that reports findings through `report`.
// The driver (analyze.ts) applies configuration the same way to every finding: a finding states its level
// relative to the configured severity, never an absolute severity.
import type { RenderedTemplate, SourceSpan } from '../chart/types';
import type { Location, RelatedLocation, Severity } from './findings';
import type { EditContext } from './fixes/annotations';
import type { PlannedFix } from './fixes/edits';
import type { Deployer, OutRange, RenderView } from './model';

export interface RuleMeta {
  /** Stable id: the diagnostic code, the settings key, the docs page `docs/rules/<id>.md`. */
  id: string;
  defaultSeverity: Severity;
  /** One line, for settings, the README, the docs index and hovers. */
  description: string;
  /** Compares with the chart at the base ref: off when there is no baseline. */
  needsBaseline: boolean;
  /** The hazard in ../shared/helm-hook-semantics.md terms (H1...), for docs. */
  hazard?: string;
  /** When findings are milder or more severe than the configured severity, in a few words, for the docs index. */
  levels?: string;
}

export interface RuleFinding {
  /** The problem first, in one short sentence (about 80 characters at most): "helm upgrade will delete ConfigMap x
   *  (now a hook): pods cannot start". */
  message: string;
  /** Why, on later lines: what Helm does, step by step, and what breaks. */
  detail?: string;
  location: Location;
  /** The object the finding is about, for the plan and the CLI. */
  resource?: { kind: string; name: string; namespace: string };
  related?: RelatedLocation[];
  fix?: PlannedFix[];
  /** Steps from the configured severity: 0 (the default) as configured, -1 one step milder (e.g. every reference
   *  optional), +1 one step more severe (e.g. a Secret left with credentials). Clamped to hint..error. */
  level?: number;
}

export type Report = (finding: RuleFinding) => void;

export interface RuleContext extends EditContext {
  current: RenderView;
  /** The chart at the base ref; absent when git could not give it (rules that need it are not run). */
  baseline?: RenderView;
  /** A location in the rendered template's own file (the action that emitted it, for helper output). */
  locate(template: RenderedTemplate, range: OutRange): Location;
  /** A source span as a location. */
  spanLocation(span: SourceSpan): Location;
  /** Release name and namespace the chart is rendered for. */
  release: { name: string; namespace: string };
  /** The base ref's name, for messages. */
  baseRef: string;
  /** Who deploys the chart (also `current.deployer`). */
  deployer: Deployer;
}

export interface Rule {
  meta: RuleMeta;
  check(ctx: RuleContext, report: Report): void;
}
