// Hook annotations on an object that is no hook: Helm reads hook-delete-policy, hook-weight and hook-output-log-policy
// only for documents with `helm.sh/hook` (manifest_sorter.go sortHooks: no hook annotation, a manifest), so they do
// nothing. `hook-delete-policy: keep` is the common slip for `helm.sh/resource-policy: keep`.
import { HOOK_ANNOTATION, HOOK_DELETE_POLICY_ANNOTATION, HOOK_WEIGHT_ANNOTATION, RESOURCE_POLICY_ANNOTATION } from '../../chart/hooks';
import { removeAnnotations, renameAnnotation } from '../fixes/annotations';
import type { PlannedFix } from '../fixes/edits';
import type { Rule } from '../contract';
import { editDistance, clip } from './support';

const OUTPUT_LOG_POLICY_ANNOTATION = 'helm.sh/hook-output-log-policy';
const HOOK_ONLY = [HOOK_DELETE_POLICY_ANNOTATION, HOOK_WEIGHT_ANNOTATION, OUTPUT_LOG_POLICY_ANNOTATION];

export const rule: Rule = {
  meta: {
    id: 'hook-annotation-without-hook',
    defaultSeverity: 'warning',
    description: 'hook-delete-policy, hook-weight or hook-output-log-policy on an object without helm.sh/hook: Helm ignores it.',
    needsBaseline: false,
    levels: 'one step more severe for `hook-delete-policy: keep` (meant `resource-policy: keep`; the object is not kept)',
  },
  check(ctx, report) {
    for (const r of ctx.current.kept) {
      if (r.lifecycle.kind !== 'regular') continue;
      const what = `${r.kind} ${r.name}`;
      // A misspelt hook key (`helm.sh/hooks`) is the likelier story: say so.
      const typo = [...r.annotations.keys()].find((k) => k !== HOOK_ANNOTATION && !HOOK_ONLY.includes(k) && k.startsWith('helm.sh/') && editDistance(k.toLowerCase(), HOOK_ANNOTATION) <= 2);
      for (const key of HOOK_ONLY) {
        const a = r.annotations.get(key);
        if (!a) continue;
        const short = key.slice('helm.sh/'.length);
        const keep = key === HOOK_DELETE_POLICY_ANNOTATION && a.value?.trim().toLowerCase() === 'keep';
        const fix: PlannedFix[] = [];
        if (keep && !r.annotations.has(RESOURCE_POLICY_ANNOTATION)) {
          const rename = renameAnnotation(ctx, r, key, RESOURCE_POLICY_ANNOTATION);
          if (rename) fix.push({ title: `Use ${RESOURCE_POLICY_ANNOTATION}: keep`, isPreferred: true, edits: [rename] });
        }
        const remove = removeAnnotations(ctx, r, [key]);
        if (remove) fix.push({ title: `Remove ${clip(key, 50)}`, isPreferred: fix.length === 0 && !typo, edits: remove });
        const message = keep
          ? `${short}: keep does not keep ${what}: did you mean resource-policy?`
          : `${short} on ${what}, which is not a hook: Helm ignores it`;
        const why = typo
          ? ` The annotation "${typo}" looks like a misspelt ${HOOK_ANNOTATION}: Helm matches the key exactly, so ${what} is a regular resource of the release.`
          : ` ${what} has no ${HOOK_ANNOTATION} annotation, so it is a regular resource of the release.`;
        const detail = keep
          ? `"keep" is not a hook delete policy, and ${what} is not a hook, so Helm ignores ${key}. Helm's annotation for ` +
            `keeping an object is ${RESOURCE_POLICY_ANNOTATION}: keep: without it, helm uninstall deletes ${what} (a ` +
            `PersistentVolumeClaim with its data, when the volume's reclaim policy is Delete), and so does an upgrade that ` +
            `drops it from the chart.` + why
          : `Helm reads ${key} only for hooks (documents with ${HOOK_ANNOTATION}); on any other object it has no effect.` + why;
        report({
          level: keep ? 1 : 0,
          message,
          detail,
          location: ctx.locate(r.template, a.pair),
          resource: { kind: r.kind, name: r.name, namespace: r.namespace },
          fix,
        });
      }
    }
  },
};
