// H1: a regular resource at the baseline that is a hook now, while workloads use it. Hooks are not part of the release
// manifest, so `helm upgrade` deletes it as "removed" (pkg/kube/client.go Update: original.Difference(target)).
import {
  HOOK_ANNOTATION,
  HOOK_DELETE_POLICY_ANNOTATION,
  HOOK_WEIGHT_ANNOTATION,
  RESOURCE_POLICY_ANNOTATION,
  type HookInfo,
} from '../../chart/hooks';
import type { Finding, RelatedLocation } from '../findings';
import { insertAnnotation, removeAnnotations } from '../fixes/annotations';
import type { OffsetEdit, PlannedFix } from '../fixes/edits';
import { failureOf, type Reference } from '../references';
import { isRegular, type Resource } from '../resources';
import { suffixPoint } from './lookup';
import type { Rule, RuleContext } from './rule';

export const ID = 'hook-deletes-referenced-resource';

const HOOK_KEYS = [HOOK_ANNOTATION, HOOK_WEIGHT_ANNOTATION, HOOK_DELETE_POLICY_ANNOTATION];

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

function plannedFixes(ctx: RuleContext, r: Resource, hookRefs: Reference[], hook: HookInfo): PlannedFix[] {
  const what = `${r.kind} ${r.name}`;
  const plans: PlannedFix[] = [];
  const removals = removeAnnotations(ctx, r, HOOK_KEYS);
  if (removals) plans.push({ title: `Keep ${what} a regular resource (remove the hook annotations)`, isPreferred: true, edits: removals });

  const copy = hookCopy(ctx, r, hookRefs, removals);
  if (copy) plans.push({ title: `Give the hooks their own copy (${r.name}-hook) and keep ${what} regular`, edits: copy });

  if (hook.events.includes('pre-upgrade') && !r.annotations.has(RESOURCE_POLICY_ANNOTATION)) {
    const keep = insertAnnotation(ctx, r, RESOURCE_POLICY_ANNOTATION, 'keep');
    if (keep) plans.push({ title: `Add ${RESOURCE_POLICY_ANNOTATION}: keep (${what} stays, but becomes unmanaged by the release)`, edits: [keep] });
  }
  return plans;
}

/** The original loses its hook annotations; a copy named `<name>-hook` keeps them; hook workloads use the copy. */
function hookCopy(ctx: RuleContext, r: Resource, hookRefs: Reference[], removals: OffsetEdit[] | undefined): OffsetEdit[] | undefined {
  const t = r.template;
  const text = ctx.text(t.path);
  const doc = ctx.origin(t, { start: r.doc.start, end: r.doc.end });
  const nameAt = r.nameContentRange && r.nameRange ? suffixPoint(ctx, t, r.nameContentRange, r.nameRange) : undefined;
  if (!removals || text === undefined || doc.site.path !== t.path || nameAt === undefined) return undefined;
  const { start, end } = doc.site;
  const body = text.slice(start, nameAt) + '-hook' + text.slice(nameAt, end);
  // After the document; past a removed last line, so that the edits do not overlap.
  const covering = removals.find((x) => x.start <= end && x.end > end);
  const insert = covering
    ? { path: t.path, start: covering.end, end: covering.end, newText: `---\n${body}\n` }
    : { path: t.path, start: end, end, newText: `\n---\n${body}` };
  const renames: OffsetEdit[] = [];
  for (const ref of hookRefs) {
    const at = suffixPoint(ctx, ref.workload.template, ref.contentRange, ref.range);
    if (at !== undefined) renames.push({ path: ref.workload.template.path, start: at, end: at, newText: '-hook' });
  }
  return [...removals, insert, ...renames];
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
        message:
          message(r, hook, affected, keep) +
          (ctx.deployer === 'argocd'
            ? ' Under Argo CD the hook runs as PreSync and the object stops being one of the application\'s resources, so a sync with pruning deletes it (argoproj/argo-cd#13429).'
            : ''),
        location: ctx.locate(r.template, r.annotations.get(HOOK_ANNOTATION)!.pair),
        resource: { kind: r.kind, name: r.name, namespace: r.namespace },
        related,
        fix: plannedFixes(ctx, r, refs.filter((x) => !runsAfterDeletion(x.workload)), hook),
      });
    }
    return findings;
  },
};
