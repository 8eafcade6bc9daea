// H7: helm uninstall deletes the stored manifest only; hook objects go only by their own delete policy
// (pkg/action/uninstall.go). Persistent kinds without hook-succeeded stay behind.
import { HOOK_ANNOTATION, HOOK_DELETE_POLICY_ANNOTATION, HOOK_WEIGHT_ANNOTATION, RESOURCE_POLICY_ANNOTATION } from '../../chart/hooks';
import { removeAnnotations, setAnnotation } from '../fixes/annotations';
import type { PlannedFix } from '../fixes/edits';
import { isRegular } from '../model';
import { hookOf } from '../model';
import type { Rule } from '../contract';
import { hookRuns } from './support';

/** Kinds that run to completion: leaving them is Helm's usual hook pattern, not a leak. */
const RUN_TO_COMPLETION = new Set(['Job', 'Pod']);

export const rule: Rule = {
  meta: {
    id: 'hook-left-after-uninstall',
    hazard: 'H7',
    defaultSeverity: 'info',
    description: 'A hook of a persistent kind without hook-succeeded stays after helm uninstall (Secrets: credentials left behind).',
    needsBaseline: false,
    levels: 'one step more severe for a Secret',
  },
  check(ctx, report) {
    for (const r of ctx.current.kept) {
      const hook = hookOf(r);
      // A hook Flux never runs (disableHooks on all its actions) is never created, so nothing is left.
      if (!hook || RUN_TO_COMPLETION.has(r.kind) || hook.effectiveDeletePolicies.includes('hook-succeeded') || !hookRuns(ctx.deployer, hook)) continue;
      if (r.annotations.get(RESOURCE_POLICY_ANNOTATION)?.value === 'keep') continue; // left on purpose
      const what = `${r.kind} ${r.name}`;
      const usedByWorkloads = ctx.current.referencesTo(r).some((x) => isRegular(x.referrer));
      const fix: PlannedFix[] = [];
      if (usedByWorkloads) {
        const edits = removeAnnotations(ctx, r, [HOOK_ANNOTATION, HOOK_WEIGHT_ANNOTATION, HOOK_DELETE_POLICY_ANNOTATION]);
        if (edits) fix.push({ title: 'Keep it regular (helm uninstall deletes it)', edits });
      } else {
        const policies = [...new Set([...hook.effectiveDeletePolicies.filter((p) => p !== 'hook-failed'), 'hook-succeeded'])];
        const edit = setAnnotation(ctx, r, HOOK_DELETE_POLICY_ANNOTATION, policies.join(','));
        if (edit) fix.push({ title: 'Delete it once its hooks succeed', isPreferred: true, edits: [edit] });
      }
      const secret = r.kind === 'Secret';
      report({
        level: secret ? 1 : 0,
        message: secret ? `${what} and its credentials stay after helm uninstall` : `${what} stays after helm uninstall (a hook)`,
        detail:
          `${what} is a hook, and helm uninstall never deletes hooks: only their delete policy does, and ` +
          `${hook.effectiveDeletePolicies.join(',')} keeps it after its hooks run. It stays in the cluster after the release is gone` +
          (secret ? ', with its credentials.' : '.'),
        location: ctx.locate(r.template, r.annotations.get(HOOK_DELETE_POLICY_ANNOTATION)?.pair ?? r.annotations.get(HOOK_ANNOTATION)!.pair),
        resource: { kind: r.kind, name: r.name, namespace: r.namespace },
        related: [],
        fix,
      });
    }
  },
};
