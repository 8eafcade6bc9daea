// H3: a regular workload references a hook that hook-succeeded deletes: the deletions run right after the event's
// hooks succeed, before the manifest is applied (pkg/action/hooks.go execHook, the same at v3.17.3 and v4.1.4; Helm 4
// also deletes them when a later hook of the event fails). Argo CD deletes a hook-succeeded hook once it succeeds. hook-failed is not this rule's: it
// applies only when a hook's wait fails, and Helm waits only for Jobs and Pods, which workloads do not reference.
import { HOOK_ANNOTATION, HOOK_DELETE_POLICY_ANNOTATION, HOOK_WEIGHT_ANNOTATION } from '../../chart/hooks';
import { removeAnnotations, replaceAnnotationValue } from '../fixes/annotations';
import type { PlannedFix } from '../fixes/edits';
import { levelOf, summaryOf } from '../model';
import { isRegular } from '../model';
import { deployerName, hookOf, isHelm4 } from '../model';
import { clip, consequences, hasRegularTwin, hookRuns, relatedRefs } from './support';
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
      // A hook that never runs (Flux disableHooks) is never created, not deleted: reference-not-in-chart says so.
      if (!hook.deletePolicies.includes('hook-succeeded') || hasRegularTwin(ctx.current, r) || !hookRuns(ctx.deployer, hook)) continue;
      const refs = ctx.current.referencesTo(r).filter((x) => isRegular(x.referrer) && !x.optional);
      if (refs.length === 0) continue;
      const consumers = consequences(refs, true);
      const what = `${r.kind} ${r.name}`;
      const who = deployerName(ctx.deployer);
      const argo = ctx.deployer.profile === 'argocd';
      // Pre-* hooks go before the manifest is applied; post-* ones after the workloads were created.
      const before = hook.events.some((e) => e.startsWith('pre-') && e !== 'pre-delete' && e !== 'pre-rollback');
      const detail =
        (argo
          ? `${what} is a ${hook.events.join(',')} hook with delete policy hook-succeeded: Argo CD runs it in the ` +
            `${before ? 'PreSync' : 'PostSync'} phase and deletes it once it succeeds, ${before ? 'before the Sync phase creates the workloads' : 'while the workloads run'}`
          : `${what} is a ${hook.events.join(',')} hook with delete policy hook-succeeded: ${who} deletes it as soon as the ` +
            `hooks of its event succeed, ${before ? "before the release's own resources are applied, so it is gone when the release's objects use it" : 'after the release\'s objects were created, so whatever starts later (a restart, a scale-up) misses it'}`) +
        `: ${consumers}.` +
        (isHelm4(ctx.deployer) && !argo ? ` ${who} also deletes it when a later hook of the same event fails, so a retry starts without it.` : '');
      const remaining = hook.deletePolicies.filter((p) => p !== 'hook-succeeded');
      const fix: PlannedFix[] = [];
      const removeHook = removeAnnotations(ctx, r, [HOOK_ANNOTATION, HOOK_WEIGHT_ANNOTATION, HOOK_DELETE_POLICY_ANNOTATION]);
      if (removeHook) fix.push({ title: 'Keep it regular: remove the hook annotations', isPreferred: true, edits: removeHook });
      const newPolicy = remaining.length > 0 ? remaining.join(',') : 'before-hook-creation';
      const keepIt = replaceAnnotationValue(ctx, r, HOOK_DELETE_POLICY_ANNOTATION, newPolicy);
      if (keepIt) fix.push({ title: `Set delete policy to ${clip(newPolicy, 34)}`, edits: [keepIt] });
      report({
        level: levelOf(refs),
        message: before ? `${what} is deleted before the release uses it (hook-succeeded): ${summaryOf(refs)}` : `${what} is deleted after its hook runs (hook-succeeded): ${summaryOf(refs)}`,
        detail,
        location: ctx.locate(r.template, policy.pair),
        resource: { kind: r.kind, name: r.name, namespace: r.namespace },
        related: relatedRefs(ctx, refs),
        fix,
      });
    }
  },
};
