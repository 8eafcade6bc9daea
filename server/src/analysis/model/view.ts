// One analysed render of a chart: what Helm keeps, its hooks per event in the deployer's execution order, what
// workloads reference, and lookups by identity. Rules, navigation, hovers and the plan all read this; none of them
// computes its own order or its own notion of "kept".
import { hookExecutionLess, lessByKind, stableSortBy, type HookEvent, type HookInfo } from '../../chart/hooks';
import type { ChartFiles, RenderedChart } from '../../chart/types';
import type { Deployer } from './deployer';
import { referencesOf, type Reference } from './references';
import { buildModel, type ChartModel, type Resource } from './resources';

export interface RenderView {
  files: ChartFiles;
  model: ChartModel;
  /** The profile: who deploys, which Helm, how it applies. */
  deployer: Deployer;
  /** Resources Helm keeps: every document but those dropped for an unknown hook event. */
  kept: readonly Resource[];
  /** Kept resources that are hooks. */
  hooks: readonly Resource[];
  /** Kept resources that are part of the release manifest. */
  regular: readonly Resource[];
  /** What the kept objects reference by name (the reference graph). */
  references: readonly Reference[];
  /** Hooks of `event` in the order the deployer runs them. */
  order(event: HookEvent): Resource[];
  /** Kept resources with this identity (group/kind/namespace/name); more than one is a duplicate. */
  byIdentity(identity: string): Resource[];
  /** References that name `r` (same group, kind, namespace and name). */
  referencesTo(r: Resource): Reference[];
  /** Kept resources that `ref` names. */
  targetsOf(ref: Reference): Resource[];
}

export function hookOf(r: Resource): HookInfo | undefined {
  return r.lifecycle.kind === 'hook' ? r.lifecycle.hook : undefined;
}

export function hasEvent(r: Resource, e: HookEvent): boolean {
  return hookOf(r)?.events.includes(e) ?? false;
}

export function isKept(r: Resource): boolean {
  return r.lifecycle.kind !== 'dropped';
}

/** The order hooks of one event run in. Helm: weight, then name, ties in kind order (pkg/action/hooks.go hookByWeight
 *  over hooks sorted by sortHooksByKind). Argo CD, which maps the weight to a sync wave: wave, then kind, then name. */
export function executionOrder(hooks: readonly Resource[], event: HookEvent, deployer: Deployer): Resource[] {
  const ofEvent = hooks.filter((h) => hasEvent(h, event));
  if (deployer.profile === 'argocd') {
    const byName = stableSortBy(ofEvent, (a, b) => a.name < b.name);
    const byKind = stableSortBy(byName, (a, b) => lessByKind(a.kind, b.kind, 'install', deployer.helmMajor));
    return stableSortBy(byKind, (a, b) => hookOf(a)!.weight < hookOf(b)!.weight);
  }
  const byKind = stableSortBy(ofEvent, (a, b) => lessByKind(a.kind, b.kind, 'install', deployer.helmMajor));
  return stableSortBy(byKind, (a, b) =>
    hookExecutionLess({ weight: hookOf(a)!.weight, name: a.name }, { weight: hookOf(b)!.weight, name: b.name }),
  );
}

export function viewOf(files: ChartFiles, model: ChartModel, deployer: Deployer): RenderView {
  const kept = model.resources.filter(isKept);
  const hooks = kept.filter((r) => r.lifecycle.kind === 'hook');
  const regular = kept.filter((r) => r.lifecycle.kind === 'regular');
  const references = kept.flatMap(referencesOf);
  const identities = new Map<string, Resource[]>();
  for (const r of kept) identities.set(r.identity, [...(identities.get(r.identity) ?? []), r]);
  const refsByTarget = new Map<string, Reference[]>();
  for (const x of references) refsByTarget.set(x.identity, [...(refsByTarget.get(x.identity) ?? []), x]);
  const orders = new Map<HookEvent, Resource[]>();
  return {
    files,
    model,
    deployer,
    kept,
    hooks,
    regular,
    references,
    order(event) {
      let o = orders.get(event);
      if (!o) orders.set(event, (o = executionOrder(hooks, event, deployer)));
      return o;
    },
    byIdentity: (identity) => identities.get(identity) ?? [],
    referencesTo: (r) => refsByTarget.get(r.identity) ?? [],
    targetsOf: (ref) => identities.get(ref.identity) ?? [],
  };
}

/** Reads a render into a view. */
export function buildView(files: ChartFiles, rendered: RenderedChart, namespace: string, deployer: Deployer): RenderView {
  return viewOf(files, buildModel(rendered, namespace), deployer);
}
