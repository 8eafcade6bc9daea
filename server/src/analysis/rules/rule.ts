import type { ChartFiles, RenderedTemplate, SourceSpan } from '../../chart/types';
import type { Finding, Location, Severity } from '../findings';
import type { Reference } from '../references';
import type { ChartModel, OutRange, Resource } from '../resources';
import type { Origin } from '../provenance';

/** One analysed render: the model plus what its workloads reference. */
export interface RenderView {
  files: ChartFiles;
  model: ChartModel;
  references: Reference[];
}

export interface RuleContext {
  current: RenderView;
  /** The chart at the base ref; absent when git could not give it (rules that need it stay silent). */
  baseline?: RenderView;
  /** Where an output range of `template` came from. */
  origin(template: RenderedTemplate, range: OutRange): Origin;
  /** A location in the rendered template's own file (the action that emitted it, for helper output). */
  locate(template: RenderedTemplate, range: OutRange): Location;
  /** A source span as a location. */
  spanLocation(span: SourceSpan): Location;
  /** Resources Helm keeps (not dropped for unknown hook events). */
  objects(view: RenderView): Resource[];
  /** The analysed text of a file of the current chart. */
  text(path: string): string | undefined;
  /** Release name and namespace the chart is rendered for. */
  release: { name: string; namespace: string };
  /** The base ref's name, for messages. */
  baseRef: string;
  /** Who deploys the chart: Helm itself, or Argo CD, which maps hooks to its own phases. */
  deployer: 'helm' | 'argocd';
}

export interface Rule {
  id: string;
  defaultSeverity: Severity;
  /** One line for settings, docs and hovers. */
  description: string;
  needsBaseline: boolean;
  check(ctx: RuleContext): Omit<Finding, 'rule'>[];
  /** Hazard id in ../shared/helm-hook-semantics.md terms (H1...), for docs. */
  hazard?: string;
}
