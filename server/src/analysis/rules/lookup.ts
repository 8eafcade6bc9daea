// Queries the rules share: who references what, hooks by event, and where a name can be edited.
import type { HookEvent, HookInfo } from '../../chart/hooks';
import type { RenderedTemplate } from '../../chart/types';
import type { Reference } from '../references';
import type { OutRange, Resource } from '../resources';
import type { RenderView, RuleContext } from './rule';

export function hookOf(r: Resource): HookInfo | undefined {
  return r.lifecycle.kind === 'hook' ? r.lifecycle.hook : undefined;
}

export function hasEvent(r: Resource, e: HookEvent): boolean {
  return hookOf(r)?.events.includes(e) ?? false;
}

/** References (in `view`) that name resource `r`: same kind, name and namespace; references are to the core group. */
export function referencesTo(view: RenderView, r: Resource): Reference[] {
  if (r.group !== '') return [];
  return view.references.filter((x) => x.kind === r.kind && x.name === r.name && x.namespace === r.namespace);
}

/** The object a reference names, among Helm-kept resources of `view` (a regular one first). */
export function targetOf(objects: readonly Resource[], ref: Reference): Resource[] {
  return objects.filter((o) => o.group === '' && o.kind === ref.kind && o.name === ref.name && o.namespace === ref.namespace);
}

export function describeRef(ref: Reference): string {
  return `${ref.workload.kind} ${ref.workload.name} references ${ref.kind} ${ref.name} here (${ref.via})`;
}

/** Related information for each reference, in the referencing workload's own file. */
export function relatedRefs(ctx: RuleContext, refs: readonly Reference[]) {
  return refs.map((x) => ({
    ...ctx.locate(x.workload.template, x.range),
    message: describeRef(x),
    kind: x.workload.kind,
    name: x.workload.name,
    via: x.via,
  }));
}

/** Where a suffix can be appended to a scalar emitted at `content` (inside `full`), in the template's own file. */
export function suffixPoint(ctx: RuleContext, template: RenderedTemplate, content: OutRange, full: OutRange): number | undefined {
  if (content.end <= content.start) return undefined;
  const last = ctx.origin(template, { start: content.end - 1, end: content.end });
  if (last.site.path !== template.path) return undefined;
  if (full.end > content.end) {
    // Quoted: the closing quote must be literal text, or the suffix would land outside the quotes.
    const quote = ctx.origin(template, { start: full.end - 1, end: full.end });
    if (!quote.literal || quote.span.path !== template.path) return undefined;
  }
  return last.site.end;
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
