// H1: a regular resource at the baseline that is a hook now, while workloads use it. Hooks are not part of the release
// manifest, so `helm upgrade` deletes it as "removed" (pkg/kube/client.go Update: original.Difference(target)).
import {
  HOOK_ANNOTATION,
  HOOK_DELETE_POLICY_ANNOTATION,
  HOOK_WEIGHT_ANNOTATION,
  RESOURCE_POLICY_ANNOTATION,
  type HookInfo,
} from '../../chart/hooks';
import type { RenderedTemplate } from '../../chart/types';
import type { Finding, RelatedLocation } from '../findings';
import { indentAt, nextLineStart, toTextEdits, wholeLines, type CodeFix, type OffsetEdit, type TextOf } from '../fixes/edits';
import { failureOf, type Reference } from '../references';
import { isRegular, type OutRange, type Resource } from '../resources';
import type { Rule, RuleContext } from './rule';

export const ID = 'hook-deletes-referenced-resource';

const HOOK_KEYS = [HOOK_ANNOTATION, HOOK_WEIGHT_ANNOTATION, HOOK_DELETE_POLICY_ANNOTATION];

/** What the fixes need, in source offsets of the analysed text. */
export interface FixData {
  kind: string;
  name: string;
  /** The file holding the hook's document. */
  path: string;
  /** Lines that hold the hook annotations (and an emptied `annotations:`), when all are literal text. */
  removeLines?: { start: number; end: number }[];
  /** Where `helm.sh/resource-policy: keep` goes, when the events include pre-upgrade. */
  keepInsert?: { offset: number; text: string };
  /** The hook copy: the document's text span, where `-hook` goes in its name, and in hook workloads' references. */
  copy?: { start: number; end: number; nameSuffixAt: number; refSuffixes: { path: string; offset: number }[] };
}

/** Workloads that need the object after the upgrade's delete step: regular ones, and post-upgrade hooks. */
function runsAfterDeletion(workload: Resource): boolean {
  if (isRegular(workload)) return true;
  return workload.lifecycle.kind === 'hook' && workload.lifecycle.hook.events.includes('post-upgrade');
}

function describeConsumers(refs: Reference[]): string {
  const byWorkload = new Map<Resource, Reference[]>();
  for (const r of refs) byWorkload.set(r.workload, [...(byWorkload.get(r.workload) ?? []), r]);
  return [...byWorkload]
    .map(([w, rs]) => `Pods of ${w.kind} ${w.name} will ${rs.map(failureOf).join(' and ')}`)
    .join('; ');
}

function message(r: Resource, hook: HookInfo, refs: Reference[], keep: boolean): string {
  const what = `${r.kind} ${r.name}`;
  const events = hook.events.join(',');
  const consumers = describeConsumers(refs);
  if (keep) {
    return (
      `${what} was a regular resource of the release and is now a hook (${events}) with ${RESOURCE_POLICY_ANNOTATION}: keep. ` +
      `On the next helm upgrade the pre-upgrade hook recreates it with the keep annotation, so Helm skips deleting it when it ` +
      `leaves the release manifest. From then on it is unmanaged: helm uninstall leaves it behind, and only the hook updates it.`
    );
  }
  const list = refs.some((x) => !x.optional) ? '.' : ', although every reference is optional, so pods start without it.';
  if (hook.events.includes('pre-upgrade')) {
    return (
      `On the next helm upgrade the pre-upgrade hook recreates ${what}, then Helm deletes it because it left the release ` +
      `manifest (hooks are not part of it). ${consumers}${list}`
    );
  }
  if (hook.events.includes('post-upgrade')) {
    return (
      `On the next helm upgrade Helm deletes ${what} because it left the release manifest (hooks are not part of it); ` +
      `the post-upgrade hook recreates it only after the upgrade's wait. Until then: ${consumers}${list}`
    );
  }
  return (
    `On the next helm upgrade Helm deletes ${what} because it left the release manifest (hooks are not part of it), ` +
    `and no hook recreates it: its events (${events}) do not include pre-upgrade. ${consumers}${list}`
  );
}

