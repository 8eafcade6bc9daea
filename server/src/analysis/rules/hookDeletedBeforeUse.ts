// H3: a regular workload references a hook that hook-succeeded deletes: the deletions run right after the event's
// hooks succeed, before the manifest is applied (pkg/action/hooks.go execHook). hook-failed is not this rule's: it
// applies only when a hook's wait fails, and Helm waits only for Jobs and Pods, which workloads do not reference.
import { HOOK_ANNOTATION, HOOK_DELETE_POLICY_ANNOTATION, HOOK_WEIGHT_ANNOTATION } from '../../chart/hooks';
import { removeAnnotations, replaceAnnotationValue } from '../fixes/annotations';
import type { PlannedFix } from '../fixes/edits';
import { failureOf } from '../model';
import { isRegular } from '../model';
import { hookOf } from '../model';
import { relatedRefs } from './support';
import type { Rule } from '../contract';

export const rule: Rule = {
  meta: {
    id: 'hook-deleted-before-use',
    hazard: 'H3',
    defaultSeverity: 'error',
    description: 'A regular workload references a hook that hook-succeeded deletes before the workload starts.',
    needsBaseline: false,
  },
  check(ctx, report) {
    for (const r of ctx.current.kept) {
      const hook = hookOf(r);
      const policy = r.annotations.get(HOOK_DELETE_POLICY_ANNOTATION);
      if (!hook || !policy) continue;
      if (!hook.deletePolicies.includes('hook-succeeded')) continue;
      const refs = ctx.current.referencesTo(r).filter((x) => isRegular(x.workload) && !x.optional);
      if (refs.length === 0) continue;
      const consumers = [...new Set(refs.map((x) => `Pods of ${x.workload.kind} ${x.workload.name} will ${failureOf(x)}`))].join('; ');
      const what = `${r.kind} ${r.name}`;
      const detail =
        `${what} is a ${hook.events.join(',')} hook with delete policy hook-succeeded: Helm deletes it as soon as the ` +
        `hooks of its event succeed, before the release's own resources are applied, so it is gone when workloads start. ${consumers}.`;
      const remaining = hook.deletePolicies.filter((p) => p !== 'hook-succeeded');
      const fix: PlannedFix[] = [];
      const removeHook = removeAnnotations(ctx, r, [HOOK_ANNOTATION, HOOK_WEIGHT_ANNOTATION, HOOK_DELETE_POLICY_ANNOTATION]);
      if (removeHook) fix.push({ title: `Keep ${what} a regular resource (remove the hook annotations)`, isPreferred: true, edits: removeHook });
      const newPolicy = remaining.length > 0 ? remaining.join(',') : 'before-hook-creation';
      const keepIt = replaceAnnotationValue(ctx, r, HOOK_DELETE_POLICY_ANNOTATION, newPolicy);
      if (keepIt) fix.push({ title: `Set the delete policy to ${newPolicy} (keep ${what} after its hooks run)`, edits: [keepIt] });
      report({
        message: `${what} is deleted before workloads start (hook-succeeded)`,
        detail,
        location: ctx.locate(r.template, policy.pair),
        resource: { kind: r.kind, name: r.name, namespace: r.namespace },
        related: relatedRefs(ctx, refs),
        fix,
      });
    }
  },
};
