// Helpers that several rules share: related information for references, did-you-mean. Not a rule.
import type { RelatedLocation } from '../findings';
import { consequenceOf, isRegular, type Reference, type RenderView, type Resource } from '../model';
import { hookEventRuns, type Deployer } from '../model';
import type { HookInfo } from '../../chart/hooks';
import type { RuleContext } from '../contract';

export function describeRef(ref: Reference): string {
  return `${ref.referrer.kind} ${ref.referrer.name} references ${ref.kind} ${ref.name} here (${ref.via})`;
}

/** Related information for each reference, in the referencing workload's own file. */
export function relatedRefs(ctx: RuleContext, refs: readonly Reference[]): RelatedLocation[] {
  return refs.map((x) => ({
    ...ctx.locate(x.referrer.template, x.range),
    message: describeRef(x),
    kind: x.referrer.kind,
    name: x.referrer.name,
    via: x.via,
  }));
}

/** What the referrers suffer, one sentence per distinct consequence, joined for a detail. */
export function consequences(refs: readonly Reference[], deleted = false): string {
  return [...new Set(refs.map((x) => consequenceOf(x, deleted)))].join('; ');
}

/** A hook whose identity is also a regular resource of the release: the object stays in the manifest, so it is not
 *  "deleted" or "gone"; hook-and-regular-duplicate speaks for it. */
export function hasRegularTwin(view: RenderView, r: Resource): boolean {
  return view.byIdentity(r.identity).some((x) => x !== r && isRegular(x));
}

/** Levenshtein distance, for did-you-mean suggestions. */
export function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = cur;
    }
  }
  return row[b.length];
}

/** The closest candidate within a small distance, if any. */
export function didYouMean(value: string, candidates: readonly string[]): string | undefined {
  const v = value.trim().toLowerCase();
  const limit = Math.max(2, Math.floor(v.length / 3));
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const d = editDistance(v, c);
    if (d < bestDistance) [best, bestDistance] = [c, d];
  }
  return bestDistance <= limit ? best : undefined;
}

/** Whether any of the hook's events runs under the deployer: none does when a HelmRelease disables the hooks of every
 *  action the hook belongs to (Flux `spec.<action>.disableHooks`); rules about what the hook does are moot then. */
export function hookRuns(d: Deployer, hook: HookInfo): boolean {
  return hook.events.some((e) => hookEventRuns(d, e));
}

/** A value inside a fix title, shortened so that titles stay under 60 characters (the light-bulb menu and the
 *  Problems panel cut longer ones). */
export function clip(s: string, max: number): string {
  return s.length <= max ? s : s.slice(0, max - 1) + '…';
}
