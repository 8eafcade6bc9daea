// H1: a regular resource at the baseline that is a hook now, while workloads use it. Hooks are not part of the release
// manifest, so `helm upgrade` deletes it as "removed" (pkg/kube/client.go Update: original.Difference(target)).
import {
  HOOK_ANNOTATION,
  HOOK_DELETE_POLICY_ANNOTATION,
  HOOK_WEIGHT_ANNOTATION,
  RESOURCE_POLICY_ANNOTATION,
  type HookInfo,
} from '../../chart/hooks';
import { insertAnnotation, removeAnnotations, suffixPoint } from '../fixes/annotations';
import { appendHookCopy } from '../fixes/copies';
import type { OffsetEdit, PlannedFix } from '../fixes/edits';
import { fluxOnFailure, fluxRemediation, hooksRun, isRegular, levelOf, summaryOf, type Reference, type Resource } from '../model';
import type { Rule, RuleContext } from '../contract';
import { consequences, hasRegularTwin, relatedRefs } from './support';

const HOOK_KEYS = [HOOK_ANNOTATION, HOOK_WEIGHT_ANNOTATION, HOOK_DELETE_POLICY_ANNOTATION];

/** Workloads that need the object after the upgrade's delete step: regular ones, and post-upgrade hooks. */
function runsAfterDeletion(workload: Resource): boolean {
  if (isRegular(workload)) return true;
  return workload.lifecycle.kind === 'hook' && workload.lifecycle.hook.events.includes('post-upgrade');
}

/** The problem in one line; the explanation follows in `detail`. */
function headline(r: Resource, refs: Reference[], keep: boolean): string {
  const what = `${r.kind} ${r.name}`;
  if (keep) return `${what} leaves the release on the next helm upgrade (now a kept hook)`;
  return `helm upgrade will delete ${what} (now a hook): ${summaryOf(refs)}`;
}

const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

function detail(r: Resource, hook: HookInfo, refs: Reference[], keep: boolean): string {
  const what = `${r.kind} ${r.name}`;
  const events = hook.events.join(',');
  const consumers = capitalize(consequences(refs, true));
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
  const plans: PlannedFix[] = [];
  const removals = removeAnnotations(ctx, r, HOOK_KEYS);
  if (removals) plans.push({ title: 'Keep it regular: remove the hook annotations', isPreferred: true, edits: removals });

  const copy = hookCopy(ctx, r, hookRefs, removals);
  if (copy) plans.push({ title: 'Give the hooks their own copy, keep it regular', edits: copy });

  if (ctx.deployer.profile !== 'argocd' && hook.events.includes('pre-upgrade') && !r.annotations.has(RESOURCE_POLICY_ANNOTATION)) {
    const keep = insertAnnotation(ctx, r, RESOURCE_POLICY_ANNOTATION, 'keep');
    if (keep) plans.push({ title: `Add ${RESOURCE_POLICY_ANNOTATION}: keep (unmanaged after)`, edits: [keep] });
  }
  return plans;
}

/** The original loses its hook annotations; a copy named `<name>-hook` keeps them; hook workloads use the copy. */
function hookCopy(ctx: RuleContext, r: Resource, hookRefs: Reference[], removals: OffsetEdit[] | undefined): OffsetEdit[] | undefined {
  const copy = removals && appendHookCopy(ctx, r, '-hook', {}, removals);
  if (!removals || !copy) return undefined;
  const renames: OffsetEdit[] = [];
  for (const ref of hookRefs) {
    const at = suffixPoint(ctx, ref.referrer.template, ref.contentRange, ref.range);
    if (at !== undefined) renames.push({ path: ref.referrer.template.path, start: at, end: at, newText: '-hook' });
  }
  return [...removals, copy, ...renames];
}

export const rule: Rule = {
  meta: {
    id: 'hook-deletes-referenced-resource',
    hazard: 'H1',
    defaultSeverity: 'error',
    description: 'A regular resource at the base ref became a hook while other objects reference it: helm upgrade deletes it.',
    needsBaseline: true,
    levels: 'one step milder when the referrers only degrade (optional references, autoscalers, StorageClasses, Flux values), two with `keep`',
  },
  check(ctx, report) {
    if (!ctx.baseline) return;
    const wasRegular = new Set(ctx.baseline.kept.filter(isRegular).map((r) => r.identity));
    for (const r of ctx.current.kept) {
      if (r.lifecycle.kind !== 'hook' || !wasRegular.has(r.identity) || hasRegularTwin(ctx.current, r)) continue;
      const hook = r.lifecycle.hook;
      const refs = ctx.current.referencesTo(r);
      const affected = refs.filter((x) => runsAfterDeletion(x.referrer));
      if (affected.length === 0) continue;
      const argo = ctx.deployer.profile === 'argocd';
      // Argo CD ignores helm.sh/resource-policy (it prunes by its own rules), so keep protects nothing there.
      // A HelmRelease with upgrade.disableHooks never applies the hook: nothing recreates the object (nor carries keep).
      const noHooks = !argo && !hooksRun(ctx.deployer, 'upgrade');
      const keep = !argo && !noHooks && r.annotations.get(RESOURCE_POLICY_ANNOTATION)?.value === 'keep' && hook.events.includes('pre-upgrade');
      const keptAnyway = argo && r.annotations.get(RESOURCE_POLICY_ANNOTATION)?.value === 'keep';
      report({
        level: keep ? -2 : levelOf(affected),
        message: argo
          ? `Argo CD will prune ${r.kind} ${r.name} (now a hook): ${summaryOf(affected)}`
          : noHooks
            ? `Flux's upgrade deletes ${r.kind} ${r.name} (now a hook, hooks disabled): ${summaryOf(affected)}`
            : headline(r, affected, keep),
        detail: argo
          ? `${r.kind} ${r.name} was a regular resource and is now a hook (${hook.events.join(',')}): Argo CD runs it as a PreSync ` +
            `hook, and the object stops being one of the application's resources, so a sync with pruning deletes it ` +
            `(argoproj/argo-cd#13429). ${capitalize(consequences(affected, true))}.` +
            (keptAnyway ? ` Argo CD ignores ${RESOURCE_POLICY_ANNOTATION}: keep (it honours argocd.argoproj.io/sync-options: Prune=false), so keep does not protect it.` : '')
          : (noHooks
              ? `${r.kind} ${r.name} was a regular resource of the release and is now a hook (${hook.events.join(',')}), but the HelmRelease sets ` +
                `upgrade.disableHooks: Flux's upgrade applies no hook, and Helm deletes ${r.kind} ${r.name} because it left the release manifest. ` +
                `Nothing creates it again. ${capitalize(consequences(affected, true))}.`
              : detail(r, hook, affected, keep)) +
            (ctx.deployer.profile === 'flux' && !keep
              ? ` Flux waits for the release's resources by default, so the upgrade fails: ${fluxOnFailure(ctx.deployer, 'upgrade')}.` +
                (fluxRemediation(ctx.deployer, 'upgrade') === 'rollback'
                  ? ` The rollback recreates ${r.kind} ${r.name} as a regular resource, and the next upgrade deletes it again.`
                  : '')
              : ''),
        location: ctx.locate(r.template, r.annotations.get(HOOK_ANNOTATION)!.pair),
        resource: { kind: r.kind, name: r.name, namespace: r.namespace },
        related: relatedRefs(ctx, affected),
        fix: plannedFixes(ctx, r, refs.filter((x) => !runsAfterDeletion(x.referrer)), hook),
      });
    }
  },
};