/** Where a suffix can be appended to a scalar emitted at `content` (inside `full`), in the template's own file. */
function suffixPoint(ctx: RuleContext, template: RenderedTemplate, content: OutRange, full: OutRange): number | undefined {
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

function fixData(ctx: RuleContext, r: Resource, hookRefs: Reference[], hook: HookInfo): FixData {
  const t = r.template;
  const text = ctx.current.files.files.get(t.path) ?? '';
  const data: FixData = { kind: r.kind, name: r.name, path: t.path };

  const present = HOOK_KEYS.map((k) => r.annotations.get(k)).filter((a) => a !== undefined);
  const lines: { start: number; end: number }[] = [];
  for (const a of present) {
    const o = ctx.origin(t, a.pair);
    const line = o.literal && o.span.path === t.path ? wholeLines(text, o.span.start, o.span.end) : undefined;
    if (!line) break;
    lines.push(line);
  }
  if (lines.length === present.length) {
    const block = r.annotationsPair;
    if (block && block.size === present.length) {
      const o = ctx.origin(t, block.keyRange);
      const keyLine = o.literal && o.span.path === t.path ? wholeLines(text, o.span.start, o.span.end + 1) : undefined;
      if (keyLine) lines.push(keyLine);
    }
    data.removeLines = lines.sort((a, b) => a.start - b.start);
  }

  const hookAnn = r.annotations.get(HOOK_ANNOTATION)!;
  const hookOrigin = ctx.origin(t, hookAnn.pair);
  if (hook.events.includes('pre-upgrade') && hookOrigin.literal && hookOrigin.span.path === t.path) {
    const indent = indentAt(text, hookOrigin.span.start);
    data.keepInsert = { offset: nextLineStart(text, hookOrigin.span.end), text: `${indent}"${RESOURCE_POLICY_ANNOTATION}": keep\n` };
  }

  const doc = ctx.origin(t, { start: r.doc.start, end: r.doc.end });
  const nameSuffixAt = r.nameContentRange && r.nameRange ? suffixPoint(ctx, t, r.nameContentRange, r.nameRange) : undefined;
  if (data.removeLines && doc.site.path === t.path && nameSuffixAt !== undefined) {
    const refSuffixes: { path: string; offset: number }[] = [];
    for (const ref of hookRefs) {
      const at = suffixPoint(ctx, ref.workload.template, ref.contentRange, ref.range);
      if (at !== undefined) refSuffixes.push({ path: ref.workload.template.path, offset: at });
    }
    data.copy = { start: doc.site.start, end: doc.site.end, nameSuffixAt, refSuffixes };
  }
  return data;
}

export const rule: Rule = {
  id: ID,
  defaultSeverity: 'error',
  description: 'A regular resource at the base ref became a hook while workloads reference it: helm upgrade deletes it.',
  needsBaseline: true,
  check(ctx) {
    if (!ctx.baseline) return [];
    const wasRegular = new Set(ctx.objects(ctx.baseline).filter(isRegular).map((r) => r.identity));
    const findings: Omit<Finding, 'rule'>[] = [];
    for (const r of ctx.objects(ctx.current)) {
      if (r.lifecycle.kind !== 'hook' || r.group !== '' || !wasRegular.has(r.identity)) continue;
      const hook = r.lifecycle.hook;
      const refs = ctx.current.references.filter((x) => x.kind === r.kind && x.name === r.name && x.namespace === r.namespace);
      const affected = refs.filter((x) => runsAfterDeletion(x.workload));
      if (affected.length === 0) continue;
      const keep = r.annotations.get(RESOURCE_POLICY_ANNOTATION)?.value === 'keep' && hook.events.includes('pre-upgrade');
      const related: RelatedLocation[] = affected.map((x) => ({
        ...ctx.locate(x.workload.template, x.range),
        message: `${x.workload.kind} ${x.workload.name} references ${r.kind} ${r.name} here (${x.via})`,
        kind: x.workload.kind,
        name: x.workload.name,
        via: x.via,
      }));
      findings.push({
        severity: keep ? 'info' : affected.every((x) => x.optional) ? 'warning' : 'error',
        message: message(r, hook, affected, keep),
        location: ctx.locate(r.template, r.annotations.get(HOOK_ANNOTATION)!.pair),
        resource: { kind: r.kind, name: r.name, namespace: r.namespace },
        related,
        fix: fixData(ctx, r, refs.filter((x) => !runsAfterDeletion(x.workload)), hook),
      });
    }
    return findings;
  },
};

/** The quick fixes for a finding of this rule, as edits against the text it was computed on. */
export function fixes(data: FixData, textOf: TextOf): CodeFix[] {
  const out: CodeFix[] = [];
  const what = `${data.kind} ${data.name}`;
  const add = (title: string, edits: OffsetEdit[], isPreferred = false) => {
    const textEdits = toTextEdits(edits, textOf);
    if (textEdits) out.push({ title, isPreferred, edits: textEdits });
  };
  const removals: OffsetEdit[] = (data.removeLines ?? []).map((l) => ({ path: data.path, ...l, newText: '' }));
  if (data.removeLines) add(`Keep ${what} a regular resource (remove the hook annotations)`, removals, true);

  const text = textOf(data.path);
  if (data.copy && text !== undefined) {
    const c = data.copy;
    const body = text.slice(c.start, c.nameSuffixAt) + '-hook' + text.slice(c.nameSuffixAt, c.end);
    // After the document; past a removed last line, so the edits do not overlap.
    const covering = removals.find((r) => r.start <= c.end && r.end > c.end);
    const copy = covering
      ? { path: data.path, start: covering.end, end: covering.end, newText: `---\n${body}\n` }
      : { path: data.path, start: c.end, end: c.end, newText: `\n---\n${body}` };
    add(`Give the hooks their own copy (${data.name}-hook) and keep ${what} regular`, [
      ...removals,
      copy,
      ...c.refSuffixes.map((s) => ({ path: s.path, start: s.offset, end: s.offset, newText: '-hook' })),
    ]);
  }
  if (data.keepInsert) {
    const k = data.keepInsert;
    add(`Add ${RESOURCE_POLICY_ANNOTATION}: keep (${what} stays, but becomes unmanaged by the release)`, [
      { path: data.path, start: k.offset, end: k.offset, newText: k.text },
    ]);
  }
  return out;
}
